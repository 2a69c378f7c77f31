package dev.chorus.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.signaling.ChorusServer;
import dev.chorus.signaling.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real Chromium publishing its camera with simulcast: it offers three rids and takes our answer (rid/simulcast
 * recv, RTX); when a second one joins, the first takes the answer to its re-offer too, whose receiving video
 * m-line carries RTX with an FID group. {@code -Dchorus.captureOffer=FILE} / {@code -Dchorus.captureReoffer=FILE}
 * save the SDP (that is how the test resources chrome156-*.sdp were made).
 */
class SimulcastOfferE2ETest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PUBLISHING_SCRIPT = """
            const done = arguments[arguments.length - 1];
            if (!window.chorus || typeof window.chorus.publishing !== 'function') { done('null'); return; }
            window.chorus.publishing().then((p) => done(JSON.stringify(p)), (e) => done(JSON.stringify({ error: String(e) })));
            """;
    static ChorusServer server;
    static String baseUrl;

    @BeforeAll
    static void startServer() throws Exception {
        ChromiumBrowser.requireInstalled();
        server = ChorusServer.start(ServerConfig.ephemeralLoopback());
        baseUrl = "http://127.0.0.1:" + server.httpPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.close();
    }

    static JsonNode publishing(ChromiumBrowser b) {
        try {
            return JSON.readTree(String.valueOf(b.driver().executeAsyncScript(PUBLISHING_SCRIPT)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void chromiumOffersThreeRidsAndAcceptsTheAnswer() throws Exception {
        String roomId = ConferenceE2ETest.createRoomAt(baseUrl);
        try (ChromiumBrowser b = ChromiumBrowser.launch("SC")) {
            b.open(baseUrl + "/r/" + roomId + "?name=SC&autojoin=1");
            boolean ok = false;
            try {
                JsonNode p = Poll.until("SC: answer applied", Duration.ofSeconds(30), Poll.DEFAULT_INTERVAL,
                        () -> publishing(b), n -> n != null && !n.isNull() && n.path("remoteSdp").isTextual()
                                && "stable".equals(n.path("signalingState").asText()), String::valueOf);
                String offer = p.path("localSdp").asText();
                String answer = p.path("remoteSdp").asText();
                String capture = System.getProperty("chorus.captureOffer");
                if (capture != null) {
                    Files.writeString(Path.of(capture), offer);
                }
                assertTrue(p.path("answerError").isNull(), "the answer was refused: " + p.path("answerError"));
                String video = section(offer, "video");
                for (String rid : new String[] {"q", "h", "f"}) {
                    assertTrue(video.contains("a=rid:" + rid + " send\r\n"), "offer lacks rid " + rid + ":\n" + video);
                }
                assertTrue(video.contains("a=simulcast:send q;h;f\r\n"), video);
                String answered = section(answer, "video");
                for (String rid : new String[] {"q", "h", "f"}) {
                    assertTrue(answered.contains("a=rid:" + rid + " recv\r\n"), "answer lacks rid " + rid + ":\n" + answered);
                }
                assertTrue(answered.contains("a=simulcast:recv q;h;f\r\n"), answered);
                assertTrue(answered.contains("a=fmtp:97 apt=96\r\n"), "RTX for VP8:\n" + answered);
                assertEquals(3, p.path("encodings").size(), p.toString());

                try (ChromiumBrowser other = ChromiumBrowser.launch("SC2")) {
                    other.open(baseUrl + "/r/" + roomId + "?name=SC2&autojoin=1");
                    JsonNode re = Poll.until("SC: re-offer with receiving m-lines answered", Duration.ofSeconds(30),
                            Poll.DEFAULT_INTERVAL, () -> publishing(b), n -> n != null
                                    && "stable".equals(n.path("signalingState").asText())
                                    && n.path("remoteSdp").asText().contains("a=ssrc-group:FID "), String::valueOf);
                    String reoffer = re.path("localSdp").asText();
                    String recapture = System.getProperty("chorus.captureReoffer");
                    if (recapture != null) {
                        Files.writeString(Path.of(recapture), reoffer);
                    }
                    assertTrue(re.path("answerError").isNull(), "the answer was refused: " + re.path("answerError"));
                    // the m-line that sends SC2's video to SC: RTX paired by an FID group
                    String remote = re.path("remoteSdp").asText();
                    int fid = remote.indexOf("a=ssrc-group:FID ");
                    String receiving = remote.substring(remote.lastIndexOf("\r\nm=", fid) + 2, fid);
                    assertTrue(receiving.startsWith("m=video"), receiving);
                    assertTrue(receiving.contains("a=sendonly\r\n"), receiving);
                    assertTrue(receiving.contains("a=fmtp:97 apt=96\r\n"), receiving);
                    assertTrue(receiving.contains("a=rtcp-fb:96 transport-cc\r\n"), receiving);
                }
                ok = true;
            } finally {
                if (!ok) b.printConsoleLog();
            }
        }
    }

    /** The first m= section of that kind, up to the next m= line. */
    static String section(String sdp, String kind) {
        int start = sdp.indexOf("m=" + kind + " ");
        assertTrue(start >= 0, "no " + kind + " section in\n" + sdp);
        int end = sdp.indexOf("\r\nm=", start);
        return end < 0 ? sdp.substring(start) : sdp.substring(start, end + 2);
    }
}
