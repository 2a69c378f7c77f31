package dev.chorus.media.sim.trace;

import java.util.Arrays;

/**
 * A link's capacity as a step function of time, whatever file format it came from: consecutive
 * segments, each with a capacity (bit/s, 0 = outage) and optionally a random loss rate, a round-trip
 * time and a jitter (NaN where the trace does not say). Time starts at 0 ns.
 *
 * <p>A {@linkplain #looping() looping} trace repeats after {@link #durationNanos()} (mahimahi says so);
 * a non-looping one holds its last segment forever after its end, so looking a second past the end
 * (the labels do) stays defined. Immutable.
 */
public final class CapacityTrace {
    private final String name;
    private final TraceFormat format;
    private final long[] start;
    private final long[] capacityBps;
    private final double[] loss;
    private final double[] rttMs;
    private final double[] jitterMs;
    private final long duration;
    private final boolean looping;
    private final boolean anyCapacity;

    private CapacityTrace(String name, TraceFormat format, long[] start, long[] capacityBps, double[] loss,
            double[] rttMs, double[] jitterMs, long duration, boolean looping) {
        this.name = name;
        this.format = format;
        this.start = start;
        this.capacityBps = capacityBps;
        this.loss = loss;
        this.rttMs = rttMs;
        this.jitterMs = jitterMs;
        this.duration = duration;
        this.looping = looping;
        this.anyCapacity = Arrays.stream(capacityBps).anyMatch(c -> c > 0);
    }

    public static Builder builder(String name, TraceFormat format) {
        return new Builder(name, format);
    }

    /** Collects segments in time order. */
    public static final class Builder {
        private final String name;
        private final TraceFormat format;
        private long[] start = new long[64];
        private long[] cap = new long[64];
        private double[] loss = new double[64];
        private double[] rtt = new double[64];
        private double[] jitter = new double[64];
        private int n;
        private long end;
        private boolean looping;

        private Builder(String name, TraceFormat format) {
            this.name = name;
            this.format = format;
        }

        /** Appends a segment; {@code loss}, {@code rttMs}, {@code jitterMs} NaN when unknown. */
        public Builder add(long durationNanos, long capacityBps, double loss, double rttMs, double jitterMs) {
            if (durationNanos <= 0 || capacityBps < 0) {
                throw new IllegalArgumentException("segment " + n + ": duration " + durationNanos + ", capacity "
                        + capacityBps);
            }
            if (n == start.length) {
                int m = n * 2;
                start = Arrays.copyOf(start, m);
                cap = Arrays.copyOf(cap, m);
                this.loss = Arrays.copyOf(this.loss, m);
                rtt = Arrays.copyOf(rtt, m);
                jitter = Arrays.copyOf(jitter, m);
            }
            start[n] = end;
            cap[n] = capacityBps;
            this.loss[n] = loss;
            rtt[n] = rttMs;
            jitter[n] = jitterMs;
            n++;
            end = Math.addExact(end, durationNanos);
            return this;
        }

        public Builder add(long durationNanos, long capacityBps) {
            return add(durationNanos, capacityBps, Double.NaN, Double.NaN, Double.NaN);
        }

        public Builder looping(boolean on) {
            this.looping = on;
            return this;
        }

        public int size() {
            return n;
        }

        public CapacityTrace build() {
            if (n == 0) {
                throw new IllegalStateException(name + ": no segments");
            }
            return new CapacityTrace(name, format, Arrays.copyOf(start, n), Arrays.copyOf(cap, n),
                    Arrays.copyOf(loss, n), Arrays.copyOf(rtt, n), Arrays.copyOf(jitter, n), end, looping);
        }
    }

    public String name() {
        return name;
    }

    public TraceFormat format() {
        return format;
    }

    public long durationNanos() {
        return duration;
    }

    public boolean looping() {
        return looping;
    }

    /** The same segments, repeating after the end (or not). */
    public CapacityTrace withLooping(boolean on) {
        return on == looping ? this
                : new CapacityTrace(name, format, start, capacityBps, loss, rttMs, jitterMs, duration, on);
    }

    public int segmentCount() {
        return start.length;
    }

    public long segmentStartNanos(int i) {
        return start[i];
    }

    public long segmentCapacityBps(int i) {
        return capacityBps[i];
    }

    public double segmentLoss(int i) {
        return loss[i];
    }

    public double segmentRttMs(int i) {
        return rttMs[i];
    }

    public double segmentJitterMs(int i) {
        return jitterMs[i];
    }

    /** Index of the segment in force at {@code t} (before 0: the first). */
    public int segmentAt(long t) {
        long local = localTime(t);
        if (local >= duration) {
            return start.length - 1;
        }
        int i = Arrays.binarySearch(start, local);
        return i >= 0 ? i : -i - 2;
    }

