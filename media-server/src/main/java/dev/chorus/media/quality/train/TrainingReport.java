package dev.chorus.media.quality.train;

import dev.chorus.media.quality.model.ModelHeader;
import java.util.Locale;
import java.util.Map;

/** The markdown training report written next to a model file. */
final class TrainingReport {
    private TrainingReport() {
    }

    static String markdown(ModelHeader h, TraceSplit split, Map<String, ErrorStats> val, Map<String, ErrorStats> test,
            Map<String, Double> trainSeconds, Dataset train, Dataset testRows, double wallS) {
        StringBuilder b = new StringBuilder();
        b.append("# Link-quality model training report\n\n");
        b.append(String.format(Locale.ROOT, "- chosen models: **%s** (each the lowest validation MAPE for its label), trained %s%n",
                h.kind(), h.trainedAt()));
        b.append(String.format(Locale.ROOT, "- labels: `%s` (mean capacity over the next 1 s) and `%s` (its 10 %% quantile:"
                + " the capacity held for 90 %% of the next 1 s); target ln(1 + kbit/s); each model is scored against"
                + " its own label%n", h.label(), h.lowLabel()));
        b.append(String.format(Locale.ROOT, "- telemetry schema %d, %d features, model file format %d%n", h.schemaVersion(),
                h.features().size(), h.formatVersion()));
        b.append("- ").append(h.notes()).append('\n');
        b.append(String.format(Locale.ROOT, "- rows: %d training (subsampled), %d test; wall time %.0f s%n", train.size(),
                testRows.size(), wallS));
        b.append(String.format(Locale.ROOT, "- MAPE counts rows with label ≥ %.0f kbit/s (outages make percentages infinite); MAE counts all%n%n",
                ErrorStats.MAPE_MIN_KBPS));
        for (boolean low : new boolean[] {false, true}) {
            b.append(low ? "\n### Low quantile (`" + h.lowLabel() + "`)\n\n" : "### Mean capacity (`" + h.label() + "`)\n\n");
            b.append("| predictor | validation MAPE | test MAPE | test MAE kbit/s | train s |\n|---|---:|---:|---:|---:|\n");
            for (String name : test.keySet()) {
                if (name.startsWith(TrainMain.LOW) != low) {
                    continue;
                }
                Double s = trainSeconds.get(name);
                b.append(String.format(Locale.ROOT, "| %s | %.1f %% | %.1f %% | %.0f | %s |%n",
                        low ? name.substring(TrainMain.LOW.length()) : name, val.get(name).mape() * 100,
                        test.get(name).mape() * 100, test.get(name).maeKbps(),
                        s == null ? "–" : String.format(Locale.ROOT, "%.1f", s)));
            }
        }
        b.append("\n## Test traces (never seen in training or model selection)\n\n");
        for (String t : split.test()) {
            b.append("- ").append(t).append('\n');
        }
        b.append("\n## Validation traces\n\n");
        for (String t : split.validation()) {
            b.append("- ").append(t).append('\n');
        }
        return b.toString();
    }
}
