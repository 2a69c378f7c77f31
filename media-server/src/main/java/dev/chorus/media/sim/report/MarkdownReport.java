package dev.chorus.media.sim.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.md} of an evaluation, rendered from its {@code summary.json} tree (so the two never
 * disagree): how it was produced, the per-policy means over traces, a per-trace table and each
 * trace's plot from {@code plots/} (linked only if the file is there).
 */
public final class MarkdownReport {
    public static final String FILE = "report.md";
    public static final String PLOTS_DIR = "plots";

    private MarkdownReport() {
    }

    /** Writes {@code outDir/report.md}; {@code args} are the command line it ran with. */
    public static Path write(Path outDir, JsonNode summary, List<String> args, Instant generated) throws IOException {
        Path file = outDir.resolve(FILE);
        Files.writeString(file, render(outDir, summary, args, generated), StandardCharsets.UTF_8);
        return file;
    }

    static String render(Path outDir, JsonNode summary, List<String> args, Instant generated) {
        List<String> policies = new ArrayList<>();
        // in run order; not config.policies, which is a POJO (not an array) in the tree EvaluateMain builds
        summary.path("policies").fieldNames().forEachRemaining(policies::add);
        StringBuilder b = new StringBuilder();
        header(b, summary, args, generated, policies);
        policyTable(b, summary, policies);
        traceTable(b, summary, policies);
        plots(b, outDir, summary);
        return b.toString();
    }

    private static void header(StringBuilder b, JsonNode s, List<String> args, Instant generated, List<String> policies) {
        b.append("# Rate policy evaluation\n\n");
        b.append("Produced by `scripts/evaluate-model");
        for (String a : args) {
            b.append(' ').append(a.isEmpty() || a.matches(".*[\\s'\"`$].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        b.append("` on ").append(generated.truncatedTo(ChronoUnit.SECONDS)).append(" (")
                .append(s.path("generated_by").asText()).append(").\n\n");
        JsonNode cfg = s.path("config");
        b.append(String.format(Locale.ROOT, "- Traces: %d from `%s`", s.path("trace_count").asInt(),
                s.path("traces_dir").asText()));
        b.append(String.format(Locale.ROOT, " (%d other files skipped, %d failed)%n", s.path("skipped").size(),
                s.path("failed").size()));
        b.append("- Policies: ").append(String.join(", ", policies));
        if (s.has("model")) {
            b.append(" (learned: `").append(s.path("model").asText()).append("`, margin ")
                    .append(s.path("learned_margin").asText()).append(')');
        }
        b.append('\n');
        b.append(String.format(Locale.ROOT,
                "- Seed %d; traces shorter than %.0f s loop, %s; %.0f s simulated per policy, %.1f s wall%n",
                cfg.path("seed").asLong(), cfg.path("min_duration_s").asDouble(),
                cfg.path("max_duration_s").asDouble() > 0
                        ? String.format(Locale.ROOT, "longer ones are cut at %.0f s", cfg.path("max_duration_s").asDouble())
                        : "longer ones run whole",
                s.path("simulated_s_per_policy").asDouble(), s.path("wall_s").asDouble()));
        b.append("- Everything here is also in `summary.json`; the 100 ms samples are in `timeseries/`.\n");
        for (JsonNode f : s.path("failed")) {
            b.append("- Failed: `").append(f.path("name").asText()).append("`: ")
                    .append(cell(f.path("reason").asText())).append('\n');
        }
        b.append('\n');
    }

    private static void policyTable(StringBuilder b, JsonNode s, List<String> policies) {
        boolean prediction = policies.stream().anyMatch(p -> s.path("policies").path(p).has("mape"));
        b.append("## Per policy (mean over traces)\n\n");
        b.append("| policy | utilization | overshoot | freezes/min | switches/min | delivered kbit/s |");
        b.append(prediction ? " prediction MAPE | prediction MAE kbit/s |\n" : "\n");
        b.append("|---|---:|---:|---:|---:|---:|").append(prediction ? "---:|---:|\n" : "\n");
        for (String p : policies) {
            JsonNode m = s.path("policies").path(p);
            b.append("| ").append(p).append(" | ").append(num(m, "utilization", "%.3f")).append(" | ")
                    .append(num(m, "overshoot", "%.3f")).append(" | ").append(num(m, "freezes_per_min", "%.2f"))
                    .append(" | ").append(num(m, "switches_per_min", "%.2f")).append(" | ")
                    .append(num(m, "delivered_kbps", "%.0f")).append(" |");
            if (prediction) {
                b.append(' ').append(m.has("mape") ? String.format(Locale.ROOT, "%.1f %%", m.path("mape").asDouble() * 100)
                        : "").append(" | ").append(num(m, "mae_kbps", "%.0f")).append(" |");
            }
            b.append('\n');
        }
        b.append("\nutilization: forwarded ÷ min(capacity, top layer + audio); overshoot: share of time forwarding "
                + "more than the capacity; delivered: media reaching the receiver (docs/architecture.md, "
                + "\"Link simulator\").\n\n");
    }

    private static void traceTable(StringBuilder b, JsonNode s, List<String> policies) {
        b.append("## Per trace\n\n");
        b.append("Delivered kbit/s and freezes per minute under each policy; capacity is its mean over the "
                + "simulated time.\n\n");
        b.append("| trace | format | simulated s | capacity kbit/s |");
        StringBuilder rule = new StringBuilder("|---|---|---:|---:|");
        for (String p : policies) {
            b.append(' ').append(p).append(" kbit/s | ").append(p).append(" freezes/min |");
            rule.append("---:|---:|");
        }
        b.append('\n').append(rule).append('\n');
        for (JsonNode t : s.path("per_trace")) {
            JsonNode first = t.path(policies.isEmpty() ? "" : policies.get(0));
            b.append("| `").append(cell(t.path("trace").asText())).append("` | ").append(t.path("format").asText())
                    .append(" | ").append(num(first, "simulated_s", "%.0f"))
                    .append(t.path("looped").asBoolean() ? " (looped)" : "")
                    .append(" | ").append(num(first, "capacity_kbps", "%.0f")).append(" |");
            for (String p : policies) {
                JsonNode m = t.path(p);
                b.append(' ').append(num(m, "delivered_kbps", "%.0f")).append(" | ")
                        .append(num(m, "freezes_per_min", "%.2f")).append(" |");
            }
            b.append('\n');
        }
        b.append('\n');
    }

    private static void plots(StringBuilder b, Path outDir, JsonNode s) {
        b.append("## Capacity and forwarded bitrate\n\n");
        for (JsonNode t : s.path("per_trace")) {
            String name = t.path("trace").asText();
            String file = TracePlot.fileName(name);
            b.append("### `").append(name).append("`\n\n");
            if (Files.isRegularFile(outDir.resolve(PLOTS_DIR).resolve(file))) {
                b.append("![").append(name.replaceAll("[\\[\\]]", "")).append(": capacity and forwarded bitrate](")
                        .append(PLOTS_DIR).append('/').append(file).append(")\n\n");
            } else {
                b.append("(no plot)\n\n");
            }
        }
    }

    private static String num(JsonNode o, String field, String format) {
        JsonNode v = o.path(field);
        return v.isNumber() ? String.format(Locale.ROOT, format, v.asDouble()) : "";
    }

    /** Text safe inside a table cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
