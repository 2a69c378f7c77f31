package dev.chorus.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.testing.RunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The H.264 composite end to end in headless Chromium (whose WebRTC decodes H.264): in an MCU room one
 * browser publishes its fake camera and receives as usual (VP8 composite), the other publishes nothing and
 * accepts only H.264 on its receiving m-lines ({@code ?recvCodec=h264}, setCodecPreferences): it decodes the
 * composite as H.264 while the first keeps decoding VP8.
 */
class McuH264E2ETest {
    static final Duration FIRST_MEDIA = Duration.ofSeconds(45);
    static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback());

    @BeforeAll
    static void startServer() throws Exception {
        ChromiumBrowser.requireInstalled();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void anH264OnlyReceiverDecodesTheH264Composite() throws Exception {
        String roomId = createMcuRoom();
        List<ChromiumBrowser> browsers = new ArrayList<>();
        boolean ok = false;
        try {
            ChromiumBrowser vp8 = ChromiumBrowser.launch("V1");
            browsers.add(vp8);
            vp8.open(SERVER.baseUrl() + "/r/" + roomId + "?name=V1&autojoin=1");
            ChromiumBrowser h264 = ChromiumBrowser.launch("H1");
            browsers.add(h264);
            h264.open(SERVER.baseUrl() + "/r/" + roomId + "?name=H1&autojoin=1&media=none&recvCodec=h264");

            ClientStats.RemoteTrack got = awaitCompositeIn(h264, "H264");
            ClientStats.RemoteTrack other = awaitCompositeIn(vp8, "VP8");
            // decoding goes on: frames keep coming at a real rate (2 s windows; the first ones may still
            // include the start, e.g. the H.264 encoders opening, on a busy machine)
            ClientStats.RemoteTrack later = got;
            long rate = 0;
            for (int window = 0; window < 8 && rate < 10; window++) {
                ClientStats.RemoteTrack before = h264.stats().track(got.trackId()).orElseThrow();
                Thread.sleep(2000);
                later = h264.stats().track(got.trackId()).orElseThrow();
                rate = (later.framesDecoded() - before.framesDecoded()) / 2;
            }
            System.out.println("H.264 composite " + later.frameWidth() + "x" + later.frameHeight() + ", ~" + rate
                    + " frames/s decoded; VP8 receiver " + other.frameWidth() + "x" + other.frameHeight());
            assertEquals("H264", later.codec());
            assertTrue(rate >= 10, "the H.264 composite keeps decoding: " + rate + " frames/s");
            h264.screenshot(SCREENSHOTS.resolve("mcu-h264-H1.png"));
            ok = true;
        } finally {
            for (ChromiumBrowser b : browsers) {
                if (!ok) {
                    b.screenshot(SCREENSHOTS.resolve("mcu-h264-" + b.label() + ".png"));
                    b.printConsoleLog();
                }
            }
            for (ChromiumBrowser b : browsers) b.close();
        }
    }

    static String createMcuRoom() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + "/api/rooms"))
                    .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"mcu\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, res.statusCode(), res.body());
            return new ObjectMapper().readTree(res.body()).path("roomId").asText();
        }
    }

    /** Exactly one remote video, the composite (stream "mcu"), decoding in {@code codec}. */
    static ClientStats.RemoteTrack awaitCompositeIn(ChromiumBrowser b, String codec) {
        ClientStats s = b.awaitStats("the composite decoding as " + codec, FIRST_MEDIA, st ->
                "mcu".equals(st.mode()) && st.videos().size() == 1 && st.senders().contains("mcu")
                        && codec.equals(st.videos().get(0).codec())
                        && st.videos().get(0).framesDecoded() > 0 && st.videos().get(0).frameWidth() > 0);
        return s.videos().get(0);
    }
}
