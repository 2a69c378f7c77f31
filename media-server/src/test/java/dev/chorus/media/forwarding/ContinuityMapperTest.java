package dev.chorus.media.forwarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ContinuityMapperTest {

    @Test
    void duplicatesAndReorderStillMapLongAfterTheRebase() {
        // Regression: the rebase point must stop mattering once it is out of the window, or an
        // older-than-newest input is refused after half the counter space has gone by.
        ContinuityMapper m = new ContinuityMapper(8, 63);
        m.rebase(0, 200);
        int out = 200;
        for (int in = 1; in < 2000; in++) {
            out = (out + 1) & 0xFF;
            assertEquals(out, m.map(in & 0xFF), "in=" + in);
            assertEquals(out, m.map(in & 0xFF), "duplicate in=" + in);
            assertEquals((out - 1) & 0xFF, m.map((in - 1) & 0xFF), "previous in=" + in);
        }
    }

    @Test
    void floorRefusesOnlyWhileWithinTheWindow() {
        ContinuityMapper m = new ContinuityMapper(16, 10);
        m.rebase(100, 0);
        assertEquals(-1, m.map(99));
        assertEquals(5, m.map(105));
        assertEquals(-1, m.map(95)); // before the rebase
        assertEquals(-1, m.map(99));
        assertEquals(11, m.map(111));
        assertEquals(-1, m.map(100)); // 11 behind: out of the window
        assertEquals(1, m.map(101));
    }

    @Test
    void dropsBeyondTheWindowAreForgottenSafely() {
        ContinuityMapper m = new ContinuityMapper(16, 7);
        m.rebase(0, 0);
        for (int in = 1; in <= 100; in++) {
            m.drop(in); // one value dropped, then one forwarded: a ring of 8 cycles many times
            in++;
            assertEquals(in / 2, m.map(in));
        }
        assertEquals(50, m.map(100));
        assertEquals(49, m.map(98));
        assertEquals(47, m.map(94));
        assertEquals(-1, m.map(92)); // 8 behind
    }

    @Test
    void validatesArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ContinuityMapper(8, 128));
        assertThrows(IllegalArgumentException.class, () -> new ContinuityMapper(0, 0));
        assertEquals(-1, new ContinuityMapper(8, 10).map(3)); // not started
    }
}
