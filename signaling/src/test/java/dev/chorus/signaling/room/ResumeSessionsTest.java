package dev.chorus.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResumeSessionsTest {
    private final ResumeSessions sessions = new ResumeSessions(30);

    @AfterEach
    void close() {
        sessions.close();
    }

    private static Participant participant(String id) {
        return new Participant(id, id, m -> { }, null);
    }

    @Test
    void tokensAreLongRandomAndUrlSafe() {
        Set<String> seen = new HashSet<>();
        Participant p = participant("p");
        for (int i = 0; i < 1000; i++) {
            String t = sessions.issue(p);
            assertTrue(t.matches("[A-Za-z0-9_-]{43}"), t); // 256 bits, base64url without padding
            assertTrue(seen.add(t), "no repeats");
        }
        assertEquals(1, sessions.size(), "a new token replaces the previous one");
    }

    @Test
    void aTokenFindsOnlyItsParticipantAndIsSpentOnce() {
        Participant a = participant("a");
        Participant b = participant("b");
        String ta = sessions.issue(a);
        String tb = sessions.issue(b);
        assertSame(a, sessions.find(ta));
        assertSame(b, sessions.find(tb));
        assertFalse(sessions.spend(ta, b), "a's token does not resume b");
        assertSame(a, sessions.find(ta), "and trying does not spend it");
        assertTrue(sessions.spend(ta, a));
        assertNull(sessions.find(ta));
        assertFalse(sessions.spend(ta, a), "spent");
        assertSame(b, sessions.find(tb));
    }

    @Test
    void reissuingOrRevokingInvalidatesTheOldToken() {
        Participant a = participant("a");
        String t1 = sessions.issue(a);
        String t2 = sessions.issue(a);
        assertNotEquals(t1, t2);
        assertNull(sessions.find(t1));
        assertSame(a, sessions.find(t2));
        sessions.revoke(a);
        assertNull(sessions.find(t2));
        assertEquals(0, sessions.size());
    }

    @Test
    void garbageFindsNothing() {
        String t = sessions.issue(participant("a"));
        for (String g : new String[] {null, "", " ", t.substring(1), t + "=", t.toLowerCase(), "x".repeat(10_000)}) {
            if (!t.equals(g)) {
                assertNull(sessions.find(g), String.valueOf(g));
            }
        }
    }
}
