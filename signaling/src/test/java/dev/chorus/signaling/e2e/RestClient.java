package dev.chorus.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The server's REST and admin API as end-to-end tests use it: 2xx JSON or an assertion failure. */
public record RestClient(String baseUrl, String adminToken) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Creates a room in {@code mode} ("sfu" or "mcu") and returns its id. */
    public String createRoom(String mode) throws Exception {
        return post("/api/rooms", "{\"mode\":\"" + mode + "\"}", null).path("roomId").asText();
    }

    /** Switches a live room's mode through the admin API. */
    public void switchMode(String roomId, String mode) throws Exception {
        JsonNode res = post("/api/admin/rooms/" + roomId + "/mode", "{\"mode\":\"" + mode + "\"}", adminToken);
        assertEquals(mode, res.path("mode").asText(), res.toString());
    }

    public JsonNode post(String path, String body, String token) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null) rb.header("Authorization", "Bearer " + token);
            HttpResponse<String> res = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(res.statusCode() / 100 == 2, path + " -> " + res.statusCode() + " " + res.body());
            return JSON.readTree(res.body());
        }
    }

    public JsonNode get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                            .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode(), res.body());
            return JSON.readTree(res.body());
        }
    }
}
