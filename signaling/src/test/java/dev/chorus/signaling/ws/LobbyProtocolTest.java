package dev.chorus.signaling.ws;

import static dev.chorus.signaling.ws.LobbyFixture.expectAccepted;
import static dev.chorus.signaling.ws.LobbyFixture.expectEnded;
import static dev.chorus.signaling.ws.LobbyFixture.expectPresence;
import static dev.chorus.signaling.ws.LobbyFixture.find;
import static dev.chorus.signaling.ws.LobbyFixture.join;
import static dev.chorus.signaling.ws.LobbyFixture.msg;
import static dev.chorus.signaling.ws.LobbyFixture.next;
import static dev.chorus.signaling.ws.LobbyFixture.ring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.ws.LobbyFixture.User;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** docs/protocol.md "Lobby and direct calls": presence, ringing, answers, and the room a call becomes. */
@Timeout(60)
class LobbyProtocolTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private static LobbyFixture f;

    @BeforeAll
    static void start() throws Exception {
        // the default 30 s ring timeout: nothing here times out by accident
        f = new LobbyFixture(ServerConfig.ephemeralLoopback());
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        f.closeClients();
    }

    private static Set<String> ids(JsonNode users) {
        Set<String> out = new HashSet<>();
        users.forEach(u -> out.add(u.path("userId").asText()));
        return out;
    }

    @Test
    void presenceListsAndUpdatesAcrossThreeClients() throws Exception {
        WsClient aws = f.connect();
        aws.send(msg("lobby-enter", "name", "  Ann  "));
        JsonNode lobbyA = aws.expect("lobby");
        assertEquals(0, lobbyA.path("users").size(), "nobody else yet: " + lobbyA);
        User a = new User(aws, lobbyA.path("userId").asText(), "Ann"); // the name is trimmed

        WsClient bws = f.connect();
        bws.send(msg("lobby-enter", "name", "Bob"));
        JsonNode lobbyB = bws.expect("lobby");
        User b = new User(bws, lobbyB.path("userId").asText(), "Bob");
        assertNotEquals(a.userId(), b.userId());
        assertEquals(1, lobbyB.path("users").size(), lobbyB.toString());
        JsonNode ann = lobbyB.path("users").get(0);
        assertEquals(a.userId(), ann.path("userId").asText());
        assertEquals("Ann", ann.path("name").asText());
        assertEquals("available", ann.path("status").asText());
        expectPresence("available", b, a);

        User c = f.enter("Cy");
        expectPresence("available", c, a, b);
        User d = f.enter("Dee");
        expectPresence("available", d, a, b, c);
        a.ws().expectQuiet(QUIET);
        b.ws().expectQuiet(QUIET); // nobody hears about themselves or twice

        b.ws().send(msg("lobby-leave"));
        for (User o : new User[] {a, c, d}) {
            assertEquals(b.userId(), o.ws().expect("presence-left").path("userId").asText());
        }
        b.ws().expectQuiet(QUIET);
        b.ws().assertAlive(); // leaving the lobby keeps the socket

        c.ws().closeAndWait();
        for (User o : new User[] {a, d}) {
            assertEquals(c.userId(), o.ws().expect("presence-left").path("userId").asText());
        }
        d.ws().close(); // no close handshake
        assertEquals(d.userId(), a.ws().expect("presence-left").path("userId").asText());

        // the same socket may enter again, as a new user, and sees who is left
        b.ws().send(msg("lobby-enter", "name", "Bob"));
        JsonNode again = b.ws().expect("lobby");
        assertNotEquals(b.userId(), again.path("userId").asText());
        assertEquals(Set.of(a.userId()), ids(again.path("users")));
        expectPresence("available", new User(b.ws(), again.path("userId").asText(), "Bob"), a);
    }

    @Test
    void aListShowsEveryoneElseWithTheirStatus() throws Exception {
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        String callId = ring(a, b, "video");
        WsClient cws = f.connect();
        cws.send(msg("lobby-enter", "name", "Cy"));
        JsonNode lobby = cws.expect("lobby");
        assertEquals(List.of(a.userId(), b.userId()),
                lobby.path("users").findValuesAsText("userId"), "in the order they came: " + lobby);
        lobby.path("users").forEach(u -> assertEquals("in-call", u.path("status").asText(), u.toString()));
        assertTrue(callId.length() > 0);
    }

    @Test
    void ringAcceptJoinLeave() throws Exception {
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        User c = f.enter("Cy");
        expectPresence("available", c, a, b);

        String callId = ring(a, b, "video", c);
        b.ws().send(msg("call-accept", "callId", callId));
        String roomId = expectAccepted(callId, "video", a, b);
        c.ws().expectQuiet(QUIET); // an accepted call changes nobody's status

        String aPid = join(a.ws(), roomId, "Ann");
        String bPid = join(b.ws(), roomId, "Bob");
        assertEquals(bPid, a.ws().expect("participant-joined").path("participant").path("participantId").asText());
        JsonNode room = Messages.JSON.readTree(f.get("/api/rooms/" + roomId).body());
        assertEquals("sfu", room.path("mode").asText());
        assertEquals(2, room.path("participants").size());

        // still in-call while in the room: a third caller hears busy
        c.ws().send(msg("call", "userId", a.userId(), "media", "voice"));
        JsonNode busy = c.ws().expect("call-ended");
        assertEquals("busy", busy.path("reason").asText());
        assertNotEquals(callId, busy.path("callId").asText());

        // leaving the call's room makes Ann available again, Bob stays in-call
        a.ws().send(msg("leave"));
        a.ws().expect("left");
        List<JsonNode> toBob = next(b.ws(), 2);
        assertEquals(aPid, find(toBob, "participant-left").path("participantId").asText());
        assertEquals("available", find(toBob, "presence").path("user").path("status").asText());
        expectPresence("available", a, c);
        a.ws().expectQuiet(QUIET);

        b.ws().send(msg("leave"));
        b.ws().expect("left");
        expectPresence("available", b, a, c);
        // the call's room goes away once both have left it
        f.awaitRoomStatus(roomId, 404);

        // both can be called again
        String second = ring(c, a, "voice", b);
        assertNotEquals(callId, second);
    }

    @Test
    void socketOfACallerInTheRoomClosing() throws Exception {
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        String callId = ring(a, b, "voice");
        b.ws().send(msg("call-accept", "callId", callId));
        String roomId = expectAccepted(callId, "voice", a, b);
        join(a.ws(), roomId, "Ann");
        join(b.ws(), roomId, "Bob");
        a.ws().expect("participant-joined");

        a.ws().close(); // Ann's socket goes: she leaves the lobby; in the room she may still resume
        List<JsonNode> toBob = next(b.ws(), 2);
        assertEquals(a.userId(), find(toBob, "presence-left").path("userId").asText());
        assertEquals("reconnecting", find(toBob, "participant-updated").path("participant").path("connection").asText());
        b.ws().expectQuiet(QUIET); // and Bob stays in-call: nobody to tell, but no presence either

        User c = f.enter("Cy");
        expectPresence("available", c, b);
        c.ws().send(msg("call", "userId", b.userId(), "media", "video"));
        assertEquals("busy", c.ws().expect("call-ended").path("reason").asText());
        b.ws().send(msg("leave"));
        b.ws().expect("left");
        expectPresence("available", b, c);
        // Ann may still resume into the call room (grace period): it stays until she is gone too
        f.awaitRoomStatus(roomId, 200);
    }

    @Test
    void reject() throws Exception {
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        User c = f.enter("Cy");
        expectPresence("available", c, a, b);
        String callId = ring(a, b, "video", c);

        b.ws().send(msg("call-reject", "callId", callId));
        expectEnded(callId, "rejected", a, b);
        expectPresence("available", a, b);
        expectPresence("available", b, a);
        expectPresence("available", a, c);
        expectPresence("available", b, c);

        b.ws().send(msg("call-reject", "callId", callId));
        b.ws().expectError("unknown-call");
        b.ws().send(msg("call-accept", "callId", callId));
        b.ws().expectError("unknown-call");
        a.ws().expectQuiet(QUIET);
    }

    @Test
    void cancel() throws Exception {
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        String callId = ring(a, b, "voice");

        a.ws().send(msg("call-cancel", "callId", callId));
        expectEnded(callId, "cancelled", a, b);
        expectPresence("available", a, b);
        expectPresence("available", b, a);
        b.ws().send(msg("call-accept", "callId", callId));
        JsonNode e = b.ws().expectError("unknown-call");
        assertEquals("call-accept", e.path("requestType").asText());
        a.ws().send(msg("call-cancel", "callId", callId));
        a.ws().expectError("unknown-call");
    }

    @Test
    void busy() throws Exception {
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        User c = f.enter("Cy");
        expectPresence("available", c, a, b);
        String callId = ring(a, b, "video", c);

        // the callee is ringing
        c.ws().send(msg("call", "userId", b.userId(), "media", "video"));
        JsonNode busy = c.ws().expect("call-ended");
        assertEquals("busy", busy.path("reason").asText());
        String busyId = busy.path("callId").asText();
        assertTrue(!busyId.isEmpty() && !busyId.equals(callId), busy.toString());
        // the caller is ringing
        c.ws().send(msg("call", "userId", a.userId(), "media", "voice"));
        assertEquals("busy", c.ws().expect("call-ended").path("reason").asText());
        // a ringing caller calls someone else: busy for them, their call rings on
        a.ws().send(msg("call", "userId", c.userId(), "media", "video"));
        assertEquals("busy", a.ws().expect("call-ended").path("reason").asText());
        // the callee calls back
        b.ws().send(msg("call", "userId", a.userId(), "media", "video"));
        assertEquals("busy", b.ws().expect("call-ended").path("reason").asText());
        for (User u : new User[] {a, b, c}) {
            u.ws().expectQuiet(QUIET); // no one was rung, no status changed
        }

        b.ws().send(msg("call-accept", "callId", callId));
        expectAccepted(callId, "video", a, b);
    }

    @Test
    void calleeSocketClosingWhileRingingEndsTheCallGone() throws Exception {
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        User c = f.enter("Cy");
        expectPresence("available", c, a, b);
        String callId = ring(a, b, "video", c);

        b.ws().close();
        JsonNode ended = a.ws().expect("call-ended");
        assertEquals(callId, ended.path("callId").asText());
        assertEquals("gone", ended.path("reason").asText());
        assertEquals(b.userId(), a.ws().expect("presence-left").path("userId").asText());
        expectPresence("available", a, c);
        assertEquals(b.userId(), c.ws().expect("presence-left").path("userId").asText());

        a.ws().send(msg("call-cancel", "callId", callId));
        a.ws().expectError("unknown-call");
    }

    @Test
    void callerLeavingTheLobbyWhileRingingEndsTheCallGoneForBoth() throws Exception {
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        String callId = ring(a, b, "voice");

        a.ws().send(msg("lobby-leave"));
        expectEnded(callId, "gone", a, b); // the caller's socket is open: they hear it too
        assertEquals(a.userId(), b.ws().expect("presence-left").path("userId").asText());
        a.ws().expectQuiet(QUIET);
        b.ws().send(msg("call-accept", "callId", callId));
        b.ws().expectError("unknown-call");
    }

    @Test
    void callMediaReachesEveryoneInTheRoomIncludingTheSender() throws Exception {
        String room = f.createRoom();
        WsClient a = f.connect();
        String aPid = join(a, room, "Ann");
        WsClient b = f.connect();
        join(b, room, "Bob");
        a.expect("participant-joined");
        WsClient outsider = f.connect();

        a.send(msg("call-media", "media", "voice"));
        for (WsClient c : new WsClient[] {a, b}) {
            JsonNode m = c.expect("call-media");
            assertEquals(aPid, m.path("participantId").asText());
            assertEquals("voice", m.path("media").asText());
        }
        a.send(msg("call-media", "media", "video"));
        assertEquals("video", a.expect("call-media").path("media").asText());
        assertEquals("video", b.expect("call-media").path("media").asText());

        long before = f.rejected("badRequest");
        a.send(msg("call-media"));
        assertEquals("call-media", a.expectError("bad-request").path("requestType").asText());
        a.send(msg("call-media", "media", "audio"));
        a.expectError("bad-request");
        ObjectNode numeric = Messages.of("call-media");
        numeric.put("media", 1);
        a.send(numeric);
        a.expectError("bad-request");
        outsider.send(msg("call-media", "media", "voice"));
        outsider.expectError("not-joined");
        b.expectQuiet(QUIET);
        assertTrue(f.rejected("badRequest") >= before + 4);
    }

    @Test
    void badInputGetsItsErrorIsCountedAndChangesNothing() throws Exception {
        long before = f.rejected("badRequest");
        int errors = 0;
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        String callId = ring(a, b, "video");
        User c = f.enter("Cy");
        expectPresence("available", c, a, b);

        // before lobby-enter
        WsClient stranger = f.connect();
        for (ObjectNode m : new ObjectNode[] {msg("call", "userId", a.userId(), "media", "video"),
                msg("call-accept", "callId", callId), msg("call-reject", "callId", callId),
                msg("call-cancel", "callId", callId), msg("lobby-leave")}) {
            stranger.send(m);
            JsonNode e = stranger.expectError("not-in-lobby");
            assertEquals(m.path("type").asText(), e.path("requestType").asText());
            errors++;
        }

        // lobby-enter: bad names, then a second enter
        ObjectNode numericName = Messages.of("lobby-enter");
        numericName.put("name", 7);
        for (ObjectNode m : new ObjectNode[] {msg("lobby-enter"), msg("lobby-enter", "name", ""),
                msg("lobby-enter", "name", "   "), msg("lobby-enter", "name", "n".repeat(65)), numericName}) {
            stranger.send(m);
            assertEquals("lobby-enter", stranger.expectError("bad-request").path("requestType").asText());
            errors++;
        }
        c.ws().send(msg("lobby-enter", "name", "Cy again"));
        assertEquals("lobby-enter", c.ws().expectError("already-in-lobby").path("requestType").asText());
        errors++;

        // call: missing and invalid fields, calling yourself, nobody by that id
        ObjectNode numericUser = Messages.of("call");
        numericUser.put("userId", 5);
        numericUser.put("media", "video");
        ObjectNode numericMedia = msg("call", "userId", a.userId());
        numericMedia.put("media", 1);
        for (ObjectNode m : new ObjectNode[] {msg("call"), msg("call", "media", "video"), numericUser,
                msg("call", "userId", a.userId()), msg("call", "userId", a.userId(), "media", "audio"), numericMedia,
                msg("call", "userId", "", "media", "video"), msg("call", "userId", "u".repeat(65), "media", "video"),
                msg("call", "userId", c.userId(), "media", "video")}) {
            c.ws().send(m);
            assertEquals("call", c.ws().expectError("bad-request").path("requestType").asText(), m.toString());
            errors++;
        }
        c.ws().send(msg("call", "userId", "no-such-user", "media", "video"));
        assertEquals("call", c.ws().expectError("user-not-found").path("requestType").asText());
        errors++;

        // answers: no or bad callId, unknown calls, someone else's call, the wrong side of one's own
        ObjectNode numericCall = Messages.of("call-accept");
        numericCall.put("callId", 3);
        for (ObjectNode m : new ObjectNode[] {msg("call-accept"), msg("call-reject"), msg("call-cancel"), numericCall}) {
            b.ws().send(m);
            b.ws().expectError("bad-request");
            errors++;
        }
        for (String type : new String[] {"call-accept", "call-reject", "call-cancel"}) {
            b.ws().send(msg(type, "callId", "no-such-call"));
            assertEquals(type, b.ws().expectError("unknown-call").path("requestType").asText());
            c.ws().send(msg(type, "callId", callId)); // Cy is no party to Ann's call to Bob
            c.ws().expectError("unknown-call");
            errors += 2;
        }
        a.ws().send(msg("call-accept", "callId", callId)); // only the callee accepts or rejects
        a.ws().expectError("bad-request");
        a.ws().send(msg("call-reject", "callId", callId));
        a.ws().expectError("bad-request");
        b.ws().send(msg("call-cancel", "callId", callId)); // only the caller cancels
        b.ws().expectError("bad-request");
        errors += 3;

        for (User u : new User[] {a, b, c}) {
            u.ws().expectQuiet(QUIET); // nobody heard about anyone else's mistakes
        }
        assertTrue(f.rejected("badRequest") >= before + errors, "every refused request is counted");

        // the call rings on and can still be accepted
        b.ws().send(msg("call-accept", "callId", callId));
        expectAccepted(callId, "video", a, b);
        stranger.send(msg("lobby-enter", "name", "Sam"));
        JsonNode lobby = stranger.expect("lobby");
        assertEquals(Set.of(a.userId(), b.userId(), c.userId()), ids(lobby.path("users")));
        assertEquals(Set.of("in-call", "available"), lobby.path("users").findValuesAsText("status").stream()
                .collect(Collectors.toSet()));
    }
}