    public long capacityBpsAt(long t) {
        return capacityBps[segmentAt(t)];
    }

    /** Random loss rate at {@code t}, NaN if the trace has none. */
    public double lossAt(long t) {
        return loss[segmentAt(t)];
    }

    /** Round-trip time at {@code t}, ms, NaN if the trace has none. */
    public double rttMsAt(long t) {
        return rttMs[segmentAt(t)];
    }

    /** Jitter at {@code t}, ms, NaN if the trace has none. */
    public double jitterMsAt(long t) {
        return jitterMs[segmentAt(t)];
    }

    private long localTime(long t) {
        if (t <= 0) {
            return 0;
        }
        return looping ? t % duration : t;
    }

    /** Absolute time at which the segment in force at {@code t ≥ 0} ends; {@code Long.MAX_VALUE} for a held last segment. */
    long segmentEnd(long t) {
        long tt = Math.max(0, t);
        if (!looping && tt >= duration) {
            return Long.MAX_VALUE;
        }
        long base = looping ? tt - tt % duration : 0;
        int i = segmentAt(tt);
        long end = i + 1 < start.length ? start[i + 1] : duration;
        if (!looping && i + 1 == start.length) {
            return Long.MAX_VALUE; // the last segment holds
        }
        return base + end;
    }

    /** Time-weighted mean capacity over [from, to), bit/s. */
    public double meanCapacityBps(long from, long to) {
        if (to <= from) {
            return capacityBpsAt(from);
        }
        double sum = 0;
        long t = from;
        while (t < to) {
            long end = Math.min(segmentEnd(t), to);
            sum += (double) capacityBpsAt(t) * (end - t);
            t = end;
        }
        return sum / (to - from);
    }

    /**
     * The capacity the link has at least for a share {@code 1 − q} of [from, to): the time-weighted
     * {@code q}-quantile (q = 0 is the minimum), bit/s.
     */
    public double quantileCapacityBps(long from, long to, double q) {
        if (to <= from) {
            return capacityBpsAt(from);
        }
        int pieces = 0;
        long[] caps = new long[16];
        long[] lens = new long[16];
        long t = from;
        while (t < to) {
            long end = Math.min(segmentEnd(t), to);
            if (pieces == caps.length) {
                caps = Arrays.copyOf(caps, pieces * 2);
                lens = Arrays.copyOf(lens, pieces * 2);
            }
            caps[pieces] = capacityBpsAt(t);
            lens[pieces] = end - t;
            pieces++;
            t = end;
        }
        Integer[] order = new Integer[pieces];
        for (int i = 0; i < pieces; i++) {
            order[i] = i;
        }
        long[] c = caps;
        Arrays.sort(order, (a, b) -> Long.compare(c[a], c[b]));
        double want = Math.max(0, Math.min(1, q)) * (to - from);
        long acc = 0;
        for (int k = 0; k < pieces; k++) {
            acc += lens[order[k]];
            if (acc > want) {
                return caps[order[k]];
            }
        }
        return caps[order[pieces - 1]];
    }

    /**
     * When a transmission of {@code bits} starting at {@code startNanos} ends, the capacity changing
     * under it as the trace says (an outage stalls it); {@code Long.MAX_VALUE} if it never ends.
     */
    public long transmitEndNanos(long startNanos, long bits) {
        if (!anyCapacity) {
            return Long.MAX_VALUE;
        }
        double remaining = bits;
        long t = Math.max(0, startNanos);
        for (int guard = 0; guard < 10_000_000; guard++) {
            long cap = capacityBpsAt(t);
            long end = segmentEnd(t);
            if (cap > 0) {
                double need = Math.ceil(remaining * 1e9 / cap);
                if (end == Long.MAX_VALUE || t + need <= end) {
                    return t + (long) need;
                }
                remaining -= (double) cap * (end - t) / 1e9;
            } else if (end == Long.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
            t = end;
        }
        return Long.MAX_VALUE;
    }

    /** Mean capacity over one pass, bit/s. */
    public double meanCapacityBps() {
        double sum = 0;
        for (int i = 0; i < start.length; i++) {
            long end = i + 1 < start.length ? start[i + 1] : duration;
            sum += (double) capacityBps[i] * (end - start[i]);
        }
        return sum / duration;
    }

    @Override
    public String toString() {
        return "CapacityTrace[" + name + " " + format + " " + start.length + " segments, " + duration / 1_000_000
                + " ms" + (looping ? ", looping" : "") + String.format(", mean %.0f kbit/s]", meanCapacityBps() / 1e3);
    }
}
