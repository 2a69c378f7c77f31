package dev.chorus.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.testing.RunningServer;
import dev.chorus.signaling.whip.InteropClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WHIP/WHEP against a real browser with an independent stack (python3-aiortc): aiortc publishes via WHIP
 * into a room where a headless Chromium participant (fake camera) decodes its video like anyone's; then a
 * second aiortc client plays that browser's video via {@code WHEP /whep/{room}/{participantId}} and decodes it.
 */
class WhipBrowserInteropE2ETest {
    static final Duration FIRST_MEDIA = Duration.ofSeconds(45);
    static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback());

    @BeforeAll
    static void startServer() throws Exception {
        ChromiumBrowser.requireInstalled();
        Assumptions.assumeTrue(InteropClients.aiortcInstalled(), "python3-aiortc is not installed");
    }

    static Process aiortc(String mode, String url, int seconds) throws Exception {
        return InteropClients.start(InteropClients.AIORTC, mode, url, seconds);
    }

    static JsonNode result(Process p) throws Exception {
        return InteropClients.result(p, 90);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void browserSeesWhipPublisherAndWhepPlaysTheBrowser() throws Exception {
        String roomId = ConferenceE2ETest.createRoomAt(SERVER.baseUrl());
        Process publisher = null;
        boolean ok = false;
        try (ChromiumBrowser b = ChromiumBrowser.launch("B1")) {
            try {
                b.open(SERVER.baseUrl() + "/r/" + roomId + "?name=B1&autojoin=1&simulcast=0");
                String browserId = b.awaitStats("joined", FIRST_MEDIA, ClientStats::joined).participantId();

                publisher = aiortc("publish", SERVER.baseUrl() + "/whip/" + roomId + "?name=aiortc", 30);
                ClientStats s = b.awaitStats("aiortc's video decoding", FIRST_MEDIA, st -> st.videos().stream()
                        .anyMatch(v -> "aiortc".equals(v.name()) && v.framesDecoded() > 10 && v.frameWidth() > 0));
                ClientStats.RemoteTrack v = s.videos().stream().filter(x -> "aiortc".equals(x.name())).findFirst()
                        .orElseThrow();
                System.out.println("browser decodes the WHIP publisher: " + v);
                assertEquals(640, v.frameWidth());

                Process player = aiortc("play", SERVER.baseUrl() + "/whep/" + roomId + "/" + browserId, 10);
                JsonNode played = result(player);
                System.out.println("aiortc WHEP player of the browser: " + played);
                assertEquals(201, played.path("status").asInt(), played.toString());
                assertTrue(played.path("videoFrames").asInt() > 20, "decoded the browser's video: " + played);
                assertEquals(200, played.path("deleteStatus").asInt(), played.toString());

                JsonNode published = result(publisher);
                publisher = null;
                assertEquals("connected", published.path("connectionState").asText(), published.toString());
                assertEquals(200, published.path("deleteStatus").asInt(), published.toString());
                b.awaitStats("the WHIP publisher gone", Duration.ofSeconds(10),
                        st -> st.videos().stream().noneMatch(x -> "aiortc".equals(x.name())));
                assertEquals(0, SERVER.server().whipSessions().size());
                ok = true;
            } finally {
                if (!ok) {
                    b.screenshot(SCREENSHOTS.resolve("whip-interop-B1.png"));
                    b.printConsoleLog();
                }
            }
        } finally {
            if (publisher != null) {
                publisher.destroy();
            }
        }
    }
}
