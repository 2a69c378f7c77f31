package dev.chorus.signaling.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;

/** Polls a probe until a condition holds or a deadline passes. */
public final class Poll {
    private Poll() {}

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);

    /**
     * Calls {@code probe} every {@code interval} until {@code condition} accepts its value; returns that value.
     * Probe exceptions count as "not yet" (the last one is attached to the failure). On timeout throws an
     * {@link AssertionError} naming {@code what} and describing the last value with {@code describe}.
     */
    public static <T> T until(String what, Duration timeout, Duration interval, Callable<T> probe,
                              Predicate<? super T> condition, Function<? super T, String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastError = null;
        while (true) {
            try {
                last = probe.call();
                lastError = null;
                if (condition.test(last)) return last;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                lastError = e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String lastText = lastError != null ? "last probe failed: " + lastError
                        : "last value: " + (last == null ? "null" : describe.apply(last));
                AssertionError err = new AssertionError(
                        "timed out after " + timeout.toMillis() + " ms waiting for " + what + "; " + lastText);
                if (lastError != null) err.initCause(lastError);
                throw err;
            }
            sleep(Math.min(interval.toNanos(), left) / 1_000_000L);
        }
    }

    public static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<? super T> condition) {
        return until(what, timeout, DEFAULT_INTERVAL, probe, condition, String::valueOf);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
