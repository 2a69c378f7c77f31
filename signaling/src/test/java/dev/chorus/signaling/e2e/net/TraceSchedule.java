package dev.chorus.signaling.e2e.net;

import dev.chorus.media.sim.trace.CapacityTrace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tbf rates {@link TraceShaper} applies: a window {@code [offset, offset + duration)} of a {@link CapacityTrace}
 * as steps in kbit/s, time 0 being the window's start. Each rate is the trace's capacity times {@code scale}, clamped
 * to {@code [floorKbit, ceilingKbit]}: tbf cannot shape to 0 (an outage in the trace becomes the floor), and above
 * the ceiling every simulcast layer fits anyway, so higher rates only make tbf's bucket bigger. Consecutive equal
 * rates are merged (no {@code tc} call that changes nothing). Pure arithmetic, immutable.
 *
 * @param steps in time order, the first at 0; each holds until the next, the last until the end
 */
public record TraceSchedule(String traceName, long offsetNanos, long durationNanos, double scale, int floorKbit,
                            int ceilingKbit, List<Step> steps) {

    /** From {@code atNanos} (after the window's start) on, the link runs at {@code kbit}. */
    public record Step(long atNanos, int kbit) {
    }

    public TraceSchedule {
        if (steps.isEmpty() || steps.getFirst().atNanos() != 0) throw new IllegalArgumentException("no step at 0: " + steps);
        steps = List.copyOf(steps);
    }

    public static TraceSchedule of(CapacityTrace trace, Duration offset, Duration duration, double scale,
                                   int floorKbit, int ceilingKbit) {
        if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration " + duration);
        if (offset.isNegative()) throw new IllegalArgumentException("offset " + offset);
        if (!(scale > 0)) throw new IllegalArgumentException("scale " + scale);
        if (floorKbit <= 0 || ceilingKbit < floorKbit) {
            throw new IllegalArgumentException("clamp [" + floorKbit + ", " + ceilingKbit + "] kbit/s");
        }
        long from = offset.toNanos(), to = from + duration.toNanos();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(0, clamp(trace.capacityBpsAt(from), scale, floorKbit, ceilingKbit)));
        for (int i = trace.segmentAt(from) + 1; i < trace.segmentCount(); i++) {
            long start = trace.segmentStartNanos(i);
            if (start >= to) break;
            int kbit = clamp(trace.segmentCapacityBps(i), scale, floorKbit, ceilingKbit);
            if (kbit != steps.getLast().kbit()) steps.add(new Step(start - from, kbit));
        }
        return new TraceSchedule(trace.name(), from, to - from, scale, floorKbit, ceilingKbit, steps);
    }

    static int clamp(long capacityBps, double scale, int floorKbit, int ceilingKbit) {
        long kbit = Math.round(capacityBps * scale / 1000);
        return (int) Math.max(floorKbit, Math.min(ceilingKbit, kbit));
    }

    /** The rate in force at {@code t} ns after the window's start (before 0: the first, after the end: the last). */
    public int kbitAt(long t) {
        int rate = steps.getFirst().kbit();
        for (Step s : steps) {
            if (s.atNanos() > t) break;
            rate = s.kbit();
        }
        return rate;
    }

    /** The time-weighted mean rate over {@code [from, to)}, ns after the window's start; the rate at {@code from} if empty. */
    public double meanKbit(long from, long to) {
        if (to <= from) return kbitAt(from);
        double bits = 0;
        long t = from;
        for (int i = 0; i < steps.size() && t < to; i++) {
            long end = i + 1 < steps.size() ? steps.get(i + 1).atNanos() : Long.MAX_VALUE;
            if (end <= t) continue;
            long segEnd = Math.min(end, to);
            bits += (double) steps.get(i).kbit() * (segEnd - t);
            t = segEnd;
        }
        return bits / (to - from);
    }

    public int minKbit() {
        return steps.stream().mapToInt(Step::kbit).min().orElseThrow();
    }

    public int maxKbit() {
        return steps.stream().mapToInt(Step::kbit).max().orElseThrow();
    }

    @Override
    public String toString() {
        return String.format("%s [%.1f s, +%.1f s) x%.2f clamped to [%d, %d] kbit/s: %d steps, %d..%d kbit/s, mean %.0f",
                traceName, offsetNanos / 1e9, durationNanos / 1e9, scale, floorKbit, ceilingKbit, steps.size(),
                minKbit(), maxKbit(), meanKbit(0, durationNanos));
    }
}
