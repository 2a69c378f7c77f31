package dev.chorus.signaling.ws;

import static dev.chorus.signaling.ws.TestServer.chat;
import static dev.chorus.signaling.ws.TestServer.expectError;
import static dev.chorus.signaling.ws.TestServer.joinOk;
import static dev.chorus.signaling.ws.TestServer.mediaState;
import static dev.chorus.signaling.ws.TestServer.participant;
import static dev.chorus.signaling.ws.TestServer.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.media.sfu.TransportState;
import dev.chorus.media.sfu.WebRtcTransport;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.protocol.Messages;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Staying connected across a dropped WebSocket (docs/protocol.md, WebSocket drop): {@code resumeToken},
 * {@code resume}/{@code resumed}, {@code connection} in {@code participant-updated}, grace expiry.
 */
@Timeout(60)
class ResumeProtocolTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final int GRACE = 30;
    private static final int SHORT_GRACE = 1;
    /** Grace periods long enough to resume in. */
    private static TestServer s;
    /** For expiry. */
    private static TestServer shortGrace;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(ServerConfig.ephemeralLoopback().withResumeGraceSeconds(GRACE));
        shortGrace = new TestServer(ServerConfig.ephemeralLoopback().withResumeGraceSeconds(SHORT_GRACE));
    }

    @AfterAll
    static void stop() {
        if (s != null) {
            s.close();
        }
        if (shortGrace != null) {
            shortGrace.close();
        }
    }

    @AfterEach
    void closeClients() {
        s.closeClients();
        shortGrace.closeClients();
    }

    static ObjectNode resume(String token) {
        ObjectNode r = Messages.of("resume");
        r.put("resumeToken", token);
        return r;
    }

    static String token(JsonNode joinedOrResumed) {
        String t = joinedOrResumed.path("resumeToken").asText();
        assertTrue(t.matches("[A-Za-z0-9_-]{22,}"), "an opaque URL-safe token of 22+ characters: " + t);
        return t;
    }

    /** The next participant-updated must say that {@code id} is now {@code connection}. */
    static JsonNode expectConnection(WsClient c, String id, String connection) throws Exception {
        JsonNode p = c.expect("participant-updated").path("participant");
        assertEquals(id, p.path("participantId").asText(), p.toString());
        assertEquals(connection, p.path("connection").asText(), p.toString());
        return p;
    }

    static List<TransportState> transportStates(TestServer server, String room) {
        return server.server.media().router(room).transports().stream().map(WebRtcTransport::state).toList();
    }

    /** Bob's transport, the room's only one (nobody connects its ICE here), is not closed. */
    static void assertOneOpenTransport(String room, String why) {
        List<TransportState> states = transportStates(s, room);
        assertEquals(1, states.size(), why + ": " + states);
        assertNotEquals(TransportState.CLOSED, states.get(0), why);
    }

    static Set<String> ids(TestServer server, String room) throws Exception {
        Set<String> ids = new HashSet<>();
        server.get("/api/rooms/" + room).path("participants").forEach(p -> ids.add(p.path("participantId").asText()));
        return ids;
    }

    @Test
    void joinedCarriesTheResumeFields() throws Exception {
        String room = s.createRoom();
        WsClient a = s.connect();
        JsonNode joined = joinOk(a, room, "Ann");
        token(joined);
        assertEquals(GRACE, joined.path("resumeGraceSeconds").asInt());
        assertTrue(joined.path("chat").isArray());
    }

    @Test
    void aDroppedParticipantResumesWithItsIdMediaAndWhatItMissed() throws Exception {
        String room = s.createRoom();
        WsClient a = s.connect();
        String aId = joinOk(a, room, "Ann").path("participantId").asText();
        WsClient b = s.connect();
        JsonNode jb = joinOk(b, room, "Bob");
        String bId = jb.path("participantId").asText();
        String bToken = token(jb);
        a.expect("participant-joined");
        b.send(TestServer.offer("chrome-offer.sdp"));
        until(b, "answer");
        assertOneOpenTransport(room, "Bob's transport");

        b.close(); // the network goes: no close handshake, no leave
        expectConnection(a, bId, "reconnecting");
        assertEquals(Set.of(aId, bId), ids(s, room), "still in the room");
        a.send(chat("while you were away"));
        a.expect("chat");
        a.send(mediaState(true, true, false));
        Thread.sleep(500);
        assertOneOpenTransport(room, "media is untouched during the grace period");

        WsClient b2 = s.connect();
        b2.send(resume(bToken));
        JsonNode resumed = b2.expect("resumed");
        assertEquals(bId, resumed.path("participantId").asText());
        assertEquals(room, resumed.path("roomId").asText());
        assertEquals("sfu", resumed.path("mode").asText());
        assertEquals(GRACE, resumed.path("resumeGraceSeconds").asInt());
        String newToken = token(resumed);
        assertNotEquals(bToken, newToken);
        assertEquals(1, resumed.path("participants").size(), resumed.toString());
        JsonNode ann = participant(resumed.path("participants"), aId);
        assertEquals("Ann", ann.path("name").asText());
        assertTrue(ann.path("audio").asBoolean() && ann.path("video").asBoolean() && !ann.path("screen").asBoolean(),
                "the snapshot has what was missed: " + ann);
        assertEquals("connected", ann.path("connection").asText());
        JsonNode missed = resumed.path("chat").get(resumed.path("chat").size() - 1);
        assertEquals("while you were away", missed.path("text").asText());
        expectConnection(a, bId, "connected");
        b2.expectQuiet(QUIET); // nothing sent while detached is replayed: the snapshot re-synced it

        // the new socket is Bob's channel now, both ways
        a.send(chat("welcome back"));
        assertEquals("welcome back", b2.expect("chat").path("message").path("text").asText());
        a.expect("chat");
        b2.send(chat("thanks"));
        assertEquals(bId, a.expect("chat").path("message").path("participantId").asText());
        b2.expect("chat");
        b2.send(TestServer.offer("chrome-reoffer.sdp"));
        until(b2, "answer");
        assertOneOpenTransport(room, "the same transport");

        // the old token is spent, the new one is Bob's
        long before = s.rejected("resumeFailed");
        WsClient b3 = s.connect();
        b3.send(resume(bToken));
        assertEquals("resume", b3.expectError("resume-failed").path("requestType").asText());
        assertTrue(s.rejected("resumeFailed") >= before + 1);
        b3.send(resume(newToken)); // Bob's live socket is b2: b3 takes over, b2 is closed
        assertEquals(bId, b3.expect("resumed").path("participantId").asText());
        b2.closed.get(WsClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        a.expectQuiet(QUIET); // Bob never looked disconnected
        assertEquals(Set.of(aId, bId), ids(s, room));
    }

    @Test
    void aTokenResumesOnlyItsOwnParticipant() throws Exception {
        String room = s.createRoom();
        WsClient a = s.connect();
        JsonNode ja = joinOk(a, room, "Ann");
        WsClient b = s.connect();
        JsonNode jb = joinOk(b, room, "Bob");
        WsClient c = s.connect();
        String cId = joinOk(c, room, "Cy").path("participantId").asText();
        String aId = ja.path("participantId").asText();
        String bId = jb.path("participantId").asText();
        a.close();
        b.close();
        Set<String> dropped = new HashSet<>(); // the server may notice the two in either order
        for (int i = 0; i < 2; i++) {
            JsonNode p = c.expect("participant-updated").path("participant");
            assertEquals("reconnecting", p.path("connection").asText(), p.toString());
            dropped.add(p.path("participantId").asText());
        }
        assertEquals(Set.of(aId, bId), dropped);

        WsClient b2 = s.connect();
        b2.send(resume(token(jb)));
        JsonNode rb = b2.expect("resumed");
        assertEquals(bId, rb.path("participantId").asText());
        assertEquals("reconnecting", participant(rb.path("participants"), aId).path("connection").asText());
        assertEquals("connected", participant(rb.path("participants"), cId).path("connection").asText());
        expectConnection(c, bId, "connected");
        WsClient a2 = s.connect();
        a2.send(resume(token(ja)));
        assertEquals(aId, a2.expect("resumed").path("participantId").asText());
        expectConnection(c, aId, "connected");
        expectConnection(b2, aId, "connected");
        // a socket that is in a room cannot resume anything
        c.send(resume(token(rb)));
        c.expectError("already-joined");
        b2.send(resume(token(ja)));
        b2.expectError("already-joined");
        assertEquals(Set.of(aId, bId, cId), ids(s, room));
    }

    @Test
    void leaveStillLeavesAtOnceAndSpendsTheToken() throws Exception {
        String room = s.createRoom();
        WsClient a = s.connect();
        joinOk(a, room, "Ann");
        WsClient b = s.connect();
        JsonNode jb = joinOk(b, room, "Bob");
        a.expect("participant-joined");
        b.send(Messages.of("leave"));
        b.expect("left");
        assertEquals(jb.path("participantId").asText(), a.expect("participant-left").path("participantId").asText());
        b.close();
        a.expectQuiet(QUIET);
        WsClient b2 = s.connect();
        b2.send(resume(token(jb)));
        b2.expectError("resume-failed");
        b2.assertAlive();
    }

    @Test
    void afterTheGracePeriodTheParticipantLeavesAndItsTokenFails() throws Exception {
        String room = shortGrace.createRoom();
        WsClient a = shortGrace.connect();
        String aId = joinOk(a, room, "Ann").path("participantId").asText();
        WsClient b = shortGrace.connect();
        JsonNode jb = joinOk(b, room, "Bob");
        String bId = jb.path("participantId").asText();
        a.expect("participant-joined");
        b.send(TestServer.offer("chrome-offer.sdp"));
        until(b, "answer");
        b.closeAndWait();
        expectConnection(a, bId, "reconnecting");
        assertEquals(bId, a.expect("participant-left").path("participantId").asText());
        assertEquals(Set.of(aId), ids(shortGrace, room));
        assertEquals(List.of(), transportStates(shortGrace, room), "Bob's transport closed");
        WsClient b2 = shortGrace.connect();
        b2.send(resume(token(jb)));
        b2.expectError("resume-failed");
        // the socket can still join afresh
        assertEquals(1, joinOk(b2, room, "Bob").path("participants").size());
    }

    @Test
    void malformedResumeIsRefusedAndCountedWithoutTouchingTheRoom() throws Exception {
        String room = s.createRoom();
        WsClient a = s.connect();
        JsonNode ja = joinOk(a, room, "Ann");
        long bad = s.rejected("badRequest");
        long failed = s.rejected("resumeFailed");
        WsClient x = s.connect();
        String[] malformed = {
            "{\"type\":\"resume\"}",
            "{\"type\":\"resume\",\"resumeToken\":null}",
            "{\"type\":\"resume\",\"resumeToken\":12345}",
            "{\"type\":\"resume\",\"resumeToken\":[\"" + token(ja) + "\"]}",
            "{\"type\":\"resume\",\"resumeToken\":{\"t\":1}}",
        };
        for (String raw : malformed) {
            expectError(x, raw, "bad-request", "resume");
        }
        String[] unknown = {"", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", token(ja) + "x", token(ja).substring(1),
            token(ja).toUpperCase(), "<script>" + "t".repeat(100_000), "../../" + token(ja)};
        for (String t : unknown) {
            x.send(resume(t));
            x.expectError("resume-failed");
        }
        assertTrue(s.rejected("badRequest") >= bad + malformed.length);
        assertTrue(s.rejected("resumeFailed") >= failed + unknown.length);
        x.assertAlive();
        a.expectQuiet(QUIET); // Ann noticed nothing
        assertEquals(Set.of(ja.path("participantId").asText()), ids(s, room));
        // her token still works (nothing above spent it)
        a.close();
        WsClient a2 = s.connect();
        a2.send(resume(token(ja)));
        assertEquals(ja.path("participantId").asText(), a2.expect("resumed").path("participantId").asText());
    }
}
