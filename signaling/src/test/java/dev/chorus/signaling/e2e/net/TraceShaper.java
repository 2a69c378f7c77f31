package dev.chorus.signaling.e2e.net;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Replays a {@link TraceSchedule} on a link: from {@link #start()}, each step's rate is applied at its time (one
 * {@code tc} call per step, scheduled against the start so delays do not add up), on one daemon thread. Nothing
 * runs after the schedule's last step; the last rate holds until {@link #close()}, which cancels what is still
 * pending and removes the shaping. A failing {@code tc} call is recorded ({@link #errors()}) and the replay goes on:
 * the test decides whether that matters.
 */
public final class TraceShaper implements AutoCloseable {
    /** One applied step: how late its {@code tc} call finished after the step's time (command time included). */
    public record Applied(TraceSchedule.Step step, long lateNanos) {
    }

    private final TraceSchedule schedule;
    private final IntConsumer apply;
    private final Runnable clear;
    private final ScheduledExecutorService timer;
    private final List<Applied> applied = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile long startNanos = -1;
    private boolean closed;

    /** {@code apply} sets the link's rate in kbit/s, {@code clear} removes the shaping. */
    public TraceShaper(TraceSchedule schedule, IntConsumer apply, Runnable clear) {
        this.schedule = schedule;
        this.apply = apply;
        this.clear = clear;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "trace-shaper " + schedule.traceName());
            th.setDaemon(true);
            return th;
        });
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.timer = t;
    }

    /** Shapes {@code ns}'s downlink (host → namespace, {@link NetNamespace#limitRate(int)}: tbf replaced in place). */
    public static TraceShaper downlink(NetNamespace ns, TraceSchedule schedule) {
        return new TraceShaper(schedule, ns::limitRate, ns::clearLimit);
    }

    /**
     * Applies the first step at once (synchronously: the link is shaped when this returns, and a {@code tc} that
     * fails here throws) and schedules the others; returns the start time ({@link System#nanoTime()}).
     */
    public synchronized long start() {
        if (startNanos >= 0 || closed) throw new IllegalStateException("already started or closed");
        long t0 = System.nanoTime();
        List<TraceSchedule.Step> steps = schedule.steps();
        apply.accept(steps.getFirst().kbit());
        applied.add(new Applied(steps.getFirst(), System.nanoTime() - t0));
        startNanos = t0;
        for (TraceSchedule.Step s : steps.subList(1, steps.size())) {
            long delay = t0 + s.atNanos() - System.nanoTime();
            timer.schedule(() -> step(s), Math.max(0, delay), TimeUnit.NANOSECONDS);
        }
        return t0;
    }

    private void step(TraceSchedule.Step s) {
        try {
            apply.accept(s.kbit());
            applied.add(new Applied(s, System.nanoTime() - startNanos - s.atNanos()));
        } catch (RuntimeException e) {
            errors.add(String.format("%.1f s: %d kbit/s: %s", s.atNanos() / 1e9, s.kbit(), e.getMessage()));
        }
    }

    public TraceSchedule schedule() { return schedule; }

    /** {@link System#nanoTime()} at {@link #start()}, -1 before. */
    public long startNanos() { return startNanos; }

    /** The schedule's rate now (the plan; the {@code tc} call lags it by {@link Applied#lateNanos()}). */
    public int kbitNow() {
        return startNanos < 0 ? schedule.steps().getFirst().kbit() : schedule.kbitAt(System.nanoTime() - startNanos);
    }

    public List<Applied> applied() { return List.copyOf(applied); }

    public List<String> errors() { return List.copyOf(errors); }

    /**
     * Waits until every step has been applied or has failed, at most {@code timeout} (the last step is due just
     * before the schedule's end, and its {@code tc} call takes a moment); returns whether all are done.
     */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (applied.size() + errors.size() < schedule.steps().size()) {
            if (System.nanoTime() >= deadline) return false;
            Thread.sleep(20);
        }
        return true;
    }

    /** The largest lag of an applied step, ns (0 before any). */
    public long maxLateNanos() {
        return applied.stream().mapToLong(Applied::lateNanos).max().orElse(0);
    }

    /** Cancels pending steps, waits (bounded) for a running one, and removes the shaping. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) System.err.println("TraceShaper: a tc call did not finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (startNanos >= 0) {
            try {
                clear.run();
            } catch (RuntimeException e) {
                System.err.println("TraceShaper: could not remove the shaping: " + e.getMessage());
            }
        }
    }
}
