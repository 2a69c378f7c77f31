package dev.chorus.signaling.ws;

import static dev.chorus.signaling.ws.TestServer.expectError;
import static dev.chorus.signaling.ws.TestServer.joinOk;
import static dev.chorus.signaling.ws.TestServer.mediaState;
import static dev.chorus.signaling.ws.TestServer.participant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.room.ClientStatsSample;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code media-state} and {@code client-stats} (docs/protocol.md, People, chat and status in a room), and
 * the admin API's view of client stats, against an in-process server.
 */
@Timeout(60)
class PresenceProtocolTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(ServerConfig.ephemeralLoopback().withAdminToken("presence-" + UUID.randomUUID()));
    }

    @AfterAll
    static void stop() {
        if (s != null) {
            s.close();
        }
    }

    @AfterEach
    void closeClients() {
        s.closeClients();
    }

    static void assertState(JsonNode p, boolean audio, boolean video, boolean screen, String connection) {
        assertEquals(audio, p.path("audio").asBoolean(!audio), p.toString());
        assertEquals(video, p.path("video").asBoolean(!video), p.toString());
        assertEquals(screen, p.path("screen").asBoolean(!screen), p.toString());
        assertEquals(connection, p.path("connection").asText(), p.toString());
    }

    /**
     * The admin view's clientStats of {@code id} once {@code bweKbps} is {@code bwe} (-1: absent); polled,
     * since client-stats has no answer and is stored on the room thread.
     */
    static JsonNode awaitClientStats(String room, String id, int bwe) throws Exception {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (true) {
            JsonNode cs = participant(s.adminRoom(room).path("participants"), id).path("clientStats");
            if (cs.isObject() && (bwe < 0 ? !cs.has("bweKbps") : cs.path("bweKbps").asInt() == bwe)) {
                return cs;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("clientStats of " + id + " never showed bweKbps " + bwe + ": " + cs);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void mediaStateIsBroadcastToTheOthersOnlyWhenItChanges() throws Exception {
        String room = s.createRoom();
        WsClient a = s.connect();
        String aId = joinOk(a, room, "Ann").path("participantId").asText();
        WsClient b = s.connect();
        JsonNode jb = joinOk(b, room, "Bob");
        String bId = jb.path("participantId").asText();
        assertState(participant(jb.path("participants"), aId), false, false, false, "connected");
        JsonNode announced = a.expect("participant-joined").path("participant");
        assertEquals(bId, announced.path("participantId").asText());
        assertEquals("Bob", announced.path("name").asText());
        assertState(announced, false, false, false, "connected");

        a.send(mediaState(true, false, false));
        JsonNode updated = b.expect("participant-updated").path("participant");
        assertEquals(aId, updated.path("participantId").asText());
        assertEquals("Ann", updated.path("name").asText());
        assertState(updated, true, false, false, "connected");
        a.send(mediaState(true, false, false)); // unchanged: not re-broadcast
        a.send(mediaState(true, true, true));
        assertState(b.expect("participant-updated").path("participant"), true, true, true, "connected");
        b.expectQuiet(QUIET);
        a.expectQuiet(QUIET); // never to the sender

        WsClient c = s.connect();
        JsonNode jc = joinOk(c, room, "Cy");
        assertState(participant(jc.path("participants"), aId), true, true, true, "connected");
        assertState(participant(jc.path("participants"), bId), false, false, false, "connected");
    }

    @Test
    void malformedMediaStateIsABadRequestAndChangesNothing() throws Exception {
        WsClient early = s.connect();
        expectError(early, "{\"type\":\"media-state\",\"audio\":true,\"video\":true,\"screen\":false}", "not-joined", "media-state");
        String room = s.createRoom();
        WsClient a = s.connect();
        String aId = joinOk(a, room, "Ann").path("participantId").asText();
        WsClient b = s.connect();
        joinOk(b, room, "Bob");
        a.expect("participant-joined");
        long before = s.rejected("badRequest");
        String[] bad = {
            "{\"type\":\"media-state\"}",
            "{\"type\":\"media-state\",\"audio\":true,\"video\":true}",
            "{\"type\":\"media-state\",\"audio\":\"true\",\"video\":true,\"screen\":false}",
            "{\"type\":\"media-state\",\"audio\":1,\"video\":true,\"screen\":false}",
            "{\"type\":\"media-state\",\"audio\":true,\"video\":null,\"screen\":false}",
            "{\"type\":\"media-state\",\"audio\":true,\"video\":true,\"screen\":[]}",
        };
        for (String raw : bad) {
            expectError(a, raw, "bad-request", "media-state");
        }
        assertTrue(s.rejected("badRequest") >= before + bad.length);
        b.expectQuiet(QUIET);
        WsClient c = s.connect();
        assertState(participant(joinOk(c, room, "Cy").path("participants"), aId), false, false, false, "connected");
        a.expect("participant-joined");
        a.assertAlive();
    }

    static ObjectNode stats(double bwe) {
        ObjectNode m = Messages.of("client-stats");
        ObjectNode st = m.putObject("stats");
        st.put("bweKbps", bwe);
        st.put("sendKbps", 1200);
        st.put("recvKbps", 2400.5);
        st.put("rttMs", 35);
        st.put("jitterMs", 4.25);
        st.put("lossPct", 0);
        st.put("score", 87);
        st.put("somethingNew", "ignored");
        ArrayNode tracks = st.putArray("tracks");
        ObjectNode v = tracks.addObject();
        v.put("participantId", "someone");
        v.put("kind", "video");
        v.put("width", 640);
        v.put("height", 360);
        v.put("fps", 29.97);
        v.put("decoder", "ignored too");
        ObjectNode au = tracks.addObject();
        au.put("participantId", "someone");
        au.put("kind", "audio");
        return m;
    }

    @Test
    void clientStatsAreShownPerParticipantInTheAdminApi() throws Exception {
        String room = s.createRoom();
        WsClient a = s.connect();
        String aId = joinOk(a, room, "Ann").path("participantId").asText();
        WsClient b = s.connect();
        String bId = joinOk(b, room, "Bob").path("participantId").asText();
        a.expect("participant-joined");
        long before = System.currentTimeMillis();
        a.send(stats(1500));
        JsonNode cs = awaitClientStats(room, aId, 1500);
        long after = System.currentTimeMillis();
        assertTrue(cs.path("receivedAt").asLong() >= before && cs.path("receivedAt").asLong() <= after, cs.toString());
        assertEquals(1500, cs.path("bweKbps").asInt());
        assertEquals(2400.5, cs.path("recvKbps").asDouble());
        assertEquals(4.25, cs.path("jitterMs").asDouble());
        assertEquals(0, cs.path("lossPct").asInt());
        assertEquals(87, cs.path("score").asInt());
        assertFalse(cs.has("somethingNew"), "unknown fields are dropped: " + cs);
        assertEquals(2, cs.path("tracks").size());
        JsonNode v = cs.path("tracks").get(0);
        assertEquals("video", v.path("kind").asText());
        assertEquals(640, v.path("width").asInt());
        assertEquals(29.97, v.path("fps").asDouble());
        assertFalse(v.has("decoder"));
        assertEquals("audio", cs.path("tracks").get(1).path("kind").asText());
        assertFalse(cs.path("tracks").get(1).has("width"));
        assertTrue(participant(s.adminRoom(room).path("participants"), bId).path("clientStats").isNull(),
                "nothing sent yet: null");
        // the public room view does not show them
        assertFalse(participant(s.get("/api/rooms/" + room).path("participants"), aId).has("clientStats"));
        // and telemetry reads the same through the room
        ClientStatsSample sample = s.server.rooms().get(room).clientStats().get(aId);
        assertEquals(1500.0, sample.bweKbps());
        assertEquals(87.0, sample.score());
        b.expectQuiet(QUIET); // stats are not broadcast
    }

    @Test
    void malformedClientStatsAreRefusedAndKeepTheLastGoodOne() throws Exception {
        WsClient early = s.connect();
        expectError(early, stats(1).toString(), "not-joined", "client-stats");
        String room = s.createRoom();
        WsClient a = s.connect();
        String aId = joinOk(a, room, "Ann").path("participantId").asText();
        a.send(stats(777));
        awaitClientStats(room, aId, 777);
        long before = s.rejected("badRequest");
        String many = "{\"participantId\":\"p\",\"kind\":\"video\"},".repeat(65);
        String[] bad = {
            "{\"type\":\"client-stats\"}",
            "{\"type\":\"client-stats\",\"stats\":null}",
            "{\"type\":\"client-stats\",\"stats\":[1,2]}",
            "{\"type\":\"client-stats\",\"stats\":\"fast\"}",
            "{\"type\":\"client-stats\",\"stats\":{\"bweKbps\":-1}}",
            "{\"type\":\"client-stats\",\"stats\":{\"bweKbps\":\"100\"}}",
            "{\"type\":\"client-stats\",\"stats\":{\"rttMs\":null}}",
            "{\"type\":\"client-stats\",\"stats\":{\"rttMs\":true}}",
            "{\"type\":\"client-stats\",\"stats\":{\"jitterMs\":1e400}}",
            "{\"type\":\"client-stats\",\"stats\":{\"score\":101}}",
            "{\"type\":\"client-stats\",\"stats\":{\"tracks\":{}}}",
            "{\"type\":\"client-stats\",\"stats\":{\"tracks\":[" + many.substring(0, many.length() - 1) + "]}}",
            "{\"type\":\"client-stats\",\"stats\":{\"tracks\":[7]}}",
            "{\"type\":\"client-stats\",\"stats\":{\"tracks\":[{\"kind\":\"video\"}]}}",
            "{\"type\":\"client-stats\",\"stats\":{\"tracks\":[{\"participantId\":\"p\",\"kind\":\"smell\"}]}}",
            "{\"type\":\"client-stats\",\"stats\":{\"tracks\":[{\"participantId\":\"p\",\"kind\":\"video\",\"fps\":-30}]}}",
            "{\"type\":\"client-stats\",\"stats\":{\"tracks\":[{\"participantId\":\"" + "p".repeat(65) + "\",\"kind\":\"audio\"}]}}",
        };
        for (String raw : bad) {
            expectError(a, raw, "bad-request", "client-stats");
        }
        assertTrue(s.rejected("badRequest") >= before + bad.length);
        assertEquals(777, participant(s.adminRoom(room).path("participants"), aId).path("clientStats").path("bweKbps").asInt());
        // 64 tracks and an empty report are fine (a second after 777, for the rate limit)
        Thread.sleep(1100);
        a.sendRaw("{\"type\":\"client-stats\",\"stats\":{\"tracks\":[" + many.substring(0, 64 * many.length() / 65 - 1) + "]}}");
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (awaitClientStats(room, aId, -1).path("tracks").size() != 64) {
            assertTrue(System.nanoTime() < deadline, "64 tracks are accepted");
            Thread.sleep(20);
        }
        a.sendRaw("{\"type\":\"client-stats\",\"stats\":{}}");
        while (awaitClientStats(room, aId, -1).has("tracks")) {
            assertTrue(System.nanoTime() < deadline, "an empty report is accepted");
            Thread.sleep(20);
        }
        a.expectQuiet(Duration.ofMillis(300));
    }

    @Test
    void moreThanTwoClientStatsPerSecondAreRateLimited() throws Exception {
        String room = s.createRoom();
        WsClient a = s.connect();
        String aId = joinOk(a, room, "Ann").path("participantId").asText();
        long before = s.rejected("rateLimited");
        a.send(stats(1));
        a.send(stats(2));
        a.send(stats(3));
        assertEquals("client-stats", a.expectError("rate-limited").path("requestType").asText());
        a.assertAlive();
        assertEquals(2, participant(s.adminRoom(room).path("participants"), aId).path("clientStats").path("bweKbps").asInt());
        assertTrue(s.rejected("rateLimited") >= before + 1);
        Thread.sleep(1100);
        a.send(stats(4));
        awaitClientStats(room, aId, 4);
    }
}
