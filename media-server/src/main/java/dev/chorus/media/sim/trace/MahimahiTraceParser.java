package dev.chorus.media.sim.trace;

/**
 * mahimahi delivery schedules: one integer per line, the millisecond (from 0) at which one 1500-byte
 * packet may be delivered; repeated values are several packets in that millisecond; the schedule
 * repeats with the last value as its period (as mahimahi's link shell does). The opportunities are
 * counted in {@value #BIN_MS} ms bins — the simulator's link is fluid, and a 100 ms step is also the
 * resolution of the telemetry — so each bin's capacity is (packets × 12000 bit) / bin. Looping.
 */
final class MahimahiTraceParser {
    static final int BIN_MS = 100;
    static final int PACKET_BITS = 1500 * 8;
    /** About 11 days of schedule: anything longer is not a trace we can bin in memory. */
    private static final long MAX_PERIOD_MS = 1_000_000_000L;

    private MahimahiTraceParser() {
    }

    static CapacityTrace parse(String name, String content) throws TraceFormatException {
        long[] ms = new long[4096];
        int n = 0;
        int lineNo = 0;
        long prev = -1;
        for (String raw : content.split("\n", -1)) {
            lineNo++;
            String line = raw.trim();
            if (line.isEmpty()) {
                continue;
            }
            if (!line.matches("\\d{1,12}")) {
                throw TraceFormatException.atLine(name, lineNo, "expected one non-negative integer (ms), got '"
                        + PensieveTraceParser.abbreviate(line) + "'");
            }
            long t = Long.parseLong(line);
            if (t < prev) {
                throw TraceFormatException.atLine(name, lineNo, "time " + t + " ms goes back (previous " + prev + ")");
            }
            if (t > MAX_PERIOD_MS) {
                throw TraceFormatException.atLine(name, lineNo, "time " + t + " ms is beyond " + MAX_PERIOD_MS);
            }
            prev = t;
            if (n == ms.length) {
                ms = java.util.Arrays.copyOf(ms, n * 2);
            }
            ms[n++] = t;
        }
        if (n == 0) {
            throw TraceFormatException.in(name, "no delivery opportunities");
        }
        long period = ms[n - 1];
        if (period <= 0) {
            throw TraceFormatException.in(name, "the last time must be > 0 ms (it is the period)");
        }
        int bins = (int) ((period + BIN_MS - 1) / BIN_MS);
        long[] count = new long[bins];
        for (int i = 0; i < n; i++) {
            count[(int) Math.min(bins - 1, ms[i] / BIN_MS)]++;
        }
        CapacityTrace.Builder b = CapacityTrace.builder(name, TraceFormat.MAHIMAHI).looping(true);
        for (int k = 0; k < bins; k++) {
            long binMs = Math.min(BIN_MS, period - (long) k * BIN_MS);
            b.add(binMs * 1_000_000L, count[k] * PACKET_BITS * 1000 / binMs);
        }
        return b.build();
    }
}
