package dev.chorus.signaling.whip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.ChorusServer;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.e2e.net.NetNamespace;
import dev.chorus.signaling.protocol.Messages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interop with GStreamer's webrtcbin (libnice ICE, GStreamer's DTLS/SRTP; Debian's packages driven by
 * {@code interop/gst_whip_client.py}), against aiortc as the other end so that neither side is ours:
 * GStreamer publishes via WHIP and aiortc plays it via WHEP (decodes GStreamer's 640x360), and aiortc
 * publishes while GStreamer plays via WHEP (decodes aiortc's 640x480). webrtcbin offers its audio
 * m-line {@code a=bundle-only} with port 0 (RFC 8843), which Chorus once answered as rejected.
 *
 * <p>The media port is bound to the host end of a network namespace's veth, a real interface: libnice
 * never gathers on loopback, and its checks from other local addresses to 127.0.0.1 never arrive.
 */
@Timeout(120)
class GstreamerInteropTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    String createRoom(String base) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/rooms"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return Messages.JSON.readTree(created.body()).path("roomId").asText();
    }

    @Test
    void gstreamerPublishesAndPlaysThroughChorus() throws Exception {
        assumeTrue(InteropClients.aiortcInstalled(), "python3-aiortc is not installed");
        assumeTrue(InteropClients.webrtcbinInstalled(), "GStreamer webrtcbin (gstreamer1.0-plugins-bad, -nice, python3-gi) is not installed");
        String why = NetNamespace.unavailableReason().orElse(null);
        assumeTrue(why == null, "network namespaces unavailable: " + why);
        try (NetNamespace ns = NetNamespace.create()) {
            String host = ns.hostAddress().getHostAddress();
            ServerConfig c = ServerConfig.ephemeralLoopback().toBuilder().mediaBindAddress(host).build();
            try (ChorusServer server = ChorusServer.start(c)) {
                String base = "http://127.0.0.1:" + server.httpPort();
                String gstRoom = createRoom(base);
                String aioRoom = createRoom(base);
                Process gstPublisher = InteropClients.start(InteropClients.GSTREAMER, "publish", base + "/whip/" + gstRoom + "?name=gst", 14);
                Process aioPublisher = InteropClients.start(InteropClients.AIORTC, "publish", base + "/whip/" + aioRoom + "?name=aiortc", 14);
                Thread.sleep(3000);
                Process aioPlayer = InteropClients.start(InteropClients.AIORTC, "play", base + "/whep/" + gstRoom, 8);
                Process gstPlayer = InteropClients.start(InteropClients.GSTREAMER, "play", base + "/whep/" + aioRoom, 8);

                JsonNode aioPlayed = WhipInteropTest.result(aioPlayer);
                JsonNode gstPlayed = WhipInteropTest.result(gstPlayer);
                JsonNode gstPublished = WhipInteropTest.result(gstPublisher);
                JsonNode aioPublished = WhipInteropTest.result(aioPublisher);
                System.out.println("GStreamer WHIP → aiortc WHEP: " + aioPlayed + " / " + gstPublished);
                System.out.println("aiortc WHIP → GStreamer WHEP: " + gstPlayed + " / " + aioPublished);

                assertEquals(201, gstPublished.path("status").asInt(), gstPublished.toString());
                assertEquals("connected", gstPublished.path("connectionState").asText(), gstPublished.toString());
                assertTrue(aioPlayed.path("videoFrames").asInt() > 60, "GStreamer's video decoded: " + aioPlayed);
                assertEquals(360, aioPlayed.path("height").asInt(), "GStreamer's 640x360: " + aioPlayed);
                assertTrue(aioPlayed.path("audioFrames").asInt() > 50, "GStreamer's audio decoded: " + aioPlayed);

                assertEquals(201, gstPlayed.path("status").asInt(), gstPlayed.toString());
                assertEquals("connected", gstPlayed.path("connectionState").asText(), gstPlayed.toString());
                assertTrue(gstPlayed.path("videoFrames").asInt() > 60, "GStreamer decoded aiortc's video: " + gstPlayed);
                assertEquals(480, gstPlayed.path("height").asInt(), "aiortc's 640x480: " + gstPlayed);
                assertTrue(gstPlayed.path("audioFrames").asInt() > 50, "GStreamer decoded the audio: " + gstPlayed);

                for (JsonNode r : new JsonNode[] {aioPlayed, gstPlayed, gstPublished, aioPublished}) {
                    assertEquals(200, r.path("deleteStatus").asInt(), r.toString());
                }
                assertEquals(0, server.whipSessions().size());
            }
        }
    }
}
