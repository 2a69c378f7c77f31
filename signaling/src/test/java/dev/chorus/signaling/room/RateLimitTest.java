package dev.chorus.signaling.room;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void allowsMaxPerSlidingWindow() {
        RateLimit l = new RateLimit(10, 5 * S);
        long t0 = 123_456_789L;
        for (int i = 0; i < 10; i++) {
            assertTrue(l.tryAcquire(t0 + i * S / 10), "event " + i);
        }
        assertFalse(l.tryAcquire(t0 + S));
        assertFalse(l.tryAcquire(t0 + 5 * S - 1), "the first one is still in the window");
        assertTrue(l.tryAcquire(t0 + 5 * S), "the first one slid out");
        assertFalse(l.tryAcquire(t0 + 5 * S), "only one slid out");
        assertTrue(l.tryAcquire(t0 + 5 * S + S / 10));
    }

    @Test
    void refusedEventsDoNotCount() {
        RateLimit l = new RateLimit(2, S);
        assertTrue(l.tryAcquire(0));
        assertTrue(l.tryAcquire(1));
        for (int i = 0; i < 100; i++) {
            assertFalse(l.tryAcquire(2 + i));
        }
        assertTrue(l.tryAcquire(S + 1), "a flood of refusals does not push the window out");
    }

    @Test
    void negativeNanoTimesWork() {
        RateLimit l = new RateLimit(1, S);
        assertTrue(l.tryAcquire(-5 * S));
        assertFalse(l.tryAcquire(-5 * S + 1));
        assertTrue(l.tryAcquire(-4 * S));
    }
}
