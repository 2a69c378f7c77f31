package dev.chorus.signaling.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.testing.RunningServer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** REST API, /health and the static client, against an in-process server on ephemeral loopback ports. */
@Timeout(30)
class HttpApiTest {
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback());
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> res) throws IOException {
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("application/json"),
                "content type of " + res.uri() + ": " + res.headers().firstValue("content-type"));
        return Messages.JSON.readTree(res.body());
    }

    @Test
    void createRoomThenDescribeIt() throws Exception {
        HttpResponse<String> created = send("POST", "/api/rooms");
        assertEquals(201, created.statusCode());
        JsonNode body = json(created);
        String roomId = body.path("roomId").asText();
        assertEquals(roomId, UUID.fromString(roomId).toString(), "roomId is a canonical UUID");
        assertEquals("sfu", body.path("mode").asText());
        assertEquals("/api/rooms/" + roomId, created.headers().firstValue("location").orElse(null));

        HttpResponse<String> got = send("GET", "/api/rooms/" + roomId);
        assertEquals(200, got.statusCode());
        JsonNode room = json(got);
        assertEquals(roomId, room.path("roomId").asText());
        assertEquals("sfu", room.path("mode").asText());
        assertTrue(room.path("participants").isArray());
        assertEquals(0, room.path("participants").size());

        // two creations give two different rooms
        String other = json(send("POST", "/api/rooms")).path("roomId").asText();
        assertNotEquals(roomId, other);
    }

    @Test
    void unknownRoomIs404Json() throws Exception {
        long before = health().path("rejected").path("roomNotFound").asLong();
        HttpResponse<String> res = send("GET", "/api/rooms/" + UUID.randomUUID());
        assertEquals(404, res.statusCode());
        assertEquals("room-not-found", json(res).path("error").asText());
        assertEquals(404, send("GET", "/api/rooms/not-a-uuid").statusCode());
        assertTrue(health().path("rejected").path("roomNotFound").asLong() >= before + 2);
    }

    static JsonNode health() throws Exception {
        HttpResponse<String> res = send("GET", "/health");
        assertEquals(200, res.statusCode());
        return json(res);
    }

    @Test
    void healthReportsStatusAndCounters() throws Exception {
        JsonNode h = health();
        assertEquals("ok", h.path("status").asText());
        assertTrue(h.path("rooms").isNumber());
        assertTrue(h.path("participants").isNumber());
        for (String c : new String[] {"badJson", "unknownType", "badRequest", "oversizedFrames", "roomNotFound",
                "badSdp", "httpNotFound"}) {
            assertTrue(h.path("rejected").path(c).isNumber(), "counter " + c + " in " + h);
        }
        assertEquals(SERVER.server().mediaPort(), h.path("media").path("udpPort").asInt());

        int rooms = h.path("rooms").asInt();
        send("POST", "/api/rooms");
        assertTrue(health().path("rooms").asInt() >= rooms + 1, "room count grows");
    }

    @Test
    void wrongMethodIs405() throws Exception {
        HttpResponse<String> res = send("PUT", "/api/rooms");
        assertEquals(405, res.statusCode());
        assertEquals("method-not-allowed", json(res).path("error").asText());
        assertEquals(405, send("DELETE", "/api/rooms").statusCode());
        assertEquals(405, send("POST", "/health").statusCode());
        String roomId = json(send("POST", "/api/rooms")).path("roomId").asText();
        assertEquals(405, send("DELETE", "/api/rooms/" + roomId).statusCode());
        // the room is still there
        assertEquals(200, send("GET", "/api/rooms/" + roomId).statusCode());
    }

    @Test
    void unknownApiPathIs404Json() throws Exception {
        long before = health().path("rejected").path("httpNotFound").asLong();
        HttpResponse<String> res = send("GET", "/api/nope");
        assertEquals(404, res.statusCode());
        assertEquals("not-found", json(res).path("error").asText());
        assertTrue(health().path("rejected").path("httpNotFound").asLong() > before);
    }

    @Test
    void staticClientIsServed() throws Exception {
        HttpResponse<String> index = send("GET", "/");
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(index.body().toLowerCase().contains("<html") || index.body().toLowerCase().contains("<!doctype"),
                index.body());

        HttpResponse<String> roomPage = send("GET", "/r/" + UUID.randomUUID());
        assertEquals(200, roomPage.statusCode());
        assertTrue(roomPage.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertEquals(index.body(), roomPage.body(), "room links serve the same single-page client");
        assertEquals(index.body(), send("GET", "/r/anything/at/all").body());

        HttpResponse<String> js = send("GET", "/js/app.js");
        assertEquals(200, js.statusCode());
        assertTrue(js.headers().firstValue("content-type").orElse("").startsWith("text/javascript"),
                js.headers().toString());
        assertFalse(js.body().isEmpty());

        HttpResponse<String> head = send("HEAD", "/js/app.js");
        assertEquals(200, head.statusCode());

        assertEquals(404, send("GET", "/no-such-file.js").statusCode());
    }

    @Test
    void pathTraversalIsRefusedOverHttpClient() throws Exception {
        for (String p : new String[] {"/%2e%2e/pom.xml", "/js/%2e%2e/%2e%2e/pom.xml", "/js/%2E%2E/%2E%2E/pom.xml",
                "/..%2fpom.xml", "/js/..%2f..%2fpom.xml", "/%2e%2e%2f%2e%2e%2fpom.xml",
                "/js%5c..%5c..%5cpom.xml", "//etc/passwd", "/web/index.html/../../pom.xml"}) {
            HttpResponse<String> res = send("GET", p);
            assertEquals(404, res.statusCode(), p + " -> " + res.body());
            assertFalse(res.body().contains("<project"), p);
        }
        // room links are the client whatever follows /r/: never a file from elsewhere
        HttpResponse<String> room = send("GET", "/r/%2e%2e/%2e%2e/pom.xml");
        assertFalse(room.body().contains("<project"));
    }

    /** Raw socket so that no client normalises the dot segments away before they reach the server. */
    @Test
    void pathTraversalIsRefusedOnTheWire() throws Exception {
        for (String p : new String[] {"/../pom.xml", "/js/../../pom.xml", "/../../../../etc/passwd",
                "/%2e%2e/pom.xml", "/js/%2e%2e/%2e%2e/pom.xml", "/../signaling/pom.xml",
                "/../config/chorus.conf", "/js/../../web/index.html"}) {
            String res = rawGet(p);
            assertTrue(res.startsWith("HTTP/1.1 404"), p + " -> " + res.lines().findFirst().orElse(""));
            assertFalse(res.contains("<project"), p);
            assertFalse(res.contains("root:"), p);
        }
    }

    /** A directory on the classpath must not be served (a file: URL would produce a listing). */
    @Test
    void directoriesAreNotServed() throws Exception {
        for (String p : new String[] {"/js", "/js/", "/css", "/r"}) {
            HttpResponse<String> res = send("GET", p);
            assertEquals(404, res.statusCode(), p + " -> " + res.body());
        }
    }

    static String rawGet(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", SERVER.server().httpPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void httpsServesHealthWithTheSelfSignedCertificate() throws Exception {
        assertTrue(SERVER.server().httpsPort() > 0, "HTTPS listener is up");
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {trustAll}, null);
        SSLParameters params = new SSLParameters();
        params.setEndpointIdentificationAlgorithm(null); // the certificate need not name 127.0.0.1
        HttpClient https = HttpClient.newBuilder().sslContext(ctx).sslParameters(params)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> res = https.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + SERVER.server().httpsPort() + "/health"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        assertEquals("ok", json(res).path("status").asText());

        // plain HTTP on the TLS port does not get an answer
        try (Socket s = new Socket("127.0.0.1", SERVER.server().httpsPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer;
            try {
                answer = new String(s.getInputStream().readNBytes(64), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                answer = "";
            }
            assertFalse(answer.contains("\"status\""), answer);
        }
    }
}
