package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.testing.RunningServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * render-size, pin and the offer's screen field over the WebSocket (docs/protocol.md): strict validation,
 * a clear error code for each rejection, counted in /health, the connection always stays usable.
 */
@Timeout(60)
class MediaControlProtocolTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback());
    private static HttpClient http;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
    }

    WsClient connect() throws Exception {
        WsClient c = WsClient.connect(http, SERVER.server().httpPort());
        clients.add(c);
        return c;
    }

    static String fixture(String name) throws Exception {
        try (InputStream in = MediaControlProtocolTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        }
    }

    static ObjectNode offer(String sdp) {
        ObjectNode o = Messages.of("offer");
        o.put("sdp", sdp);
        return o;
    }

    /** The next message of that type, skipping others (renegotiate, participant-joined…). */
    static JsonNode until(WsClient c, String type) throws Exception {
        while (true) {
            JsonNode m = c.next();
            if (type.equals(m.path("type").asText())) {
                return m;
            }
            assertTrue(!"error".equals(m.path("type").asText()), "unexpected error " + m);
        }
    }

    static JsonNode rest(String method, String path) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SERVER.server().httpPort() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(res.statusCode() / 100 == 2, method + " " + path + ": " + res.statusCode());
        return Messages.JSON.readTree(res.body());
    }

    static String createRoom() throws Exception {
        return rest("POST", "/api/rooms").path("roomId").asText();
    }

    static long rejected(String counter) throws Exception {
        return rest("GET", "/health").path("rejected").path(counter).asLong();
    }

    static String joinOk(WsClient c, String roomId, String name) throws Exception {
        ObjectNode j = Messages.of("join");
        j.put("roomId", roomId);
        j.put("name", name);
        c.send(j);
        return c.expect("joined").path("participantId").asText();
    }

    void expectBadRequest(WsClient c, String raw, String requestType) throws Exception {
        c.sendRaw(raw);
        JsonNode e = c.next();
        assertEquals("error", e.path("type").asText(), raw + " → " + e);
        assertEquals("bad-request", e.path("code").asText(), raw + " → " + e);
        assertEquals(requestType, e.path("requestType").asText(), raw + " → " + e);
    }

    @Test
    void beforeJoiningTheyAreRefused() throws Exception {
        WsClient c = connect();
        c.sendRaw("{\"type\":\"render-size\",\"mid\":\"1\",\"width\":10,\"height\":10}");
        assertEquals("render-size", c.expectError("not-joined").path("requestType").asText());
        c.sendRaw("{\"type\":\"pin\",\"participantId\":null}");
        assertEquals("pin", c.expectError("not-joined").path("requestType").asText());
        c.assertAlive();
    }

    @Test
    void malformedRenderSizeIsABadRequestAndCounted() throws Exception {
        String room = createRoom();
        WsClient c = connect();
        joinOk(c, room, "Ann");
        long before = rejected("badRequest");
        String[] bad = {
            "{\"type\":\"render-size\"}",
            "{\"type\":\"render-size\",\"mid\":4,\"width\":1,\"height\":1}",
            "{\"type\":\"render-size\",\"mid\":null,\"width\":1,\"height\":1}",
            "{\"type\":\"render-size\",\"mid\":\"\",\"width\":1,\"height\":1}",
            "{\"type\":\"render-size\",\"mid\":\"" + "m".repeat(33) + "\",\"width\":1,\"height\":1}",
            "{\"type\":\"render-size\",\"mid\":\"1\",\"width\":\"640\",\"height\":360}",
            "{\"type\":\"render-size\",\"mid\":\"1\",\"width\":640.5,\"height\":360}",
            "{\"type\":\"render-size\",\"mid\":\"1\",\"width\":-1,\"height\":360}",
            "{\"type\":\"render-size\",\"mid\":\"1\",\"width\":640,\"height\":16385}",
            "{\"type\":\"render-size\",\"mid\":\"1\",\"width\":1e12,\"height\":360}",
            "{\"type\":\"render-size\",\"mid\":\"1\",\"width\":99999999999999999999999,\"height\":360}",
            "{\"type\":\"render-size\",\"mid\":\"1\",\"width\":2147483648,\"height\":360}",
            "{\"type\":\"render-size\",\"mid\":\"1\",\"width\":true,\"height\":360}",
            "{\"type\":\"render-size\",\"mid\":\"1\",\"width\":null,\"height\":360}",
            "{\"type\":\"render-size\",\"mid\":\"1\",\"width\":640}",
            "{\"type\":\"render-size\",\"mid\":\"1\",\"width\":[640],\"height\":{}}",
        };
        for (String raw : bad) {
            expectBadRequest(c, raw, "render-size");
        }
        c.assertAlive();
        assertTrue(rejected("badRequest") >= before + bad.length);
    }

    @Test
    void malformedPinIsABadRequestAndCounted() throws Exception {
        String room = createRoom();
        WsClient c = connect();
        String me = joinOk(c, room, "Ann");
        long before = rejected("badRequest");
        String[] bad = {
            "{\"type\":\"pin\"}",
            "{\"type\":\"pin\",\"participantId\":5}",
            "{\"type\":\"pin\",\"participantId\":{}}",
            "{\"type\":\"pin\",\"participantId\":[\"x\"]}",
            "{\"type\":\"pin\",\"participantId\":\"\"}",
            "{\"type\":\"pin\",\"participantId\":\"" + "p".repeat(65) + "\"}",
            "{\"type\":\"pin\",\"participantId\":false}",
            "{\"type\":\"pin\",\"participantId\":\"" + me + "\"}", // yourself
        };
        for (String raw : bad) {
            expectBadRequest(c, raw, "pin");
        }
        c.assertAlive();
        assertTrue(rejected("badRequest") >= before + bad.length);
    }

    @Test
    void malformedScreenListInAnOfferIsABadRequest() throws Exception {
        String room = createRoom();
        WsClient c = connect();
        joinOk(c, room, "Ann");
        String sdp = Messages.JSON.writeValueAsString(fixture("chrome156-simulcast-offer.sdp"));
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i < 17; i++) {
            tooMany.append(i == 0 ? "" : ",").append("\"").append(i).append("\"");
        }
        tooMany.append("]");
        for (String screen : new String[] {"\"1\"", "[1]", "[\"\"]", "{\"mid\":\"1\"}", tooMany.toString(), "[null]"}) {
            expectBadRequest(c, "{\"type\":\"offer\",\"sdp\":" + sdp + ",\"screen\":" + screen + "}", "offer");
        }
        // a well-formed list is fine, and so is a mid the offer does not have
        c.sendRaw("{\"type\":\"offer\",\"sdp\":" + sdp + ",\"screen\":[\"1\",\"7\"]}");
        JsonNode answer = until(c, "answer");
        assertTrue(answer.path("sdp").asText().contains("a=simulcast:recv q;h;f\r\n"), answer.toString());
        c.assertAlive();
    }

    @Test
    void renderSizeAndPinOnRealOffers() throws Exception {
        String room = createRoom();
        WsClient ann = connect();
        String annId = joinOk(ann, room, "Ann");
        WsClient bob = connect();
        String bobId = joinOk(bob, room, "Bob");
        ann.expect("participant-joined");

        ann.send(offer(fixture("chrome156-simulcast-offer.sdp")));
        String annAnswer = until(ann, "answer").path("sdp").asText();
        assertTrue(annAnswer.contains("a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n"), annAnswer);
        bob.send(offer(fixture("chrome156-reoffer-recv.sdp")));
        String bobAnswer = until(bob, "answer").path("sdp").asText();
        assertTrue(bobAnswer.contains("a=ssrc-group:FID "), bobAnswer);
        bob.expectQuiet(QUIET);

        // accepted: no reply
        bob.sendRaw("{\"type\":\"render-size\",\"mid\":\"4\",\"width\":640,\"height\":360}");
        bob.sendRaw("{\"type\":\"render-size\",\"mid\":\"4\",\"width\":0,\"height\":0}");
        bob.sendRaw("{\"type\":\"render-size\",\"mid\":\"4\",\"width\":16384,\"height\":16384}");
        bob.sendRaw("{\"type\":\"render-size\",\"mid\":\"5\",\"width\":320,\"height\":180}"); // free m-line: ignored
        bob.sendRaw("{\"type\":\"pin\",\"participantId\":\"" + annId + "\"}");
        bob.sendRaw("{\"type\":\"pin\",\"participantId\":null}");
        bob.expectQuiet(QUIET);

        long unknownBefore = rejected("unknownTarget");
        for (String mid : new String[] {"0", "1", "2", "9"}) { // own audio/video, received audio, no such m-line
            bob.sendRaw("{\"type\":\"render-size\",\"mid\":\"" + mid + "\",\"width\":320,\"height\":180}");
            assertEquals("render-size", bob.expectError("unknown-mid").path("requestType").asText());
        }
        bob.sendRaw("{\"type\":\"pin\",\"participantId\":\"nobody-here\"}");
        assertEquals("pin", bob.expectError("unknown-participant").path("requestType").asText());
        assertTrue(rejected("unknownTarget") >= unknownBefore + 5);

        // Ann, who receives nothing yet, has no such mid either
        ann.sendRaw("{\"type\":\"render-size\",\"mid\":\"4\",\"width\":320,\"height\":180}");
        JsonNode e;
        do {
            e = ann.next(); // renegotiate for Bob's tracks comes first
        } while ("renegotiate".equals(e.path("type").asText()));
        assertEquals("unknown-mid", e.path("code").asText(), e.toString());
        ann.sendRaw("{\"type\":\"pin\",\"participantId\":\"" + bobId + "\"}"); // pinning before video arrives is fine
        JsonNode m;
        while ((m = ann.poll(QUIET)) != null) {
            assertTrue(!"error".equals(m.path("type").asText()), "unexpected " + m); // renegotiate for Bob's tracks may come
        }
        bob.assertAlive();
        ann.assertAlive();
        assertEquals(2, rest("GET", "/api/rooms/" + room).path("participants").size());
    }
}
