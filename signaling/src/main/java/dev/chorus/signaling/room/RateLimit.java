package dev.chorus.signaling.room;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code max} events per sliding {@code window}. Not thread-safe: each instance belongs to one
 * participant and is only used on its room's thread. Times are {@link System#nanoTime()} values taken when
 * the message arrived, so a busy room thread does not bunch up a client's evenly spaced messages.
 */
final class RateLimit {
    private final int max;
    private final long windowNanos;
    private final Deque<Long> accepted = new ArrayDeque<>();

    RateLimit(int max, long windowNanos) {
        this.max = max;
        this.windowNanos = windowNanos;
    }

    /** Counts the event and returns true if it is within the limit; refused events are not counted. */
    boolean tryAcquire(long nowNanos) {
        while (!accepted.isEmpty() && nowNanos - accepted.peekFirst() >= windowNanos) {
            accepted.pollFirst();
        }
        if (accepted.size() >= max) {
            return false;
        }
        accepted.addLast(nowNanos);
        return true;
    }
}
