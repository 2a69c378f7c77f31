package dev.chorus.media.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.media.quality.train.ErrorStats;
import dev.chorus.media.sim.trace.TraceCatalog;
import dev.chorus.media.telemetry.TelemetryCsvWriter;
import dev.chorus.media.telemetry.TelemetryRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes an evaluation: {@code summary.json} (per policy: the headline metrics as the mean over traces,
 * the same pooled by time, and per trace format; then every trace's numbers), one
 * {@code timeseries/<trace>.csv} per trace with capacity and each policy's allowed, forwarded and
 * delivered bitrate and layer every 100 ms (for the plots of phase 2), and with telemetry on, one
 * {@code telemetry/<trace>.<policy>.csv} per run. Format: docs/architecture.md, "Link simulator".
 */
public final class EvaluationReport {
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvaluationReport() {
    }

    /** The headline metrics of a set of runs: mean over runs, and pooled by simulated time. */
    static ObjectNode aggregate(List<RunResult> runs) {
        ObjectNode o = JSON.createObjectNode();
        o.put("traces", runs.size());
        double seconds = 0;
        for (RunResult r : runs) {
            seconds += r.durationS();
        }
        o.put("simulated_s", round(seconds, 1));
        Map<String, java.util.function.ToDoubleFunction<RunResult>> metrics = metrics();
        for (Map.Entry<String, java.util.function.ToDoubleFunction<RunResult>> m : metrics.entrySet()) {
            o.put(m.getKey(), round(runs.stream().mapToDouble(m.getValue()).average().orElse(Double.NaN), 4));
        }
        ObjectNode pooled = o.putObject("pooled");
        double minutes = seconds / 60;
        pooled.put("utilization", round(weighted(runs, RunResult::utilization), 4));
        pooled.put("overshoot", round(weighted(runs, RunResult::overshoot), 4));
        pooled.put("freezes_per_min", round(runs.stream().mapToDouble(RunResult::freezes).sum() / minutes, 4));
        pooled.put("switches_per_min", round(runs.stream().mapToDouble(RunResult::switches).sum() / minutes, 4));
        pooled.put("delivered_kbps", round(weighted(runs, RunResult::deliveredKbps), 1));
        pooled.put("frozen_share", round(runs.stream().mapToDouble(r -> r.frozenS() + r.pausedS()).sum() / seconds, 4));
        return o;
    }

    /** Name → per-run value, the order they appear in summary.json. */
    static Map<String, java.util.function.ToDoubleFunction<RunResult>> metrics() {
        Map<String, java.util.function.ToDoubleFunction<RunResult>> m = new LinkedHashMap<>();
        m.put("utilization", RunResult::utilization);
        m.put("overshoot", RunResult::overshoot);
        m.put("freezes_per_min", RunResult::freezesPerMin);
        m.put("switches_per_min", RunResult::switchesPerMin);
        m.put("delivered_kbps", RunResult::deliveredKbps);
        m.put("forwarded_kbps", RunResult::forwardedKbps);
        m.put("capacity_kbps", RunResult::capacityKbps);
        m.put("frozen_share", r -> (r.frozenS() + r.pausedS()) / r.durationS());
        m.put("pauses_per_min", r -> r.pauses() / (r.durationS() / 60));
        m.put("mean_layer", RunResult::meanLayer);
        m.put("rendered_fps", RunResult::renderedFps);
        m.put("keyframes_per_min", r -> r.keyFrames() / (r.durationS() / 60));
        m.put("max_queue_delay_ms", RunResult::maxQueueDelayMs);
        return m;
    }

    private static double weighted(List<RunResult> runs, java.util.function.ToDoubleFunction<RunResult> f) {
        double sum = 0;
        double weight = 0;
        for (RunResult r : runs) {
            sum += f.applyAsDouble(r) * r.durationS();
            weight += r.durationS();
        }
        return weight == 0 ? Double.NaN : sum / weight;
    }

    private static double round(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return v;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }

    /** Builds summary.json's tree. {@code meta} goes first (configuration, timing). */
    static ObjectNode summary(Evaluation.Result result, List<String> policies, ObjectNode meta) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA_VERSION);
        root.setAll(meta);
        root.put("trace_count", result.traces().size());
        ArrayNode skipped = root.putArray("skipped");
        for (TraceCatalog.Skipped s : result.skipped()) {
            skipped.addObject().put("name", s.name()).put("reason", s.reason());
        }
        ArrayNode failed = root.putArray("failed");
        for (Evaluation.Failure f : result.failures()) {
            failed.addObject().put("name", f.name()).put("reason", f.reason());
        }
        ObjectNode byPolicy = root.putObject("policies");
        TreeSet<String> formats = new TreeSet<>();
        result.traces().forEach(t -> formats.add(t.format()));
        for (int p = 0; p < policies.size(); p++) {
            int idx = p;
            List<RunResult> runs = result.traces().stream().map(t -> t.runs().get(idx)).toList();
            ObjectNode agg = aggregate(runs);
            ObjectNode byFormat = agg.putObject("by_format");
            for (String f : formats) {
                List<RunResult> of = new ArrayList<>();
                for (Evaluation.TraceRuns t : result.traces()) {
                    if (t.format().equals(f)) {
                        of.add(t.runs().get(idx));
                    }
                }
                ObjectNode fo = aggregate(of);
                fo.remove("pooled");
                byFormat.set(f, fo);
            }
            byPolicy.set(policies.get(p), agg);
        }
        ArrayNode traces = root.putArray("per_trace");
        for (Evaluation.TraceRuns t : result.traces()) {
            ObjectNode o = traces.addObject();
            o.put("trace", t.name()).put("format", t.format()).put("trace_s", round(t.traceSeconds(), 3))
                    .put("looped", t.looped());
            for (RunResult r : t.runs()) {
                ObjectNode ro = o.putObject(r.policy());
                ro.put("simulated_s", round(r.durationS(), 1));
                for (Map.Entry<String, java.util.function.ToDoubleFunction<RunResult>> m : metrics().entrySet()) {
                    ro.put(m.getKey(), round(m.getValue().applyAsDouble(r), 4));
                }
                ro.put("freezes", r.freezes()).put("frozen_s", round(r.frozenS(), 2)).put("pauses", r.pauses())
                        .put("paused_s", round(r.pausedS(), 2)).put("switches", r.switches())
                        .put("plis", r.plis()).put("nacks", r.nacks()).put("retransmissions", r.retransmissions())
                        .put("queue_drops", r.queueDrops()).put("random_drops", r.randomDrops())
                        .put("probe_clusters", r.probeClusters()).put("padding_kbps",
                                round(r.durationS() > 0 ? r.paddingBytes() * 8 / r.durationS() / 1e3 : 0, 2));
            }
        }
        return root;
    }

    public static void writeSummary(Path file, Evaluation.Result result, List<String> policies, ObjectNode meta)
            throws IOException {
        writeSummary(file, summary(result, policies, meta));
    }

    public static void writeSummary(Path file, ObjectNode summary) throws IOException {
        JSON.writeValue(file.toFile(), summary);
    }

    /**
     * Adds the learned policy's prediction error to a summary tree: {@code mape} (fraction; rows whose
     * label is under {@link ErrorStats#MAPE_MIN_KBPS} left out), {@code mape_le_3mbps} (the same over rows
     * whose label is at most {@link ErrorStats#DECISION_MAX_KBPS}) and {@code mae_kbps}, overall under
     * {@code policies.learned} and per trace.
     */
    static void addPredictionErrors(ObjectNode summary, LearnedEvaluation learned) {
        ObjectNode p = (ObjectNode) summary.path("policies").path("learned");
        if (p.isMissingNode()) {
            return;
        }
        putErrors(p, learned.total());
        ObjectNode base = p.putObject("baselines_on_the_same_rows");
        putErrors(base.putObject("gcc_estimate"), learned.estimateBaseline());
        putErrors(base.putObject("acked_rate"), learned.ackedBaseline());
        if (learned.lowTotal().rows() > 0) {
            p.put("low_mape", round(learned.lowTotal().mape(), 4));
            p.put("low_mae_kbps", round(learned.lowTotal().maeKbps(), 1));
        }
        p.put("model", learned.model().header().kind() + " trained " + learned.model().header().trainedAt());
        for (com.fasterxml.jackson.databind.JsonNode t : summary.path("per_trace")) {
            ErrorStats e = learned.trace(t.path("trace").asText());
            if (e != null && t.path("learned") instanceof ObjectNode lo) {
                putErrors(lo, e);
                dev.chorus.media.quality.TrustGate g = learned.gate(t.path("trace").asText());
                if (g != null && g.settings().enabled()) {
                    lo.put("gate_learned_share", round(g.trustedShare(), 4));
                    lo.put("gate_scored", g.scoredTotal());
                    if (g.scoredTotal() > 0) {
                        lo.put("gate_mean_error", round(g.meanErrorTotal(), 4));
                    }
                }
            }
        }
    }

    private static void putErrors(ObjectNode o, ErrorStats e) {
        o.put("mape", round(e.mape(), 4));
        if (e.decisionRangeRows() > 0) {
            o.put("mape_le_3mbps", round(e.mapeDecisionRange(), 4));
        } else {
            o.putNull("mape_le_3mbps"); // no row with capacity in that range: no number, not NaN (invalid JSON)
        }
        o.put("mae_kbps", round(e.maeKbps(), 1));
        o.put("prediction_rows", e.rows());
    }

    /** One CSV per trace: time, capacity, and for each policy allowed/forwarded/delivered bitrate and layer. */
    public static void writeTimeSeries(Path dir, Evaluation.TraceRuns t) throws IOException {
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve(fileName(t.name()) + ".csv"), StandardCharsets.UTF_8)) {
            StringBuilder h = new StringBuilder("time_s,capacity_kbps");
            for (RunResult r : t.runs()) {
                for (String c : new String[] {"allowed_kbps", "forwarded_kbps", "delivered_kbps", "layer"}) {
                    h.append(',').append(r.policy()).append('_').append(c);
                }
            }
            w.write(h.append('\n').toString());
            TimeSeries first = t.runs().get(0).series();
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < first.size(); i++) {
                line.setLength(0);
                line.append(fmt(first.get(TimeSeries.Column.TIME_S, i))).append(',')
                        .append(fmt(first.get(TimeSeries.Column.CAPACITY, i)));
                for (RunResult r : t.runs()) {
                    TimeSeries s = r.series();
                    boolean has = i < s.size();
                    line.append(',').append(has ? fmt(s.get(TimeSeries.Column.ALLOWED, i)) : "")
                            .append(',').append(has ? fmt(s.get(TimeSeries.Column.FORWARDED, i)) : "")
                            .append(',').append(has ? fmt(s.get(TimeSeries.Column.DELIVERED, i)) : "")
                            .append(',').append(has ? fmt(s.get(TimeSeries.Column.LAYER, i)) : "");
                }
                w.write(line.append('\n').toString());
            }
        }
    }

    /** Each run's telemetry rows (with labels) as {@code <trace>.<policy>.csv}. */
    public static void writeTelemetry(Path dir, Evaluation.TraceRuns t) throws IOException {
        Files.createDirectories(dir);
        for (RunResult r : t.runs()) {
            Path f = dir.resolve(fileName(t.name()) + "." + r.policy() + ".csv");
            try (BufferedWriter bw = Files.newBufferedWriter(f, StandardCharsets.UTF_8);
                    TelemetryCsvWriter w = new TelemetryCsvWriter(bw)) {
                for (TelemetryRow row : r.telemetry()) {
                    w.write(row);
                }
            }
        }
    }

    /** A trace's relative path as a flat, portable file name. */
    public static String fileName(String traceName) {
        return traceName.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
