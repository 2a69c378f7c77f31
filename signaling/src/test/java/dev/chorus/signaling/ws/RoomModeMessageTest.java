package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A mode switch through the admin API reaches every participant as a `mode` message; joins see the mode. */
@Timeout(60)
class RoomModeMessageTest {
    private static final String TOKEN = "ws-test-admin-token";
    private static ChorusServer server;
    private static HttpClient http;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = ChorusServer.start(ServerConfig.ephemeralLoopback().withAdminToken(TOKEN));
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

    private WsClient connect() throws Exception {
        WsClient c = WsClient.connect(http, server.httpPort());
        clients.add(c);
        return c;
    }

    private static HttpResponse<String> post(String path, String body, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (admin) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String createRoom(String mode) throws Exception {
        HttpResponse<String> res = post("/api/rooms", "{\"mode\":\"" + mode + "\"}", false);
        assertEquals(201, res.statusCode(), res.body());
        return Messages.JSON.readTree(res.body()).path("roomId").asText();
    }

    private static void switchMode(String roomId, String mode) throws Exception {
        HttpResponse<String> res = post("/api/admin/rooms/" + roomId + "/mode", "{\"mode\":\"" + mode + "\"}", true);
        assertEquals(200, res.statusCode(), res.body());
        assertEquals(mode, Messages.JSON.readTree(res.body()).path("mode").asText());
    }

    private JsonNode join(WsClient c, String roomId, String name) throws Exception {
        c.send(SignalingProtocolTest.join(roomId, name));
        return c.expect("joined");
    }

    @Test
    void everyParticipantLearnsTheNewMode() throws Exception {
        String roomId = createRoom("sfu");
        WsClient ada = connect();
        WsClient bob = connect();
        assertEquals("sfu", join(ada, roomId, "Ada").path("mode").asText());
        assertEquals("sfu", join(bob, roomId, "Bob").path("mode").asText());
        ada.expect("participant-joined");

        switchMode(roomId, "mcu");
        for (WsClient c : List.of(ada, bob)) {
            JsonNode m = c.expect("mode");
            assertEquals("mcu", m.path("mode").asText(), m.toString());
        }

        // an unchanged mode sends nothing
        switchMode(roomId, "mcu");
        ada.expectQuiet(Duration.ofMillis(300));
        bob.expectQuiet(Duration.ofMillis(10));

        // a newcomer learns the mode from `joined`
        WsClient cy = connect();
        assertEquals("mcu", join(cy, roomId, "Cy").path("mode").asText());
        ada.expect("participant-joined");
        bob.expect("participant-joined");

        switchMode(roomId, "sfu");
        for (WsClient c : List.of(ada, bob, cy)) {
            assertEquals("sfu", c.expect("mode").path("mode").asText());
        }
    }

    @Test
    void aRoomCreatedInMcuSaysSoOnJoin() throws Exception {
        String roomId = createRoom("mcu");
        assertEquals("mcu", join(connect(), roomId, "Ada").path("mode").asText());
    }
}
