package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.protocol.Messages;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /api/rooms/{id}/stats}: participants always, the compositor's counters in MCU mode only. */
@Timeout(60)
class RoomStatsTest {
    private static final String TOKEN = "stats-test-admin-token";
    private static final String[] COUNTERS = {"members", "frames", "lastFrameMicros", "maxFrameMicros", "lateFrames",
        "failedFrames", "inputPacketsDropped", "audioTicks", "outputPacketsDropped"};
    private static final String[] LATENCY = {"pictures", "lastMicros", "maxMicros", "p50Micros", "p95Micros"};
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

    private static String createRoom(String mode) throws Exception {
        return server.createRoom(mode);
    }

    private static JsonNode stats(String roomId) throws Exception {
        HttpResponse<String> res = server.request("GET", "/api/rooms/" + roomId + "/stats", false);
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        return Messages.JSON.readTree(res.body());
    }

    /** Polls the stats until {@code done} (bounded). */
    private static JsonNode statsWhen(String roomId, Predicate<JsonNode> done, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode s = stats(roomId);
        while (!done.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + ": " + s);
            }
            Thread.sleep(50);
            s = stats(roomId);
        }
        return s;
    }

    private void join(String roomId, String name) throws Exception {
        TestServer.joinOk(server.connect(), roomId, name);
    }

    @Test
    void anSfuRoomHasNoCompositor() throws Exception {
        String roomId = createRoom("sfu");
        join(roomId, "Ada");
        JsonNode s = stats(roomId);
        assertEquals("sfu", s.path("mode").asText());
        assertEquals(1, s.path("participants").size());
        assertTrue(s.has("compositor") && s.get("compositor").isNull(), s.toString());
    }

    @Test
    void anMcuRoomReportsItsCompositorUntilItSwitchesToSfu() throws Exception {
        String roomId = createRoom("mcu");
        join(roomId, "Ada");
        join(roomId, "Bob");
        JsonNode s = statsWhen(roomId, j -> j.path("compositor").path("members").asInt() == 2
                && j.path("compositor").path("frames").asLong() > 0
                && !j.path("compositor").path("videoCodecs").isEmpty(), "two members composited and encoded");
        assertEquals("mcu", s.path("mode").asText());
        assertEquals(2, s.path("participants").size());
        JsonNode c = s.get("compositor");
        for (String f : COUNTERS) {
            assertTrue(c.path(f).isIntegralNumber() && c.path(f).asLong() >= 0, f + " in " + c);
        }
        assertTrue(c.path("maxFrameMicros").asLong() >= c.path("lastFrameMicros").asLong(), c.toString());
        assertEquals("[\"VP8\"]", c.path("videoCodecs").toString(), "nobody takes H.264: only VP8 is encoded: " + c);
        JsonNode latency = c.path("latency");
        for (String f : LATENCY) {
            assertEquals(0, latency.path(f).asLong(-1), "no video published: no " + f + " in " + latency);
        }
        long frames = c.path("frames").asLong();
        statsWhen(roomId, j -> j.path("compositor").path("frames").asLong() > frames, "the composite going on");

        server.switchMode(roomId, "sfu");
        JsonNode after = stats(roomId);
        assertEquals("sfu", after.path("mode").asText());
        assertTrue(after.get("compositor").isNull(), after.toString());
    }
}
