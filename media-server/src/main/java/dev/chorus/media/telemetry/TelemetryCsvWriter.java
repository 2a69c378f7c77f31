package dev.chorus.media.telemetry;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * Writes {@link TelemetryRow}s as CSV (docs/telemetry.md): a header line, then one line per row —
 * {@code link,time_s,<features in Feature order>,cap_next1s_kbps,cap_low_next1s_kbps}. Numbers use a
 * dot and at most 3 decimals; a missing label is an empty field. Not thread-safe.
 */
public final class TelemetryCsvWriter implements Closeable {
    public static final String LABEL_CAPACITY = "cap_next1s_kbps";
    public static final String LABEL_CAPACITY_LOW = "cap_low_next1s_kbps";

    private final Writer out;
    private final StringBuilder line = new StringBuilder(512);

    public TelemetryCsvWriter(Writer out) throws IOException {
        this.out = out;
        out.write(header());
        out.write('\n');
    }

    public static String header() {
        StringBuilder b = new StringBuilder("link,time_s");
        for (Feature f : Feature.values()) {
            b.append(',').append(f.column());
        }
        return b.append(',').append(LABEL_CAPACITY).append(',').append(LABEL_CAPACITY_LOW).toString();
    }

    public void write(TelemetryRow row) throws IOException {
        line.setLength(0);
        line.append(quote(row.link())).append(',').append(number(row.timeNanos() / 1e9));
        for (Feature f : Feature.values()) {
            line.append(',').append(number(row.get(f)));
        }
        line.append(',').append(number(row.capacityNext1sKbps()));
        line.append(',').append(number(row.capacityLowNext1sKbps()));
        line.append('\n');
        out.write(line.toString());
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        // trim trailing zeros: smaller files, same values
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    public void flush() throws IOException {
        out.flush();
    }
}
