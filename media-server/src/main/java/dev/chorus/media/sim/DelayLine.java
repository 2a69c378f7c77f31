package dev.chorus.media.sim;

import java.util.ArrayDeque;

/**
 * An uncongested path with a fixed-order delay (the receiver → server direction carries only RTCP,
 * far below any capacity): items come out in the order they went in, once their time has come.
 */
final class DelayLine<T> {
    private record Timed<T>(long at, T item) {
    }

    private final ArrayDeque<Timed<T>> items = new ArrayDeque<>();
    private long last;

    void add(T item, long deliverAt) {
        last = Math.max(last, deliverAt);
        items.add(new Timed<>(last, item));
    }

    /** The next item due by {@code now}, or null. */
    T poll(long now) {
        Timed<T> t = items.peek();
        if (t == null || t.at() > now) {
            return null;
        }
        items.poll();
        return t.item();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }
}
