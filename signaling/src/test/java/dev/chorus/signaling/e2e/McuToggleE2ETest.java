package dev.chorus.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.compositor.layout.GridLayout;
import dev.chorus.compositor.layout.Tile;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.testing.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MCU end to end in headless Chromium: three participants in a room created in MCU mode each receive
 * exactly one remote video (the composite, stream "mcu") and one audio (their mix); the decoded
 * composite shows three tiles whose pictures move (video, not name cards); an admin switches the room to
 * SFU (everyone then receives the other two's videos) and back to MCU (one video again), nobody rejoins.
 */
class McuToggleE2ETest {
    static final String TOKEN = "e2e-admin-token-0123456789";
    static final Duration FIRST_MEDIA = Duration.ofSeconds(45);
    static final Duration AFTER_SWITCH = Duration.ofSeconds(20);
    /** Mean change of a pixel's R+G between two samples above which a tile counts as moving. */
    static final double MOVING = 1.0;
    static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback().withAdminToken(TOKEN));
    static RestClient rest;

    @BeforeAll
    static void startServer() throws Exception {
        ChromiumBrowser.requireInstalled();
        rest = new RestClient("http://127.0.0.1:" + SERVER.server().httpPort(), TOKEN);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void threeInAnMcuRoomThenSfuThenMcuWithoutRejoining() throws Exception {
        String roomId = rest.createRoom("mcu");
        List<ChromiumBrowser> browsers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        boolean ok = false;
        try {
            for (String name : List.of("M1", "M2", "M3")) {
                ChromiumBrowser b = ChromiumBrowser.launch(name);
                browsers.add(b);
                b.open(rest.baseUrl() + "/r/" + roomId + "?name=" + name + "&autojoin=1");
            }
            for (ChromiumBrowser b : browsers) {
                ClientStats s = b.awaitStats("joined", Duration.ofSeconds(30), ClientStats::joined);
                assertEquals("mcu", s.mode());
                ids.add(s.participantId());
            }

            // --- MCU: one composite video and one mix each -------------------------------------------------
            for (ChromiumBrowser b : browsers) awaitComposite(b, FIRST_MEDIA);
            ChromiumBrowser first = browsers.get(0);
            ClientStats.RemoteTrack composite = first.stats().videos().get(0);
            // the server decodes every camera: each tile's input has a fresh picture on the layer it reads
            JsonNode inputs = Poll.until("three camera inputs with fresh pictures", AFTER_SWITCH, Poll.DEFAULT_INTERVAL,
                    () -> rest.get("/api/rooms/" + roomId + "/stats").path("compositor").path("inputs"),
                    in -> in.size() == 3 && java.util.stream.StreamSupport.stream(in.spliterator(), false)
                            .allMatch(t -> t.path("layerReceived").asInt() >= 0 && t.path("pictures").asLong() > 0
                                    && t.path("lastPictureAgeMillis").asLong() >= 0
                                    && t.path("lastPictureAgeMillis").asLong() < 1000),
                    JsonNode::toString);
            System.out.println("compositor inputs: " + inputs);
            // and the picture M1 receives moves in every tile: sampled until each tile was seen moving
            // (a sample may catch a tile between two updates of the composite's encoder)
            int[] seenMoving = new int[3];
            List<String> samples = new ArrayList<>();
            long deadline = System.nanoTime() + AFTER_SWITCH.toNanos();
            while (java.util.Arrays.stream(seenMoving).anyMatch(m -> m == 0) && System.nanoTime() < deadline) {
                double[] diff = tileChanges(first, composite.trackId(), 3);
                samples.add(java.util.Arrays.toString(diff));
                for (int i = 0; i < 3; i++) {
                    if (diff[i] > MOVING) seenMoving[i] = 1;
                }
            }
            System.out.println("composite " + composite.frameWidth() + "x" + composite.frameHeight()
                    + ", mean pixel change per tile in each 700 ms sample: " + samples);
            for (int i = 0; i < 3; i++) {
                assertTrue(seenMoving[i] == 1, "tile " + i + " of the composite must show moving video: " + samples);
            }
            first.screenshot(SCREENSHOTS.resolve("mcu-M1.png"));
            // a real Chromium receiving video reports its freeze count in client-stats (every 5 s)
            var reported = Poll.until("M1's freezeCount in client-stats", Duration.ofSeconds(20), Poll.DEFAULT_INTERVAL,
                    () -> SERVER.server().rooms().get(roomId).clientStats().get(ids.get(0)),
                    cs -> cs != null && cs.freezeCount() != null, String::valueOf);
            assertTrue(reported.freezeCount() >= 0, reported.toString());

            // --- SFU: the other two's videos each, no rejoin --------------------------------------------------
            long t0 = System.nanoTime();
            rest.switchMode(roomId, "sfu");
            for (int i = 0; i < 3; i++) {
                Set<String> others = new java.util.TreeSet<>(ids);
                others.remove(ids.get(i));
                browsers.get(i).awaitStats("two videos from " + others + " in SFU mode", AFTER_SWITCH, s ->
                        "sfu".equals(s.mode()) && s.videos().size() == 2 && s.senders().equals(others)
                                && s.videos().stream().allMatch(t -> t.framesDecoded() > 0));
            }
            System.out.printf("MCU -> SFU: every browser decoding both videos %.1f s after the switch%n",
                    (System.nanoTime() - t0) / 1e9);
            for (int i = 0; i < 3; i++) {
                assertEquals(ids.get(i), browsers.get(i).stats().participantId(), "same participant, no rejoin");
            }

            // --- MCU again: one composite --------------------------------------------------------------------------
            t0 = System.nanoTime();
            rest.switchMode(roomId, "mcu");
            for (ChromiumBrowser b : browsers) awaitComposite(b, AFTER_SWITCH);
            System.out.printf("SFU -> MCU: every browser decoding the composite %.1f s after the switch%n",
                    (System.nanoTime() - t0) / 1e9);
            JsonNode room = rest.get("/api/rooms/" + roomId);
            assertEquals("mcu", room.path("mode").asText());
            assertEquals(3, room.path("participants").size());
            ok = true;
        } finally {
            for (ChromiumBrowser b : browsers) {
                b.screenshot(SCREENSHOTS.resolve("mcu-toggle-" + b.label() + ".png"));
                if (!ok) b.printConsoleLog();
            }
            for (ChromiumBrowser b : browsers) b.close();
        }
    }

    /** Exactly one live video (the composite) decoding, and one audio receiving. */
    static void awaitComposite(ChromiumBrowser b, Duration timeout) {
        b.awaitStats("exactly one composite video and one mix", timeout, s ->
                "mcu".equals(s.mode()) && s.videos().size() == 1 && s.audios().size() == 1
                        && s.senders().equals(Set.of("mcu"))
                        && s.videos().get(0).framesDecoded() > 0 && s.videos().get(0).frameWidth() > 0
                        && s.audios().get(0).packetsReceived() > 0);
    }

    /**
     * Draws the received composite twice, 700 ms apart, and reports per tile of an n-participant grid
     * how much its picture changed: the mean over its middle of |ΔR| + |ΔG| (Chromium's fake camera
     * animates by tens; a name card or a frozen picture gives 0).
     */
    static double[] tileChanges(ChromiumBrowser b, String trackId, int n) {
        List<Tile> tiles = GridLayout.compute(n, 1280, 720).tiles();
        List<List<Integer>> rects = new ArrayList<>();
        for (Tile t : tiles) {
            // the middle half of each tile: clear of labels, borders and letterbox edges
            rects.add(List.of(t.x() + t.w() / 4, t.y() + t.h() / 4, t.w() / 2, t.h() / 2));
        }
        Object r = b.driver().executeAsyncScript("""
                const [trackId, rects, done] = arguments;
                const v = [...document.querySelectorAll('video')].find(e => e.srcObject
                    && e.srcObject.getVideoTracks().some(t => t.id === trackId));
                if (!v) { done('no video element for ' + trackId); return; }
                const grab = () => {
                  const c = document.createElement('canvas');
                  c.width = 1280; c.height = 720;
                  const g = c.getContext('2d');
                  g.drawImage(v, 0, 0, 1280, 720);
                  return rects.map(([x, y, w, h]) => g.getImageData(x, y, w, h).data);
                };
                const a = grab();
                setTimeout(() => {
                  const bb = grab();
                  done(a.map((d, i) => {
                    let diff = 0;
                    for (let k = 0; k < d.length; k += 4) diff += Math.abs(d[k] - bb[i][k]) + Math.abs(d[k+1] - bb[i][k+1]);
                    return diff / (d.length / 4);
                  }));
                }, 700);
                """, trackId, rects);
        if (r instanceof String s) throw new AssertionError(s);
        @SuppressWarnings("unchecked")
        List<Number> list = (List<Number>) r;
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = Math.round(list.get(i).doubleValue() * 10) / 10.0;
        return out;
    }
}
