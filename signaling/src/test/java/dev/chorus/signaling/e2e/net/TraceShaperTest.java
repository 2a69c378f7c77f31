package dev.chorus.signaling.e2e.net;

import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.sim.trace.TraceFormat;
import dev.chorus.media.sim.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TraceSchedule}'s arithmetic and {@link TraceShaper}'s timing with a recording link (no root, no tc). */
class TraceShaperTest {
    static final long S = 1_000_000_000L;

    /** 0-1 s 1 Mbit/s, 1-3 s 0 (outage), 3-4 s 6 Mbit/s, 4-5 s 250 kbit/s, 5-6 s 250 kbit/s. */
    static CapacityTrace trace() {
        return CapacityTrace.builder("t", TraceFormat.PENSIEVE)
                .add(S, 1_000_000).add(2 * S, 0).add(S, 6_000_000).add(S, 250_000).add(S, 250_000).build();
    }

    @Test
    void stepsAreTheWindowScaledAndClampedWithEqualRatesMerged() {
        TraceSchedule s = TraceSchedule.of(trace(), Duration.ZERO, Duration.ofSeconds(6), 1.0, 50, 4000);
        assertEquals(List.of(new TraceSchedule.Step(0, 1000), new TraceSchedule.Step(S, 50),
                new TraceSchedule.Step(3 * S, 4000), new TraceSchedule.Step(4 * S, 250)), s.steps());
        assertEquals(50, s.minKbit());
        assertEquals(4000, s.maxKbit());

        TraceSchedule scaled = TraceSchedule.of(trace(), Duration.ZERO, Duration.ofSeconds(6), 0.5, 50, 4000);
        assertEquals(List.of(500, 50, 3000, 125), scaled.steps().stream().map(TraceSchedule.Step::kbit).toList());
    }

    @Test
    void theWindowStartsMidSegmentAndEndsBeforeTheTrace() {
        TraceSchedule s = TraceSchedule.of(trace(), Duration.ofMillis(2500), Duration.ofMillis(1000), 1.0, 50, 8000);
        assertEquals(List.of(new TraceSchedule.Step(0, 50), new TraceSchedule.Step(S / 2, 6000)), s.steps());
        assertEquals(2_500_000_000L, s.offsetNanos());
        assertEquals(S, s.durationNanos());
    }

    @Test
    void rateAtAndMeanOverAnInterval() {
        TraceSchedule s = TraceSchedule.of(trace(), Duration.ZERO, Duration.ofSeconds(6), 1.0, 50, 4000);
        assertEquals(1000, s.kbitAt(-5));
        assertEquals(1000, s.kbitAt(S - 1));
        assertEquals(50, s.kbitAt(S));
        assertEquals(4000, s.kbitAt(3 * S + S / 2));
        assertEquals(250, s.kbitAt(60 * S));
        assertEquals((1000 + 50) / 2.0, s.meanKbit(S / 2, 3 * S / 2), 1e-9);
        assertEquals((50 + 4000 + 250) / 3.0, s.meanKbit(2 * S, 5 * S), 1e-9);
        assertEquals(250, s.meanKbit(10 * S, 11 * S), 1e-9);
        assertEquals(50, s.meanKbit(2 * S, 2 * S), 1e-9);
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> TraceSchedule.of(trace(), Duration.ZERO, Duration.ZERO, 1, 50, 4000));
        assertThrows(IllegalArgumentException.class, () -> TraceSchedule.of(trace(), Duration.ZERO, Duration.ofSeconds(1), 0, 50, 4000));
        assertThrows(IllegalArgumentException.class, () -> TraceSchedule.of(trace(), Duration.ZERO, Duration.ofSeconds(1), 1, 0, 4000));
        assertThrows(IllegalArgumentException.class, () -> TraceSchedule.of(trace(), Duration.ZERO, Duration.ofSeconds(1), 1, 500, 400));
    }

    /** The real-check window of the shipped fixture really spans the band of the three simulcast layers. */
    @Test
    void theRealCheckTraceWindowCoversLowAndHighRates() throws Exception {
        CapacityTrace t = TraceReader.read(Path.of(TraceShaperTest.class.getResource(
                "/traces/norway-bus-2011-01-29_1423CET.log").toURI()));
        TraceSchedule s = TraceSchedule.of(t, Duration.ofSeconds(222), Duration.ofSeconds(120), 1.0, 50, 4000);
        System.out.println(s);
        assertTrue(s.minKbit() < 300 && s.maxKbit() > 2000, s.toString());
        assertTrue(s.steps().size() > 60, "about one step a second: " + s);
        TraceSchedule ci = TraceSchedule.of(t, Duration.ofSeconds(222), Duration.ofSeconds(30), 1.0, 50, 4000);
        assertTrue(ci.minKbit() < 300 && ci.maxKbit() > 1500, "the short default window has both too: " + ci);
    }

    @Test
    @Timeout(10)
    void shaperAppliesEachStepOnScheduleAndClearsOnClose() throws Exception {
        CapacityTrace t = CapacityTrace.builder("fast", TraceFormat.PENSIEVE)
                .add(100_000_000L, 300_000).add(100_000_000L, 900_000).add(100_000_000L, 300_000).build();
        TraceSchedule s = TraceSchedule.of(t, Duration.ZERO, Duration.ofMillis(300), 1.0, 50, 4000);
        List<Integer> rates = new CopyOnWriteArrayList<>();
        List<Long> times = new CopyOnWriteArrayList<>();
        AtomicInteger clears = new AtomicInteger();
        long t0;
        try (TraceShaper shaper = new TraceShaper(s, k -> { rates.add(k); times.add(System.nanoTime()); },
                clears::incrementAndGet)) {
            t0 = shaper.start();
            assertEquals(List.of(300), rates, "the first rate is applied before start() returns");
            assertTrue(shaper.awaitDone(Duration.ofSeconds(5)));
            assertEquals(List.of(300, 900, 300), rates);
            assertTrue(times.get(1) - t0 >= 100_000_000L && times.get(2) - t0 >= 200_000_000L,
                    "no step before its time: " + times);
            assertEquals(3, shaper.applied().size());
            assertTrue(shaper.errors().isEmpty(), shaper.errors().toString());
            assertEquals(0, clears.get());
        }
        assertEquals(1, clears.get(), "close() removes the shaping");
    }

    @Test
    @Timeout(10)
    void closeCancelsPendingStepsAndFailuresAreRecorded() throws Exception {
        CapacityTrace t = CapacityTrace.builder("slow", TraceFormat.PENSIEVE)
                .add(50_000_000L, 300_000).add(60 * S, 900_000).add(S, 100_000).build();
        TraceSchedule s = TraceSchedule.of(t, Duration.ZERO, Duration.ofSeconds(62), 1.0, 50, 4000);
        List<Integer> rates = new CopyOnWriteArrayList<>();
        TraceShaper shaper = new TraceShaper(s, k -> {
            if (k == 900) throw new IllegalStateException("tc said no");
            rates.add(k);
        }, () -> { });
        shaper.start();
        long deadline = System.nanoTime() + 5 * S;
        while (shaper.errors().isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(1, shaper.errors().size(), "the failing step is recorded: " + shaper.errors());
        assertTrue(shaper.errors().getFirst().contains("tc said no"));
        shaper.close();
        Thread.sleep(100);
        assertEquals(List.of(300), rates, "nothing after close");
    }
}
