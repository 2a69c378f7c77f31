package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.ChorusServer;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.protocol.Messages;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An in-process server plus the REST and WebSocket helpers the protocol tests share. */
final class TestServer implements AutoCloseable {
    final ChorusServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String adminToken;
    private final List<WsClient> clients = new ArrayList<>();

    TestServer(ServerConfig config) throws Exception {
        server = ChorusServer.start(config);
        adminToken = config.adminToken();
    }

    WsClient connect() throws Exception {
        WsClient c = WsClient.connect(http, server.httpPort());
        synchronized (clients) {
            clients.add(c);
        }
        return c;
    }

    /** Aborts every client this test opened (their participants start their grace periods). */
    void closeClients() {
        synchronized (clients) {
            clients.forEach(WsClient::close);
            clients.clear();
        }
    }

    HttpResponse<String> request(String method, String path, boolean admin) throws Exception {
        return request(method, path, null, admin);
    }

    /** {@code body} (JSON text) or null for none; {@code admin} adds the admin bearer token. */
    HttpResponse<String> request(String method, String path, String body, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (admin) {
            b.header("Authorization", "Bearer " + adminToken);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> res = request("GET", path, false);
        assertEquals(200, res.statusCode(), path + ": " + res.body());
        return Messages.JSON.readTree(res.body());
    }

    String createRoom() throws Exception {
        HttpResponse<String> res = request("POST", "/api/rooms", false);
        assertEquals(201, res.statusCode());
        return Messages.JSON.readTree(res.body()).path("roomId").asText();
    }

    /** A room created in {@code mode} ("sfu" or "mcu"). */
    String createRoom(String mode) throws Exception {
        HttpResponse<String> res = request("POST", "/api/rooms", "{\"mode\":\"" + mode + "\"}", false);
        assertEquals(201, res.statusCode(), res.body());
        return Messages.JSON.readTree(res.body()).path("roomId").asText();
    }

    /** Switches a room's mode through the admin API (needs the config's admin token). */
    void switchMode(String roomId, String mode) throws Exception {
        HttpResponse<String> res = request("POST", "/api/admin/rooms/" + roomId + "/mode",
                "{\"mode\":\"" + mode + "\"}", true);
        assertEquals(200, res.statusCode(), res.body());
        assertEquals(mode, Messages.JSON.readTree(res.body()).path("mode").asText());
    }

    long rejected(String counter) throws Exception {
        return get("/health").path("rejected").path(counter).asLong();
    }

    /** The room as {@code GET /api/admin/rooms} shows it. */
    JsonNode adminRoom(String roomId) throws Exception {
        HttpResponse<String> res = request("GET", "/api/admin/rooms", true);
        assertEquals(200, res.statusCode(), res.body());
        for (JsonNode r : Messages.JSON.readTree(res.body()).path("rooms")) {
            if (r.path("roomId").asText().equals(roomId)) {
                return r;
            }
        }
        throw new AssertionError("room " + roomId + " not in the admin list");
    }

    /** The participant entry of {@code id} in a {@code participants} array, or null. */
    static JsonNode participant(JsonNode participants, String id) {
        for (JsonNode p : participants) {
            if (p.path("participantId").asText().equals(id)) {
                return p;
            }
        }
        return null;
    }

    static ObjectNode join(String roomId, String name) {
        ObjectNode j = Messages.of("join");
        j.put("roomId", roomId);
        j.put("name", name);
        return j;
    }

    /** Joins and returns {@code joined}. */
    static JsonNode joinOk(WsClient c, String roomId, String name) throws Exception {
        c.send(join(roomId, name));
        JsonNode joined = c.expect("joined");
        assertEquals(roomId, joined.path("roomId").asText());
        return joined;
    }

    /** The next message of that type, skipping others (renegotiate, participant-updated…) but no errors. */
    static JsonNode until(WsClient c, String type) throws Exception {
        while (true) {
            JsonNode m = c.next();
            if (type.equals(m.path("type").asText())) {
                return m;
            }
            assertTrue(!"error".equals(m.path("type").asText()), "unexpected error " + m);
        }
    }

    static ObjectNode chat(String text) {
        ObjectNode m = Messages.of("chat");
        m.put("text", text);
        return m;
    }

    static ObjectNode mediaState(boolean audio, boolean video, boolean screen) {
        ObjectNode m = Messages.of("media-state");
        m.put("audio", audio);
        m.put("video", video);
        m.put("screen", screen);
        return m;
    }

    static ObjectNode offer(String fixture) throws Exception {
        try (InputStream in = TestServer.class.getResourceAsStream("/sdp/" + fixture)) {
            String sdp = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
            ObjectNode o = Messages.of("offer");
            o.put("sdp", sdp);
            return o;
        }
    }

    /** Sends a raw frame and expects an error with that code for that request type. */
    static JsonNode expectError(WsClient c, String raw, String code, String requestType) throws Exception {
        c.sendRaw(raw);
        JsonNode e = c.next();
        assertEquals("error", e.path("type").asText(), raw + " → " + e);
        assertEquals(code, e.path("code").asText(), raw + " → " + e);
        assertEquals(requestType, e.path("requestType").asText(), raw + " → " + e);
        return e;
    }

    @Override
    public void close() {
        closeClients();
        server.close();
    }
}
