package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.config.ServerConfig;
import java.time.Duration;
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
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(ServerConfig.ephemeralLoopback().withAdminToken(TOKEN));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeClients() {
        server.closeClients();
    }

    private static WsClient connect() throws Exception {
        return server.connect();
    }

    private static String createRoom(String mode) throws Exception {
        return server.createRoom(mode);
    }

    private static void switchMode(String roomId, String mode) throws Exception {
        server.switchMode(roomId, mode);
    }

    private static JsonNode join(WsClient c, String roomId, String name) throws Exception {
        return TestServer.joinOk(c, roomId, name);
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
