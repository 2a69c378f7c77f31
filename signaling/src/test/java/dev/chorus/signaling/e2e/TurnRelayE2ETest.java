package dev.chorus.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chorus.signaling.ChorusServer;
import dev.chorus.signaling.config.IceServersConfig;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.e2e.net.Coturn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TURN configured (ice.servers + ice.turn-secret) reaches clients and works: a real coturn on
 * loopback, a browser publishing through the web app (it gets the servers in {@code joined}, relay
 * only), and the WHEP player (servers from the OPTIONS Link headers, relay only) decoding it. Both
 * connections' selected candidate pairs are relayed, which they can only be if the time-limited
 * credentials the server computed are accepted by coturn.
 */
class TurnRelayE2ETest {
    static final Duration FIRST_MEDIA = Duration.ofSeconds(60);
    static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void browsersConnectThroughTheConfiguredTurnServer() throws Exception {
        ChromiumBrowser.requireInstalled();
        assumeTrue(Coturn.unavailableReason().isEmpty(), () -> Coturn.unavailableReason().orElse(""));
        try (Coturn turn = Coturn.start();
             ChorusServer server = ChorusServer.start(ServerConfig.ephemeralLoopback().withIceServers(
                     new IceServersConfig(List.of(turn.url()), null, null, turn.secret(), 600)))) {
            String baseUrl = "http://127.0.0.1:" + server.httpPort();
            String roomId = ConferenceE2ETest.createRoomAt(baseUrl);
            try (ChromiumBrowser pub = ChromiumBrowser.launch("TP"); ChromiumBrowser viewer = ChromiumBrowser.launch("TV")) {
                boolean ok = false;
                try {
                    pub.open(baseUrl + "/r/" + roomId + "?name=TP&autojoin=1&simulcast=0&relay=1");
                    pub.awaitStats("joined", FIRST_MEDIA, ClientStats::joined);
                    viewer.open(baseUrl + "/whep-player.html?room=" + roomId + "&relay=1");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> v = Poll.until("the relayed player decoding", FIRST_MEDIA,
                            () -> (Map<String, Object>) viewer.execute(
                                    "const v = document.getElementById('video');"
                                            + "const q = v.getVideoPlaybackQuality();"
                                            + "return {w: v.videoWidth, frames: q.totalVideoFrames,"
                                            + " route: document.body.dataset.route || ''};"),
                            m -> ((Number) m.get("w")).intValue() > 0 && ((Number) m.get("frames")).intValue() > 10
                                    && !"".equals(m.get("route")));
                    System.out.println("WHEP player through TURN: " + v);
                    assertEquals("relay", v.get("route"), "the player's selected pair is relayed");
                    Object pubRoute = Poll.until("the publisher's route", Duration.ofSeconds(10),
                            () -> pub.execute("return window.chorus.stats().then(s => s.route);"), r -> !"".equals(r));
                    assertEquals("relay", pubRoute, "the publisher's selected pair is relayed");
                    ok = true;
                } finally {
                    if (!ok) {
                        viewer.screenshot(SCREENSHOTS.resolve("turn-TV.png"));
                        viewer.printConsoleLog();
                        pub.printConsoleLog();
                    }
                }
            }
        }
    }
}
