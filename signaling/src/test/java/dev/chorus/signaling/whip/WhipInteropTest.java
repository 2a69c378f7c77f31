package dev.chorus.signaling.whip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.ChorusServer;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.protocol.Messages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Assumptions;

/**
 * Interop with an independent WebRTC stack (python3-aiortc from Debian): aiortc publishes synthetic
 * video and audio via WHIP, a second aiortc client plays the room via WHEP and must decode the video;
 * both DELETE and nothing is left. Skipped where {@code /usr/bin/python3 -c 'import aiortc'} fails.
 */
@Timeout(120)
class WhipInteropTest {
    private ChorusServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(InteropClients.aiortcInstalled(), "python3-aiortc is not installed");
        server = ChorusServer.start(ServerConfig.ephemeralLoopback());
        base = "http://127.0.0.1:" + server.httpPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        return Messages.JSON.readTree(res.body());
    }

    static Process client(String mode, String url, int seconds) throws Exception {
        return InteropClients.start(InteropClients.AIORTC, mode, url, seconds);
    }

    static JsonNode result(Process p) throws Exception {
        return InteropClients.result(p, 60);
    }

    @Test
    void aiortcPublishesViaWhipAndAnotherPlaysViaWhep() throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/rooms"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String room = Messages.JSON.readTree(created.body()).path("roomId").asText();

        Process publisher = client("publish", base + "/whip/" + room + "?name=aiortc", 16);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (get("/api/rooms/" + room).path("participants").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals("aiortc", get("/api/rooms/" + room).path("participants").path(0).path("name").asText());
        Process player = client("play", base + "/whep/" + room, 8);

        JsonNode played = result(player);
        JsonNode published = result(publisher);
        assertEquals(201, published.path("status").asInt(), published.toString());
        assertEquals("connected", published.path("connectionState").asText(), published.toString());
        assertEquals(200, published.path("deleteStatus").asInt(), published.toString());
        assertEquals(201, played.path("status").asInt(), played.toString());
        assertEquals("connected", played.path("connectionState").asText(), played.toString());
        assertTrue(played.path("videoFrames").asInt() > 30, "decoded video frames: " + played);
        assertEquals(640, played.path("width").asInt(), played.toString());
        assertTrue(played.path("audioFrames").asInt() > 50, "decoded audio frames: " + played);
        assertEquals(200, played.path("deleteStatus").asInt(), played.toString());

        assertEquals(0, get("/api/rooms/" + room).path("participants").size());
        assertEquals(0, get("/api/rooms/" + room + "/stats").path("participants").size());
        assertEquals(0, server.whipSessions().size());
    }

    /**
     * A WHEP viewer cannot be asked to renegotiate: it plays before anyone publishes (its m-lines are
     * reserved), gets the first publisher, and when that one leaves and another publishes, its m-lines
     * switch to the new tracks under the same SSRCs, continuing the stream.
     */
    @Test
    void whepViewerSwitchesToTheNextPublisher() throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/rooms"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String room = Messages.JSON.readTree(created.body()).path("roomId").asText();
        Process player = client("play", base + "/whep/" + room, 30);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (get("/api/rooms/" + room + "/stats").path("participants").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Process first = client("publish", base + "/whip/" + room + "?name=first", 8);
        assertEquals(200, result(first).path("deleteStatus").asInt());
        Process second = client("publish", base + "/whip/" + room + "?name=second", 16);
        JsonNode played = result(player);
        JsonNode secondSent = result(second);
        System.out.println("WHEP viewer across two publishers: " + played + ", the second sent " + secondSent);
        // The first publisher alone gives ~8 s of media (~400 audio packets at 50/s, ~240 video frames):
        // far more means the viewer's m-lines carried the second publisher after the switch. Video must
        // keep decoding (the new consumers continue the old sequence numbers, timestamps and picture ids;
        // with a jump aiortc's video decoder never recovered). For audio the RTP packets are counted:
        // aiortc's audio decoding has been seen to stop at the switch in about one run in six although
        // the packets kept arriving (docs/protocol.md), so decoded audio is reported, not asserted.
        assertTrue(played.path("videoFrames").asInt() > 400, "video decoded after the switch: " + played);
        assertTrue(played.path("audioPackets").asInt() > 700, "audio packets after the switch: " + played
                + "; the second publisher: " + secondSent);
        assertTrue(played.path("audioFrames").asInt() > 300, "audio decoded from the first: " + played);
        assertEquals(0, server.whipSessions().size());
    }
}
