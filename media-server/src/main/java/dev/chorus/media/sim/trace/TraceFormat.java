package dev.chorus.media.sim.trace;

import java.util.Locale;
import java.util.Optional;

/**
 * The three public trace formats (see {@code /work/shared/traces/README.md} and docs/architecture.md,
 * "Link simulator"), recognised by content first and file name second.
 */
public enum TraceFormat {
    /** Pensieve-cooked throughput logs (Norway HSDPA): {@code time_s throughput_Mbit/s} per line. */
    PENSIEVE,
    /** OpenNetLab gym JSON: {@code uplink.trace_pattern} = [{duration ms, capacity kbit/s, loss, rtt, jitter}]. */
    GYM,
    /** mahimahi: one integer per line, the millisecond at which one 1500-byte packet may leave; loops. */
    MAHIMAHI;

    /**
     * The format of a file from its name and (the start of) its content, or empty when it does not
     * look like any trace (a README, say). Content decides; the extension only where content is
     * ambiguous or empty: {@code .json} → gym, {@code .up}/{@code .down} → mahimahi.
     */
    public static Optional<TraceFormat> detect(String fileName, String content) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        String trimmed = content.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return Optional.of(GYM);
        }
        String first = firstDataLine(trimmed);
        if (first != null) {
            String[] tokens = first.trim().split("\\s+");
            if (tokens.length == 1 && tokens[0].matches("\\d+")) {
                return Optional.of(MAHIMAHI);
            }
            if (tokens.length == 2 && isNumber(tokens[0]) && isNumber(tokens[1])) {
                return Optional.of(PENSIEVE);
            }
        }
        if (lower.endsWith(".json")) {
            return Optional.of(GYM);
        }
        if (lower.endsWith(".down") || lower.endsWith(".up")) {
            return Optional.of(MAHIMAHI);
        }
        return Optional.empty();
    }

    private static String firstDataLine(String content) {
        int start = 0;
        while (start < content.length()) {
            int end = content.indexOf('\n', start);
            if (end < 0) {
                end = content.length();
            }
            String line = content.substring(start, end).trim();
            if (!line.isEmpty() && !line.startsWith("#")) {
                return line;
            }
            start = end + 1;
        }
        return null;
    }

    static boolean isNumber(String s) {
        return s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    }
}
