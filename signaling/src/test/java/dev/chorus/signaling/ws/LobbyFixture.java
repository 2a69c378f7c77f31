package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.List;

/** A server plus the lobby and call steps the lobby tests share; every wait is bounded. */
final class LobbyFixture implements AutoCloseable {
    final ChorusServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<WsClient> clients = new ArrayList<>();

    LobbyFixture(ServerConfig config) throws Exception {
        server = ChorusServer.start(config);
    }

    /** One socket that entered the lobby. */
    record User(WsClient ws, String userId, String name) {}

    WsClient connect() throws Exception {
        WsClient c = WsClient.connect(http, server.httpPort());
        clients.add(c);
        return c;
    }

    /**
     * Closes every socket of the test that just ran (the server stays) and waits until the lobby has
     * let go of them, so the next test starts with an empty lobby.
     */
    void closeClients() throws Exception {
        clients.forEach(WsClient::close);
        clients.clear();
        awaitEmptyLobby();
    }

    private void awaitEmptyLobby() throws Exception {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        try (WsClient probe = WsClient.connect(http, server.httpPort())) {
            while (true) {
                probe.send(msg("lobby-enter", "name", "probe"));
                int others = probe.expect("lobby").path("users").size();
                probe.send(msg("lobby-leave"));
                // answered on the lobby thread after the leave: the probe is out when this arrives
                probe.send(msg("lobby-leave"));
                JsonNode m = probe.next();
                while (m.path("type").asText().startsWith("presence")) {
                    m = probe.next(); // the last users leaving while the probe looked
                }
                assertEquals("not-in-lobby", m.path("code").asText(), m.toString());
                if (others == 0) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    fail(others + " users still in the lobby");
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() {
        clients.forEach(WsClient::close);
        server.close();
    }

    static ObjectNode msg(String type, String... fieldsAndValues) {
        ObjectNode m = Messages.of(type);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            m.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return m;
    }

    /** A new socket enters as {@code name}; returns it with its user id, {@code lobby} reply checked. */
    User enter(String name) throws Exception {
        WsClient ws = connect();
        ws.send(msg("lobby-enter", "name", name));
        JsonNode lobby = ws.expect("lobby");
        String id = lobby.path("userId").asText();
        assertFalse(id.isEmpty(), lobby.toString());
        return new User(ws, id, name);
    }

    /** {@code others} each get the {@code presence} of {@code u} with {@code status}. */
    static void expectPresence(String status, User u, User... others) throws Exception {
        for (User o : others) {
            JsonNode p = o.ws().expect("presence");
            assertEquals(u.userId(), p.path("user").path("userId").asText(), p.toString());
            assertEquals(u.name(), p.path("user").path("name").asText(), p.toString());
            assertEquals(status, p.path("user").path("status").asText(), p.toString());
        }
    }

    /**
     * {@code caller} rings {@code callee}; checks both sides' messages and the presence both see of the
     * other, and that {@code bystanders} see both go in-call. Returns the call id.
     */
    static String ring(User caller, User callee, String media, User... bystanders) throws Exception {
        caller.ws().send(msg("call", "userId", callee.userId(), "media", media));
        JsonNode ringing = caller.ws().expect("call-ringing");
        String callId = ringing.path("callId").asText();
        assertFalse(callId.isEmpty(), ringing.toString());
        assertEquals(callee.userId(), ringing.path("userId").asText());
        assertEquals(media, ringing.path("media").asText());
        JsonNode incoming = callee.ws().expect("incoming-call");
        assertEquals(callId, incoming.path("callId").asText());
        assertEquals(caller.userId(), incoming.path("from").path("userId").asText());
        assertEquals(caller.name(), incoming.path("from").path("name").asText());
        assertEquals(media, incoming.path("media").asText());
        expectPresence("in-call", callee, caller);
        expectPresence("in-call", caller, callee);
        for (User b : bystanders) {
            expectPresence("in-call", caller, b);
            expectPresence("in-call", callee, b);
        }
        return callId;
    }

    /** Both sides get {@code call-ended} with {@code reason}, then each sees the other available again. */
    static void expectEnded(String callId, String reason, User a, User b) throws Exception {
        for (User u : new User[] {a, b}) {
            JsonNode ended = u.ws().expect("call-ended");
            assertEquals(callId, ended.path("callId").asText(), ended.toString());
            assertEquals(reason, ended.path("reason").asText(), ended.toString());
        }
    }

    /** Both get {@code call-accepted} for {@code callId} with one room id; returns it. */
    static String expectAccepted(String callId, String media, User caller, User callee) throws Exception {
        JsonNode ac = caller.ws().expect("call-accepted");
        JsonNode ae = callee.ws().expect("call-accepted");
        for (JsonNode a : new JsonNode[] {ac, ae}) {
            assertEquals(callId, a.path("callId").asText(), a.toString());
            assertEquals(media, a.path("media").asText(), a.toString());
        }
        String roomId = ac.path("roomId").asText();
        assertFalse(roomId.isEmpty(), ac.toString());
        assertEquals(roomId, ae.path("roomId").asText());
        return roomId;
    }

    /** Joins a room and returns the participant id. */
    static String join(WsClient c, String roomId, String name) throws Exception {
        c.send(msg("join", "roomId", roomId, "name", name));
        JsonNode joined = c.expect("joined");
        assertEquals(roomId, joined.path("roomId").asText());
        return joined.path("participantId").asText();
    }

    /** The next {@code n} messages of {@code c}, in whatever order the room and lobby threads sent them. */
    static List<JsonNode> next(WsClient c, int n) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(c.next());
        }
        return out;
    }

    /** The one message of {@code type} among {@code msgs}. */
    static JsonNode find(List<JsonNode> msgs, String type) {
        JsonNode found = null;
        for (JsonNode m : msgs) {
            if (type.equals(m.path("type").asText())) {
                if (found != null) {
                    fail("two " + type + " in " + msgs);
                }
                found = m;
            }
        }
        assertNotNull(found, "no " + type + " in " + msgs);
        return found;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    String createRoom() throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/api/rooms"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, res.statusCode());
        return Messages.JSON.readTree(res.body()).path("roomId").asText();
    }

    long rejected(String counter) throws Exception {
        HttpResponse<String> res = get("/health");
        assertEquals(200, res.statusCode());
        return Messages.JSON.readTree(res.body()).path("rejected").path(counter).asLong();
    }

    /** Polls {@code GET /api/rooms/{id}} until it answers {@code status} (rooms close asynchronously). */
    void awaitRoomStatus(String roomId, int status) throws Exception {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        int got = get("/api/rooms/" + roomId).statusCode();
        while (got != status && System.nanoTime() < deadline) {
            Thread.sleep(50);
            got = get("/api/rooms/" + roomId).statusCode();
        }
        assertEquals(status, got, "room " + roomId);
    }
}
