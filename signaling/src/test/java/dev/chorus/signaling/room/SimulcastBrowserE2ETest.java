package dev.chorus.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.media.sfu.Consumer;
import dev.chorus.media.sfu.ConsumerProbe;
import dev.chorus.media.sfu.Producer;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.e2e.ChromiumBrowser;
import dev.chorus.signaling.e2e.Poll;
import dev.chorus.signaling.testing.RunningServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two real Chromiums and the real server, checking the signaling half of simulcast without relying on media
 * flowing (the media core may not forward simulcast yet): SC offers three rids and takes our answer (rid /
 * simulcast recv, RTX); its re-offer to receive SC2 is answered with RTX paired by an FID group and accepted;
 * SC reports the size of SC2's tile (render-size), applies a `layers` message to its encodings, shows SC2 as
 * active speaker and pins SC2 by clicking. This lives in the room package to fire media events through the
 * room's router listener. {@code -Dchorus.captureOffer=FILE} / {@code -Dchorus.captureReoffer=FILE} save
 * SC's SDP: that is how the test resources chrome156-*.sdp were made.
 */
class SimulcastBrowserE2ETest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PUBLISHING_SCRIPT = """
            const done = arguments[arguments.length - 1];
            if (!window.chorus || typeof window.chorus.publishing !== 'function') { done('null'); return; }
            window.chorus.publishing().then((p) => done(JSON.stringify(p)), (e) => done(JSON.stringify({ error: String(e) })));
            """;
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback());

    @BeforeAll
    static void startServer() throws Exception {
        ChromiumBrowser.requireInstalled();
    }

    static JsonNode publishing(ChromiumBrowser b) {
        try {
            return JSON.readTree(String.valueOf(b.driver().executeAsyncScript(PUBLISHING_SCRIPT)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads room state on the room's thread (slots are only touched there). */
    static <T> T onRoom(Room room, Function<Room, T> f) throws Exception {
        CompletableFuture<T> out = new CompletableFuture<>();
        room.execute(() -> {
            try {
                out.complete(f.apply(room));
            } catch (Throwable t) {
                out.completeExceptionally(t);
            }
        });
        return out.get(10, TimeUnit.SECONDS);
    }

    static Participant participant(Room room, String id) throws Exception {
        return onRoom(room, r -> r.present().stream().filter(p -> p.id.equals(id)).findFirst().orElseThrow());
    }

    static MediaSlot slot(Room room, Participant p, String kind, MediaSlot.Role role) throws Exception {
        return onRoom(room, r -> p.slots.stream().filter(s -> s.kind.equals(kind) && s.role == role).findFirst().orElse(null));
    }

    static List<String> activeRids(JsonNode publishing) {
        return java.util.stream.StreamSupport.stream(publishing.path("encodings").spliterator(), false)
                .filter(e -> e.path("active").asBoolean()).map(e -> e.path("rid").asText()).toList();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void simulcastSignalingWithRealChromium() throws Exception {
        Room room = SERVER.server().rooms().create();
        try (ChromiumBrowser b = ChromiumBrowser.launch("SC")) {
            b.open(SERVER.baseUrl() + "/r/" + room.id() + "?name=SC&autojoin=1");
            boolean ok = false;
            try {
                // --- SC's own offer: three rids, answered and accepted -------------------------------------
                JsonNode p = Poll.until("SC: answer applied", WAIT, Poll.DEFAULT_INTERVAL,
                        () -> publishing(b), n -> n != null && !n.isNull() && n.path("remoteSdp").isTextual()
                                && "stable".equals(n.path("signalingState").asText()), String::valueOf);
                String offer = p.path("localSdp").asText();
                String answer = p.path("remoteSdp").asText();
                capture("chorus.captureOffer", offer);
                assertTrue(p.path("answerError").isNull(), "the answer was refused: " + p.path("answerError"));
                String video = section(offer, "video");
                for (String rid : new String[] {"q", "h", "f"}) {
                    assertTrue(video.contains("a=rid:" + rid + " send\r\n"), "offer lacks rid " + rid + ":\n" + video);
                }
                assertTrue(video.contains("a=simulcast:send q;h;f\r\n"), video);
                String answered = section(answer, "video");
                assertTrue(answered.contains("a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n"),
                        answered);
                assertTrue(answered.contains("a=fmtp:97 apt=96\r\n"), "RTX for VP8:\n" + answered);
                assertEquals(List.of("q", "h", "f"), activeRids(p), p.toString());
                String scId = b.stats().participantId();
                Participant sc = participant(room, scId);

                try (ChromiumBrowser other = ChromiumBrowser.launch("SC2")) {
                    other.open(SERVER.baseUrl() + "/r/" + room.id() + "?name=SC2&autojoin=1");
                    // --- SC's re-offer to receive SC2: one stream with RTX, accepted --------------------------
                    JsonNode re = Poll.until("SC: re-offer with receiving m-lines answered", WAIT,
                            Poll.DEFAULT_INTERVAL, () -> publishing(b), n -> n != null
                                    && "stable".equals(n.path("signalingState").asText())
                                    && n.path("remoteSdp").asText().contains("a=ssrc-group:FID "), String::valueOf);
                    capture("chorus.captureReoffer", re.path("localSdp").asText());
                    assertTrue(re.path("answerError").isNull(), "the answer was refused: " + re.path("answerError"));
                    String remote = re.path("remoteSdp").asText();
                    int fid = remote.indexOf("a=ssrc-group:FID ");
                    String receiving = remote.substring(remote.lastIndexOf("\r\nm=", fid) + 2, fid);
                    assertTrue(receiving.startsWith("m=video"), receiving);
                    assertTrue(receiving.contains("a=sendonly\r\n"), receiving);
                    assertTrue(receiving.contains("a=fmtp:97 apt=96\r\n"), receiving);
                    assertTrue(receiving.contains("a=rtcp-fb:96 transport-cc\r\n"), receiving);

                    String sc2Id = other.stats().participantId();
                    Participant sc2 = participant(room, sc2Id);
                    MediaSlot received = Poll.until("SC receives SC2's video", WAIT,
                            () -> slot(room, sc, "video", MediaSlot.Role.ASSIGNED), s -> s != null);
                    Consumer consumer = received.consumer;

                    // --- render-size: SC reports the size of SC2's tile ---------------------------------------
                    ConsumerProbe.State size = Poll.until("SC reports SC2's tile size", WAIT,
                            () -> ConsumerProbe.of(consumer), s -> s.renderWidth() > 0 && s.renderHeight() > 0);
                    assertTrue(size.renderWidth() <= 800 && size.renderHeight() <= 600, "a tile in an 800x600 window: " + size);

                    // --- layers: SC pauses the encodings nobody needs ---------------------------------------
                    Producer scVideo = slot(room, sc, "video", MediaSlot.Role.PUBLISH).producer;
                    room.events().onLayersNeeded(scVideo, Set.of("q"));
                    Poll.until("SC sends only q", WAIT, Poll.DEFAULT_INTERVAL, () -> publishing(b),
                            n -> activeRids(n).equals(List.of("q")), n -> n.path("encodings").toString());
                    room.events().onLayersNeeded(scVideo, Set.of("q", "h", "f"));
                    Poll.until("SC sends all three again", WAIT, Poll.DEFAULT_INTERVAL, () -> publishing(b),
                            n -> activeRids(n).equals(List.of("q", "h", "f")), n -> n.path("encodings").toString());

                    // --- active-speaker: SC outlines SC2's tile, SC2 its own ---------------------------------
                    room.events().onDominantSpeaker(slot(room, sc2, "audio", MediaSlot.Role.PUBLISH).producer);
                    Poll.until("SC marks SC2 as speaking", WAIT, () -> b.execute(
                            "return document.querySelector('[data-testid=remote-video][data-participant-id=\"" + sc2Id
                                    + "\"]')?.dataset.activeSpeaker ?? null"), "true"::equals);
                    Poll.until("SC2 marks itself as speaking", WAIT, () -> other.execute(
                            "return document.getElementById('local-tile').dataset.activeSpeaker ?? null"), "true"::equals);

                    // --- pin: a click on SC2's tile pins its video for SC ----------------------------------------
                    b.execute("document.querySelector('[data-participant-id=\"" + sc2Id + "\"] [data-testid=pin]').click()");
                    Poll.until("SC's consumer of SC2 is pinned", WAIT, () -> ConsumerProbe.of(consumer), ConsumerProbe.State::pinned);
                    b.execute("document.querySelector('[data-participant-id=\"" + sc2Id + "\"] [data-testid=pin]').click()");
                    Poll.until("and unpinned", WAIT, () -> ConsumerProbe.of(consumer), s -> !s.pinned());
                }
                ok = true;
            } finally {
                if (!ok) b.printConsoleLog();
            }
        }
    }

    static void capture(String property, String sdp) throws IOException {
        String file = System.getProperty(property);
        if (file != null) {
            Files.writeString(Path.of(file), sdp);
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
