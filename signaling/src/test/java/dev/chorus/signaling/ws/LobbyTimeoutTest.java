package dev.chorus.signaling.ws;

import static dev.chorus.signaling.ws.LobbyFixture.expectAccepted;
import static dev.chorus.signaling.ws.LobbyFixture.expectEnded;
import static dev.chorus.signaling.ws.LobbyFixture.expectPresence;
import static dev.chorus.signaling.ws.LobbyFixture.join;
import static dev.chorus.signaling.ws.LobbyFixture.msg;
import static dev.chorus.signaling.ws.LobbyFixture.ring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.ws.LobbyFixture.User;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** lobby.ring-timeout-seconds: unanswered calls end no-answer; an accepted call's sides have as long to join. */
@Timeout(60)
class LobbyTimeoutTest {
    private static final int RING_SECONDS = 2;
    private static LobbyFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new LobbyFixture(ServerConfig.ephemeralLoopback().withRingTimeoutSeconds(RING_SECONDS));
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

    @Test
    void anUnansweredCallEndsNoAnswerAfterTheRingTimeout() throws Exception {
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        long t0 = System.nanoTime();
        String callId = ring(a, b, "video");

        expectEnded(callId, "no-answer", a, b); // within WsClient.WAIT (10 s)
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= RING_SECONDS * 1000 - 100, "ended after " + ms + " ms");
        expectPresence("available", a, b);
        expectPresence("available", b, a);
        b.ws().send(msg("call-accept", "callId", callId));
        b.ws().expectError("unknown-call");
    }

    @Test
    void anAnsweredCallDoesNotTimeOutAndBothStayInCallInTheRoom() throws Exception {
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        String callId = ring(a, b, "voice");
        b.ws().send(msg("call-accept", "callId", callId));
        String roomId = expectAccepted(callId, "voice", a, b);
        join(a.ws(), roomId, "Ann");
        join(b.ws(), roomId, "Bob");
        a.ws().expect("participant-joined");

        // past both the ring timeout and the join window: no call-ended, nobody available
        Duration past = Duration.ofMillis(RING_SECONDS * 1000L + 1000);
        a.ws().expectQuiet(past);
        b.ws().expectQuiet(Duration.ofMillis(100));
        User c = f.enter("Cy");
        c.ws().send(msg("call", "userId", b.userId(), "media", "video"));
        assertEquals("busy", c.ws().expect("call-ended").path("reason").asText());
    }

    @Test
    void aSideThatNeverJoinsIsAvailableAgainAfterTheJoinWindow() throws Exception {
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        String callId = ring(a, b, "video");
        b.ws().send(msg("call-accept", "callId", callId));
        String roomId = expectAccepted(callId, "video", a, b);
        join(a.ws(), roomId, "Ann");

        expectPresence("available", b, a); // Bob never joined
        b.ws().expectQuiet(Duration.ofMillis(300)); // Ann, in the room, stays in-call
        a.ws().send(msg("leave"));
        a.ws().expect("left");
        expectPresence("available", a, b);
        f.awaitRoomStatus(roomId, 404);
    }

    @Test
    void aRoomNobodyJoinsIsClosedAfterTheJoinWindow() throws Exception {
        User a = f.enter("Ann");
        User b = f.enter("Bob");
        expectPresence("available", b, a);
        String callId = ring(a, b, "voice");
        b.ws().send(msg("call-accept", "callId", callId));
        String roomId = expectAccepted(callId, "voice", a, b);
        assertEquals(200, f.get("/api/rooms/" + roomId).statusCode());

        expectPresence("available", b, a);
        expectPresence("available", a, b);
        f.awaitRoomStatus(roomId, 404);
    }
}
