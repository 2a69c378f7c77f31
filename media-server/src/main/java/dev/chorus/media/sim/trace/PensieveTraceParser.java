package dev.chorus.media.sim.trace;

/**
 * Pensieve-cooked throughput logs: {@code time_s throughput_Mbit/s} per line, times strictly
 * increasing (they need not start at 0). As in Pensieve's own simulator, a sample is the rate over the
 * interval that ends at its time; the first sample, which has no interval before it, gets the one
 * after it. Blank lines and {@code #} comments are skipped. Not looping.
 */
final class PensieveTraceParser {
    private PensieveTraceParser() {
    }

    static CapacityTrace parse(String name, String content) throws TraceFormatException {
        double[] times = new double[256];
        double[] mbps = new double[256];
        int[] lines = new int[256];
        int n = 0;
        int lineNo = 0;
        for (String raw : content.split("\n", -1)) {
            lineNo++;
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] tok = line.split("\\s+");
            if (tok.length != 2) {
                throw TraceFormatException.atLine(name, lineNo, "expected 'time_s throughput_Mbit/s', got "
                        + tok.length + " fields");
            }
            double t = number(name, lineNo, tok[0], "time");
            double v = number(name, lineNo, tok[1], "throughput");
            if (t < 0 || v < 0) {
                throw TraceFormatException.atLine(name, lineNo, "negative value");
            }
            if (v > 1e6) {
                throw TraceFormatException.atLine(name, lineNo, "throughput " + v + " Mbit/s is not plausible");
            }
            if (n > 0 && t <= times[n - 1]) {
                throw TraceFormatException.atLine(name, lineNo, "time " + t + " s does not increase (previous "
                        + times[n - 1] + " s)");
            }
            if (n == times.length) {
                times = java.util.Arrays.copyOf(times, n * 2);
                mbps = java.util.Arrays.copyOf(mbps, n * 2);
                lines = java.util.Arrays.copyOf(lines, n * 2);
            }
            times[n] = t;
            mbps[n] = v;
            lines[n] = lineNo;
            n++;
        }
        if (n < 2) {
            throw TraceFormatException.in(name, "needs at least two samples, found " + n);
        }
        CapacityTrace.Builder b = CapacityTrace.builder(name, TraceFormat.PENSIEVE);
        for (int i = 0; i < n; i++) {
            double seconds = i == 0 ? times[1] - times[0] : times[i] - times[i - 1];
            long nanos = Math.round(seconds * 1e9);
            if (nanos <= 0) {
                throw TraceFormatException.atLine(name, lines[i], "interval below a nanosecond");
            }
            b.add(nanos, Math.round(mbps[i] * 1e6));
        }
        return b.build();
    }

    private static double number(String name, int line, String s, String what) throws TraceFormatException {
        if (!TraceFormat.isNumber(s)) {
            throw TraceFormatException.atLine(name, line, what + " is not a number: '" + abbreviate(s) + "'");
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) {
            throw TraceFormatException.atLine(name, line, what + " is not finite");
        }
        return v;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
