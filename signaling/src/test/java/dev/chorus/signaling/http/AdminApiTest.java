package dev.chorus.signaling.http;

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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin API and room creation in a mode, against two in-process servers: one with an admin token,
 * one without (admin API disabled).
 */
@Timeout(60)
class AdminApiTest {
    static final String TOKEN = "test-admin-token-" + UUID.randomUUID();
    private static ChorusServer server;
    private static ChorusServer noToken;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = ChorusServer.start(ServerConfig.ephemeralLoopback().withAdminToken(TOKEN));
        noToken = ChorusServer.start(ServerConfig.ephemeralLoopback());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (noToken != null) {
            noToken.close();
        }
    }

    /** A request with an optional body (null: none) and optional headers (name, value, ...). */
    static HttpResponse<String> send(ChorusServer s, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort() + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(server, method, path, body, "Authorization", "Bearer " + TOKEN);
    }

    static HttpResponse<String> switchMode(String roomId, String body) throws Exception {
        return admin("POST", "/api/admin/rooms/" + roomId + "/mode", body);
    }

    static JsonNode json(HttpResponse<String> res) throws Exception {
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("application/json"),
                res.uri() + " -> " + res.headers().firstValue("content-type"));
        return Messages.JSON.readTree(res.body());
    }

    /** The status, and that the answer is a JSON error with that code. */
    static void assertError(int status, String code, HttpResponse<String> res) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        JsonNode body = json(res);
        assertEquals(code, body.path("error").asText(), res.body());
        assertTrue(body.path("message").isTextual(), res.body());
    }

    static String createRoom(ChorusServer s, String body) throws Exception {
        HttpResponse<String> res = send(s, "POST", "/api/rooms", body);
        assertEquals(201, res.statusCode(), res.body());
        return json(res).path("roomId").asText();
    }

    static String mode(String roomId) throws Exception {
        HttpResponse<String> res = send(server, "GET", "/api/rooms/" + roomId, null);
        assertEquals(200, res.statusCode());
        return json(res).path("mode").asText();
    }

    static JsonNode rejected(ChorusServer s) throws Exception {
        return json(send(s, "GET", "/health", null)).path("rejected");
    }

    @Test
    void switchToMcuAndBack() throws Exception {
        String roomId = createRoom(server, null);
        assertEquals("sfu", mode(roomId));

        HttpResponse<String> res = switchMode(roomId, "{\"mode\":\"mcu\"}");
        assertEquals(200, res.statusCode(), res.body());
        JsonNode body = json(res);
        assertEquals(roomId, body.path("roomId").asText());
        assertEquals("mcu", body.path("mode").asText());
        assertTrue(body.path("participants").isArray(), res.body());
        assertEquals("no-store", res.headers().firstValue("cache-control").orElse(null));
        assertEquals("mcu", mode(roomId));

        // unchanged mode: a no-op that still answers with the room
        assertEquals("mcu", json(switchMode(roomId, "{\"mode\":\"mcu\"}")).path("mode").asText());
        assertEquals("sfu", json(switchMode(roomId, "{\"mode\":\"sfu\"}")).path("mode").asText());
        assertEquals("sfu", mode(roomId));
    }

    @Test
    void listsRoomsWithModeAndParticipants() throws Exception {
        String sfu = createRoom(server, null);
        String mcu = createRoom(server, "{\"mode\":\"mcu\"}");
        HttpResponse<String> res = admin("GET", "/api/admin/rooms", null);
        assertEquals(200, res.statusCode(), res.body());
        List<String> ids = new ArrayList<>();
        for (JsonNode r : json(res).path("rooms")) {
            ids.add(r.path("roomId").asText());
            assertTrue(r.path("participants").isArray(), r.toString());
            if (r.path("roomId").asText().equals(sfu)) {
                assertEquals("sfu", r.path("mode").asText());
            } else if (r.path("roomId").asText().equals(mcu)) {
                assertEquals("mcu", r.path("mode").asText());
            }
        }
        assertTrue(ids.contains(sfu) && ids.contains(mcu), ids.toString());
        assertEquals(ids.stream().sorted().toList(), ids, "stable order for a polling page");
    }

    @Test
    void badJsonIs400() throws Exception {
        String roomId = createRoom(server, null);
        long before = rejected(server).path("badJson").asLong();
        assertError(400, "bad-json", switchMode(roomId, "{mode: mcu"));
        assertError(400, "bad-json", switchMode(roomId, "[\"mcu\"]"));
        assertTrue(rejected(server).path("badJson").asLong() >= before + 2);
        assertEquals("sfu", mode(roomId));
    }

    @Test
    void missingOrUnknownModeIs400() throws Exception {
        String roomId = createRoom(server, null);
        long before = rejected(server).path("badRequest").asLong();
        for (String body : new String[] {"{\"mode\":\"xyz\"}", "{\"mode\":\"MCU\"}", "{\"mode\":5}", "{}", null}) {
            assertError(400, "bad-request", switchMode(roomId, body));
        }
        assertTrue(rejected(server).path("badRequest").asLong() >= before + 5);
        assertEquals("sfu", mode(roomId));
    }

    @Test
    void missingTokenIs401() throws Exception {
        String roomId = createRoom(server, null);
        long before = rejected(server).path("adminUnauthorized").asLong();
        HttpResponse<String> res = send(server, "POST", "/api/admin/rooms/" + roomId + "/mode", "{\"mode\":\"mcu\"}");
        assertError(401, "unauthorized", res);
        assertTrue(res.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"),
                res.headers().toString());
        assertError(401, "unauthorized", send(server, "GET", "/api/admin/rooms", null));
        assertError(401, "unauthorized", send(server, "GET", "/api/admin/rooms", null, "Authorization", "Bearer "));
        assertError(401, "unauthorized", send(server, "GET", "/api/admin/rooms", null, "Authorization", TOKEN));
        assertTrue(rejected(server).path("adminUnauthorized").asLong() >= before + 4);
        assertEquals("sfu", mode(roomId));
    }

    @Test
    void wrongTokenIs401() throws Exception {
        String roomId = createRoom(server, null);
        for (String auth : new String[] {"Bearer wrong", "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1),
                "Basic " + TOKEN}) {
            HttpResponse<String> res = send(server, "POST", "/api/admin/rooms/" + roomId + "/mode",
                    "{\"mode\":\"mcu\"}", "Authorization", auth);
            assertError(401, "unauthorized", res);
            assertTrue(res.headers().firstValue("www-authenticate").isPresent());
        }
        assertEquals("sfu", mode(roomId));
        // the scheme is case-insensitive (RFC 7235), the token is not
        assertEquals(200, send(server, "GET", "/api/admin/rooms", null, "Authorization", "bearer " + TOKEN)
                .statusCode());
        assertError(401, "unauthorized", send(server, "GET", "/api/admin/rooms", null,
                "Authorization", "Bearer " + TOKEN.toUpperCase()));
    }

    @Test
    void withoutAConfiguredTokenEveryAdminEndpointIs403() throws Exception {
        String roomId = createRoom(noToken, null);
        long before = rejected(noToken).path("adminForbidden").asLong();
        String[][] requests = {
            {"POST", "/api/admin/rooms/" + roomId + "/mode"},
            {"GET", "/api/admin/rooms"},
            {"GET", "/api/admin"},
            {"GET", "/api/admin/anything"},
        };
        for (String[] r : requests) {
            assertError(403, "forbidden", send(noToken, r[0], r[1], "{\"mode\":\"mcu\"}"));
            // not even a token some client guessed opens it
            assertError(403, "forbidden", send(noToken, r[0], r[1], "{\"mode\":\"mcu\"}", "Authorization", "Bearer "));
            assertError(403, "forbidden", send(noToken, r[0], r[1], "{\"mode\":\"mcu\"}",
                    "Authorization", "Bearer " + TOKEN));
        }
        assertTrue(rejected(noToken).path("adminForbidden").asLong() >= before + 12);
        HttpResponse<String> room = send(noToken, "GET", "/api/rooms/" + roomId, null);
        assertEquals("sfu", json(room).path("mode").asText());
    }

    @Test
    void unknownRoomIs404() throws Exception {
        long before = rejected(server).path("roomNotFound").asLong();
        assertError(404, "room-not-found", switchMode(UUID.randomUUID().toString(), "{\"mode\":\"mcu\"}"));
        assertError(404, "room-not-found", switchMode("not-a-room", "{\"mode\":\"mcu\"}"));
        assertTrue(rejected(server).path("roomNotFound").asLong() >= before + 2);
        // unknown admin paths, once authenticated
        assertError(404, "not-found", admin("GET", "/api/admin/nope", null));
        assertError(404, "not-found", admin("POST", "/api/admin/rooms//mode", "{\"mode\":\"mcu\"}"));
        assertError(404, "not-found", admin("POST", "/api/admin/rooms/a/b/mode", "{\"mode\":\"mcu\"}"));
    }

    @Test
    void wrongMethodIs405() throws Exception {
        String roomId = createRoom(server, null);
        assertError(405, "method-not-allowed", admin("GET", "/api/admin/rooms/" + roomId + "/mode", null));
        assertError(405, "method-not-allowed", admin("POST", "/api/admin/rooms", "{}"));
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String roomId = createRoom(server, null);
        long before = rejected(server).path("oversizedFrames").asLong();
        String big = "{\"mode\":\"mcu\",\"pad\":\"" + "x".repeat(JsonBody.MAX_BYTES) + "\"}";
        assertError(413, "body-too-large", switchMode(roomId, big));
        assertError(413, "body-too-large", send(server, "POST", "/api/rooms", big));
        assertTrue(rejected(server).path("oversizedFrames").asLong() >= before + 2);
        assertEquals("sfu", mode(roomId));
    }

    @Test
    void createRoomInAMode() throws Exception {
        HttpResponse<String> created = send(server, "POST", "/api/rooms", "{\"mode\":\"mcu\"}",
                "Content-Type", "application/json");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("mcu", json(created).path("mode").asText());
        assertEquals("mcu", mode(json(created).path("roomId").asText()));

        assertEquals("sfu", mode(createRoom(server, "{\"mode\":\"sfu\"}")));
        assertEquals("sfu", mode(createRoom(server, "{}")));
        assertEquals("sfu", mode(createRoom(server, "")));
    }

    @Test
    void createRoomWithABadBodyIs400() throws Exception {
        int rooms = json(send(server, "GET", "/health", null)).path("rooms").asInt();
        assertError(400, "bad-request", send(server, "POST", "/api/rooms", "{\"mode\":\"composite\"}"));
        assertError(400, "bad-request", send(server, "POST", "/api/rooms", "{\"mode\":true}"));
        assertError(400, "bad-json", send(server, "POST", "/api/rooms", "{\"mode\""));
        assertError(400, "bad-json", send(server, "POST", "/api/rooms", "\"mcu\""));
        assertEquals(rooms, json(send(server, "GET", "/health", null)).path("rooms").asInt(),
                "a refused creation creates no room");
    }
}
