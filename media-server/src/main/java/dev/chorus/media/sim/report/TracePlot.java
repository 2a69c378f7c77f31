package dev.chorus.media.sim.report;

import dev.chorus.media.sim.Evaluation;
import dev.chorus.media.sim.EvaluationReport;
import dev.chorus.media.sim.RunResult;
import dev.chorus.media.sim.TimeSeries;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One trace's plot: its capacity (shaded, dark line) and each policy's forwarded bitrate over time,
 * written as {@code <dir>/<trace file name>.png} (the same flat name as the time-series CSV).
 */
public final class TracePlot {
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 400;
    public static final Color CAPACITY = new Color(0x22, 0x22, 0x22);
    /** Fixed per policy so a policy has the same colour in every plot of a report. */
    private static final Map<String, Color> POLICY_COLORS = Map.of(
            "learned", new Color(0xD6, 0x27, 0x28),
            "gcc", new Color(0x1F, 0x77, 0xB4),
            "ewma", new Color(0xFF, 0x7F, 0x0E),
            "oracle", new Color(0x2C, 0xA0, 0x2C),
            "oracle-low", new Color(0x94, 0x67, 0xBD));
    private static final Color OTHER = new Color(0x8C, 0x56, 0x4B);
    /**
     * The y axis goes at most to this multiple of the forwarded bitrates' 99th percentile (but at least
     * to {@link #MIN_Y_KBPS}): a 35 Mbit/s link, or one 100 ms burst, would otherwise squash a
     * 1.5 Mbit/s video into a few rows of pixels.
     */
    private static final double Y_HEADROOM = 2.0;
    private static final double MIN_Y_KBPS = 2000;

    private TracePlot() {
    }

    /** The file a trace's plot goes to, relative to the report directory's {@code plots/}. */
    public static String fileName(String traceName) {
        return EvaluationReport.fileName(traceName) + ".png";
    }

    /** Writes {@code runs}' plot into {@code dir}; returns the file. */
    public static Path write(Path dir, Evaluation.TraceRuns runs) throws IOException {
        List<RunResult> list = runs.runs();
        TimeSeries first = list.get(0).series();
        List<LineChart.Series> lines = new ArrayList<>();
        lines.add(new LineChart.Series("capacity", CAPACITY, 1.6f, true, column(first, TimeSeries.Column.TIME_S),
                column(first, TimeSeries.Column.CAPACITY)));
        for (RunResult r : list) {
            lines.add(new LineChart.Series(r.policy() + " forwarded", colorOf(r.policy()), 1.3f, false,
                    column(r.series(), TimeSeries.Column.TIME_S), column(r.series(), TimeSeries.Column.FORWARDED)));
        }
        Path file = dir.resolve(fileName(runs.name()));
        chart(runs.name(), lines).writePng(file, WIDTH, HEIGHT);
        return file;
    }

    /** The chart for these lines, the first being the capacity; the y axis may cut off peaks. */
    static LineChart chart(String title, List<LineChart.Series> lines) {
        double capacityMax = max(lines.get(0).y());
        List<LineChart.Series> forwarded = lines.subList(1, lines.size());
        double forwardedMax = 0;
        for (LineChart.Series s : forwarded) {
            forwardedMax = Math.max(forwardedMax, max(s.y()));
        }
        double limit = Math.max(MIN_Y_KBPS, Y_HEADROOM * percentile99(forwarded));
        if (Math.max(capacityMax, forwardedMax) <= limit) {
            return new LineChart(title, "", "time (s)", "kbit/s", 0, lines);
        }
        String note = String.format(Locale.ROOT,
                "higher values run along the top (peaks: capacity %.0f, forwarded %.0f kbit/s)", capacityMax, forwardedMax);
        return new LineChart(title, note, "time (s)", "kbit/s", limit, lines);
    }

    private static double percentile99(List<LineChart.Series> lines) {
        double[] all = lines.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y())).filter(Double::isFinite)
                .sorted().toArray();
        return all.length == 0 ? 0 : all[(int) Math.floor(0.99 * (all.length - 1))];
    }

    static Color colorOf(String policy) {
        return POLICY_COLORS.getOrDefault(policy, OTHER);
    }

    private static double[] column(TimeSeries s, TimeSeries.Column c) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = s.get(c, i);
        }
        return v;
    }

    private static double max(double[] v) {
        double m = 0;
        for (double d : v) {
            if (Double.isFinite(d)) {
                m = Math.max(m, d);
            }
        }
        return m;
    }
}
