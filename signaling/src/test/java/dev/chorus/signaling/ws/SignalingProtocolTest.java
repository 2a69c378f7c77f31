package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.ChorusServer;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.protocol.Messages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The WebSocket protocol of docs/protocol.md against an in-process server. A short resume grace period,
 * so that a closed socket's participant is gone soon (resume itself: ResumeProtocolTest).
 */
@Timeout(60)
class SignalingProtocolTest {
    static final int GRACE_SECONDS = 1;
    private static ChorusServer server;
    private static HttpClient http;
    private static int maxFrame;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = ServerConfig.ephemeralLoopback().withResumeGraceSeconds(GRACE_SECONDS);
        maxFrame = config.maxFrameBytes();
        assertEquals(262144, maxFrame);
        server = ChorusServer.start(config);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
    }

    WsClient connect() throws Exception {
        WsClient c = WsClient.connect(http, server.httpPort());
        clients.add(c);
        return c;
    }

    static HttpResponse<String> rest(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String createRoom() throws Exception {
        HttpResponse<String> res = rest("POST", "/api/rooms");
        assertEquals(201, res.statusCode());
        return Messages.JSON.readTree(res.body()).path("roomId").asText();
    }

    static JsonNode describe(String roomId) throws Exception {
        HttpResponse<String> res = rest("GET", "/api/rooms/" + roomId);
        assertEquals(200, res.statusCode());
        return Messages.JSON.readTree(res.body());
    }

    static Set<String> participantIds(String roomId) throws Exception {
        Set<String> ids = new HashSet<>();
        describe(roomId).path("participants").forEach(p -> ids.add(p.path("participantId").asText()));
        return ids;
    }

    static JsonNode rejected() throws Exception {
        HttpResponse<String> res = rest("GET", "/health");
        assertEquals(200, res.statusCode());
        return Messages.JSON.readTree(res.body()).path("rejected");
    }

    static ObjectNode join(String roomId, String name) {
        ObjectNode j = Messages.of("join");
        j.put("roomId", roomId);
        if (name != null) {
            j.put("name", name);
        }
        return j;
    }

    /** Joins and checks the {@code joined} reply; returns it. */
    static JsonNode joinOk(WsClient c, String roomId, String name) throws Exception {
        c.send(join(roomId, name));
        JsonNode joined = c.expect("joined");
        String pid = joined.path("participantId").asText();
        assertFalse(pid.isEmpty(), joined.toString());
        assertEquals(roomId, joined.path("roomId").asText());
        assertEquals("sfu", joined.path("mode").asText());
        assertTrue(joined.path("participants").isArray(), joined.toString());
        return joined;
    }

    /** Polls the REST view until it holds exactly the given participants (leave is asynchronous). */
    static void awaitParticipants(String roomId, Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        Set<String> ids = participantIds(roomId);
        while (!ids.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            ids = participantIds(roomId);
        }
        assertEquals(expected, ids);
    }

    @Test
    void pingPong() throws Exception {
        WsClient c = connect();
        c.assertAlive();
        c.assertAlive();
    }

    @Test
    void malformedJsonIsRejectedAndTheConnectionStaysUsable() throws Exception {
        long before = rejected().path("badJson").asLong();
        WsClient c = connect();
        c.sendRaw("{not json");
        c.expectError("bad-json");
        c.assertAlive();
        c.sendRaw("[1,2,3]");
        c.expectError("bad-json");
        c.sendRaw("[{\"type\":\"ping\"}]");
        c.expectError("bad-json");
        c.sendRaw("\"ping\"");
        c.expectError("bad-json");
        c.sendRaw("42");
        c.expectError("bad-json");
        c.sendRaw("");
        c.expectError("bad-json");
        c.sendBinary("{\"type\":\"ping\"}".getBytes());
        c.expectError("bad-json");
        c.assertAlive();
        assertTrue(rejected().path("badJson").asLong() >= before + 7);
    }

    @Test
    void missingOrUnknownTypeIsRejected() throws Exception {
        long before = rejected().path("unknownType").asLong();
        WsClient c = connect();
        c.sendRaw("{}");
        c.expectError("unknown-type");
        c.sendRaw("{\"roomId\":\"x\"}");
        c.expectError("unknown-type");
        c.sendRaw("{\"type\":\"dance\"}");
        c.expectError("unknown-type");
        c.sendRaw("{\"type\":\"PING\"}");
        c.expectError("unknown-type");
        c.sendRaw("{\"type\":\"joined\"}"); // a server → client type is not a request
        c.expectError("unknown-type");
        c.sendRaw("{\"type\":\"" + "x".repeat(10_000) + "\"}");
        JsonNode e = c.expectError("unknown-type");
        assertTrue(e.path("message").asText().length() < 1000, "the echoed type is truncated");
        c.assertAlive();
        assertTrue(rejected().path("unknownType").asLong() >= before + 6);
    }

    @Test
    void oversizedFrameIsRejectedAndTheConnectionStaysOpen() throws Exception {
        long before = rejected().path("oversizedFrames").asLong();
        WsClient c = connect();
        ObjectNode big = Messages.of("ping");
        big.put("pad", "x".repeat(maxFrame + 1000));
        c.send(big);
        c.expectError("frame-too-large");
        c.assertAlive();
        ObjectNode bigger = Messages.of("ping");
        bigger.put("pad", "y".repeat(maxFrame * 8));
        c.send(bigger);
        c.expectError("frame-too-large");
        c.assertAlive();
        assertFalse(c.isClosed());
        // just under the limit is fine
        ObjectNode fits = Messages.of("ping");
        fits.put("pad", "z".repeat(maxFrame - 100));
        c.send(fits);
        c.expect("pong");
        assertTrue(rejected().path("oversizedFrames").asLong() >= before + 2);
    }

    /**
     * Beyond 16× the limit the server stops reading (netty closes with 1009) rather than buffering it:
     * only that socket goes, the server and other sockets carry on.
     */
    @Test
    void frameBeyondTheHardLimitClosesOnlyThatSocket() throws Exception {
        WsClient bystander = connect();
        WsClient c = connect();
        ObjectNode huge = Messages.of("ping");
        huge.put("pad", "x".repeat(maxFrame * 16 + 1));
        try {
            c.send(huge);
        } catch (Exception e) {
            // the server may reset while we are still writing
        }
        c.closed.get(WsClient.WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(c.isClosed());
        bystander.assertAlive();
        connect().assertAlive();
    }

    @Test
    void joinToAnUnknownRoomFailsThenARealJoinWorks() throws Exception {
        long before = rejected().path("roomNotFound").asLong();
        WsClient c = connect();
        c.send(join(UUID.randomUUID().toString(), "Ann"));
        JsonNode e = c.expectError("room-not-found");
        assertEquals("join", e.path("requestType").asText());
        c.send(join("not-even-a-uuid", "Ann"));
        c.expectError("room-not-found");
        c.assertAlive();
        String room = createRoom();
        JsonNode joined = joinOk(c, room, "Ann");
        assertEquals(0, joined.path("participants").size());
        assertTrue(rejected().path("roomNotFound").asLong() >= before + 2);
    }

    @Test
    void joinWithoutAValidNameOrRoomIdIsABadRequest() throws Exception {
        long before = rejected().path("badRequest").asLong();
        String room = createRoom();
        WsClient c = connect();
        c.send(join(room, null));
        assertEquals("join", c.expectError("bad-request").path("requestType").asText());
        c.send(join(room, ""));
        c.expectError("bad-request");
        c.send(join(room, "   "));
        c.expectError("bad-request");
        c.send(join(room, "n".repeat(65)));
        c.expectError("bad-request");
        c.send(join(room, "n".repeat(10_000)));
        c.expectError("bad-request");
        ObjectNode numericName = Messages.of("join");
        numericName.put("roomId", room);
        numericName.put("name", 5);
        c.send(numericName);
        c.expectError("bad-request");
        ObjectNode objectName = Messages.of("join");
        objectName.put("roomId", room);
        objectName.putObject("name").put("first", "Ann");
        c.send(objectName);
        c.expectError("bad-request");
        ObjectNode noRoom = Messages.of("join");
        noRoom.put("name", "Ann");
        c.send(noRoom);
        c.expectError("bad-request");
        ObjectNode numericRoom = Messages.of("join");
        numericRoom.put("roomId", 12);
        numericRoom.put("name", "Ann");
        c.send(numericRoom);
        c.expectError("bad-request");
        assertEquals(Set.of(), participantIds(room), "nothing joined");
        // the socket is still unjoined and can join properly
        JsonNode joined = joinOk(c, room, "n".repeat(64));
        assertEquals(Set.of(joined.path("participantId").asText()), participantIds(room));
        assertTrue(rejected().path("badRequest").asLong() >= before + 9);
    }

    @Test
    void twoParticipantsSeeEachOther() throws Exception {
        String room = createRoom();
        WsClient a = connect();
        JsonNode ja = joinOk(a, room, "Ann");
        assertEquals(0, ja.path("participants").size());
        String aId = ja.path("participantId").asText();

        WsClient b = connect();
        JsonNode jb = joinOk(b, room, "Bob");
        String bId = jb.path("participantId").asText();
        assertFalse(aId.equals(bId));
        assertEquals(1, jb.path("participants").size(), jb.toString());
        assertEquals(aId, jb.path("participants").get(0).path("participantId").asText());
        assertEquals("Ann", jb.path("participants").get(0).path("name").asText());

        JsonNode announced = a.expect("participant-joined");
        assertEquals(bId, announced.path("participant").path("participantId").asText());
        assertEquals("Bob", announced.path("participant").path("name").asText());
        b.expectQuiet(Duration.ofMillis(200)); // no self-announcement

        JsonNode view = describe(room);
        assertEquals(Set.of(aId, bId), participantIds(room));
        view.path("participants").forEach(p -> assertEquals(
                p.path("participantId").asText().equals(aId) ? "Ann" : "Bob", p.path("name").asText()));
    }

    @Test
    void secondJoinOnTheSameSocketIsRefused() throws Exception {
        String room = createRoom();
        String other = createRoom();
        WsClient c = connect();
        String id = joinOk(c, room, "Ann").path("participantId").asText();
        c.send(join(room, "Ann again"));
        assertEquals("join", c.expectError("already-joined").path("requestType").asText());
        c.send(join(other, "Ann elsewhere"));
        c.expectError("already-joined");
        assertEquals(Set.of(id), participantIds(room));
        assertEquals(Set.of(), participantIds(other));
        c.assertAlive();
    }

    @Test
    void requestsBeforeJoinAreRefused() throws Exception {
        WsClient c = connect();
        ObjectNode offer = Messages.of("offer");
        offer.put("sdp", "v=0\r\n");
        c.send(offer);
        assertEquals("offer", c.expectError("not-joined").path("requestType").asText());
        ObjectNode cand = Messages.of("candidate");
        ObjectNode ci = cand.putObject("candidate");
        ci.put("candidate", "candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host");
        ci.put("sdpMid", "0");
        ci.put("sdpMLineIndex", 0);
        c.send(cand);
        assertEquals("candidate", c.expectError("not-joined").path("requestType").asText());
        c.send(Messages.of("leave"));
        assertEquals("leave", c.expectError("not-joined").path("requestType").asText());
        c.assertAlive();
    }

    @Test
    void garbageSdpIsRejectedWithoutHarmingTheRoom() throws Exception {
        long before = rejected().path("badSdp").asLong();
        String room = createRoom();
        WsClient a = connect();
        String aId = joinOk(a, room, "Ann").path("participantId").asText();
        WsClient b = connect();
        String bId = joinOk(b, room, "Bob").path("participantId").asText();
        a.expect("participant-joined");

        for (String sdp : new String[] {"this is not sdp", "", "v=0\r\n", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n",
                "\u0000\u0001\u0002garbage\r\nm=audio x y z\r\n"}) {
            ObjectNode offer = Messages.of("offer");
            offer.put("sdp", sdp);
            b.send(offer);
            JsonNode e = b.expectError("bad-sdp");
            assertEquals("offer", e.path("requestType").asText());
        }
        ObjectNode noSdp = Messages.of("offer");
        b.send(noSdp);
        b.expectError("bad-request");
        ObjectNode numericSdp = Messages.of("offer");
        numericSdp.put("sdp", 7);
        b.send(numericSdp);
        b.expectError("bad-request");

        b.assertAlive();
        a.assertAlive();
        a.expectQuiet(Duration.ofMillis(200)); // Ann heard nothing about Bob's failures
        assertEquals(Set.of(aId, bId), participantIds(room));
        assertTrue(rejected().path("badSdp").asLong() >= before + 5);
    }

    /** The others see "reconnecting" at once, "participant-left" when the grace period ends. */
    static void expectDropThenLeave(WsClient other, String droppedId) throws Exception {
        JsonNode updated = other.expect("participant-updated");
        assertEquals(droppedId, updated.path("participant").path("participantId").asText());
        assertEquals("reconnecting", updated.path("participant").path("connection").asText());
        long t0 = System.nanoTime();
        assertEquals(droppedId, other.expect("participant-left").path("participantId").asText());
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        // half the period: the two messages may be delayed differently on a busy machine
        assertTrue(waitedMs >= GRACE_SECONDS * 500, "left after the grace period, not at once: " + waitedMs + " ms");
    }

    @Test
    void closingASocketRemovesTheParticipantAfterTheGracePeriod() throws Exception {
        String room = createRoom();
        WsClient a = connect();
        String aId = joinOk(a, room, "Ann").path("participantId").asText();
        WsClient b = connect();
        String bId = joinOk(b, room, "Bob").path("participantId").asText();
        a.expect("participant-joined");
        assertEquals(Set.of(aId, bId), participantIds(room));

        b.closeAndWait();
        expectDropThenLeave(a, bId);
        awaitParticipants(room, Set.of(aId));
        a.assertAlive();
    }

    @Test
    void abortedSocketAlsoRemovesTheParticipantAfterTheGracePeriod() throws Exception {
        String room = createRoom();
        WsClient a = connect();
        String aId = joinOk(a, room, "Ann").path("participantId").asText();
        WsClient b = connect();
        String bId = joinOk(b, room, "Bob").path("participantId").asText();
        a.expect("participant-joined");

        b.close(); // TCP goes away without a close handshake
        expectDropThenLeave(a, bId);
        awaitParticipants(room, Set.of(aId));
    }

    @Test
    void leaveIsAcknowledgedAndTheSocketCanJoinAgain() throws Exception {
        String room = createRoom();
        WsClient a = connect();
        String aId = joinOk(a, room, "Ann").path("participantId").asText();
        WsClient b = connect();
        String bId = joinOk(b, room, "Bob").path("participantId").asText();
        a.expect("participant-joined");

        b.send(Messages.of("leave"));
        b.expect("left");
        assertEquals(bId, a.expect("participant-left").path("participantId").asText());
        awaitParticipants(room, Set.of(aId));
        b.assertAlive();

        // after leaving, the same socket is unjoined again
        b.send(Messages.of("leave"));
        b.expectError("not-joined");
        JsonNode again = joinOk(b, room, "Bob");
        String bId2 = again.path("participantId").asText();
        assertEquals(1, again.path("participants").size());
        assertEquals(aId, again.path("participants").get(0).path("participantId").asText());
        assertEquals(bId2, a.expect("participant-joined").path("participant").path("participantId").asText());
        assertEquals(Set.of(aId, bId2), participantIds(room));
    }
}
