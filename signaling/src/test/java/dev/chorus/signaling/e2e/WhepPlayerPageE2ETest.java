package dev.chorus.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.testing.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built-in WHEP player: one browser publishes its fake camera in a room, another opens
 * {@code /whep-player.html?room=…} and plays it (the video element has decoded frames); Stop DELETEs
 * the session, and the viewer never showed up in the publisher's roster.
 */
class WhepPlayerPageE2ETest {
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
    void playerPagePlaysTheRoom() throws Exception {
        String roomId = ConferenceE2ETest.createRoomAt(SERVER.baseUrl());
        try (ChromiumBrowser pub = ChromiumBrowser.launch("P1"); ChromiumBrowser viewer = ChromiumBrowser.launch("V1")) {
            boolean ok = false;
            try {
                pub.open(SERVER.baseUrl() + "/r/" + roomId + "?name=P1&autojoin=1&simulcast=0");
                pub.awaitStats("joined", FIRST_MEDIA, ClientStats::joined);
                viewer.open(SERVER.baseUrl() + "/whep-player.html?room=" + roomId);
                @SuppressWarnings("unchecked")
                Map<String, Object> v = Poll.until("the player decoding", FIRST_MEDIA, () -> (Map<String, Object>) viewer.execute(
                        "const v = document.getElementById('video');"
                                + "const q = v.getVideoPlaybackQuality ? v.getVideoPlaybackQuality() : {totalVideoFrames: 0};"
                                + "return {w: v.videoWidth, frames: q.totalVideoFrames, state: document.body.dataset.state || '',"
                                + " status: document.getElementById('status').textContent};"),
                        m -> ((Number) m.get("w")).intValue() > 0 && ((Number) m.get("frames")).intValue() > 10);
                System.out.println("WHEP player: " + v);
                assertEquals("connected", v.get("state"));
                assertEquals(1, SERVER.server().whipSessions().size());
                assertTrue(pub.stats().remote().isEmpty(), "the hidden viewer publishes nothing: " + pub.stats());
                viewer.execute("document.getElementById('stop').click();");
                Poll.until("the session deleted", Duration.ofSeconds(10), () -> SERVER.server().whipSessions().size(), n -> n == 0);
                ok = true;
            } finally {
                if (!ok) {
                    viewer.screenshot(SCREENSHOTS.resolve("whep-player-V1.png"));
                    viewer.printConsoleLog();
                }
            }
        }
    }
}
