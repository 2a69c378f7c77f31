package dev.chorus.signaling.lobby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The call state machine: one move out of RINGING, after which nothing changes it. */
class CallTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    private static Call ringing() {
        return new Call("c1", "ann", "bob", CallMedia.VIDEO);
    }

    private ScheduledFuture<?> timer() {
        return timers.schedule(() -> {}, 1, TimeUnit.HOURS);
    }

    @Test
    void aNewCallRingsBetweenTwoParties() {
        Call c = ringing();
        assertEquals(Call.State.RINGING, c.state());
        assertTrue(c.ringing());
        assertNull(c.roomId());
        assertEquals(Call.Role.CALLER, c.roleOf("ann"));
        assertEquals(Call.Role.CALLEE, c.roleOf("bob"));
        assertNull(c.roleOf("eve"));
        assertNull(c.roleOf(null));
        assertEquals("bob", c.otherParty("ann"));
        assertEquals("ann", c.otherParty("bob"));
        assertThrows(IllegalArgumentException.class, () -> c.otherParty("eve"));
        assertEquals(CallMedia.VIDEO, c.media());
    }

    @Test
    void nobodyCallsThemselves() {
        assertThrows(IllegalArgumentException.class, () -> new Call("c1", "ann", "ann", CallMedia.VOICE));
    }

    @Test
    void acceptingIsFinal() {
        Call c = ringing();
        ScheduledFuture<?> ring = timer();
        c.setTimer(ring);
        assertTrue(c.accept("room-1"));
        assertEquals(Call.State.ACCEPTED, c.state());
        assertEquals("room-1", c.roomId());
        assertTrue(ring.isCancelled(), "the ring timeout no longer applies");
        assertFalse(c.accept("room-2"));
        assertEquals("room-1", c.roomId());
        for (Call.State s : Call.State.values()) {
            if (s.ended()) {
                assertFalse(c.end(s), s + " after accept");
            }
        }
        assertEquals(Call.State.ACCEPTED, c.state());
        assertFalse(c.ringing());
    }

    @ParameterizedTest
    @EnumSource(value = Call.State.class, names = {"REJECTED", "CANCELLED", "NO_ANSWER", "GONE"})
    void endingIsFinal(Call.State reason) {
        Call c = ringing();
        ScheduledFuture<?> ring = timer();
        c.setTimer(ring);
        assertTrue(c.end(reason));
        assertEquals(reason, c.state());
        assertTrue(ring.isCancelled());
        assertFalse(c.accept("room-1"), "a late accept");
        assertNull(c.roomId());
        for (Call.State s : Call.State.values()) {
            if (s.ended()) {
                assertFalse(c.end(s), s + " after " + reason);
            }
        }
        assertEquals(reason, c.state());
    }

    @Test
    void endReasonsAreTheProtocolsWords() {
        assertEquals("rejected", Call.State.REJECTED.reason);
        assertEquals("cancelled", Call.State.CANCELLED.reason);
        assertEquals("no-answer", Call.State.NO_ANSWER.reason);
        assertEquals("gone", Call.State.GONE.reason);
        assertNull(Call.State.RINGING.reason);
        assertNull(Call.State.ACCEPTED.reason);
    }

    @Test
    void onlyEndedStatesEndACall() {
        Call c = ringing();
        assertThrows(IllegalArgumentException.class, () -> c.end(Call.State.RINGING));
        assertThrows(IllegalArgumentException.class, () -> c.end(Call.State.ACCEPTED));
        assertTrue(c.ringing());
    }

    @Test
    void aNewTimerReplacesTheOldOne() {
        Call c = ringing();
        ScheduledFuture<?> first = timer();
        ScheduledFuture<?> second = timer();
        c.setTimer(first);
        c.setTimer(second);
        assertTrue(first.isCancelled());
        assertFalse(second.isCancelled());
        c.cancelTimer();
        assertTrue(second.isCancelled());
        c.setTimer(null); // a closed lobby schedules nothing
        c.cancelTimer();
    }

    @Test
    void mediaIsVideoOrVoiceExactly() {
        assertEquals(CallMedia.VIDEO, CallMedia.parse("video"));
        assertEquals(CallMedia.VOICE, CallMedia.parse("voice"));
        for (String bad : new String[] {null, "", "Video", "audio", " voice", "video "}) {
            assertNull(CallMedia.parse(bad), bad);
        }
        assertEquals("voice", CallMedia.VOICE.json());
    }
}
