package dev.chorus.media.quality.model;

import java.util.List;
import java.util.Map;

/**
 * What a model file says about itself, before its serialized model: enough to refuse a model that
 * does not fit this server (another file format, another telemetry schema or feature order) without
 * deserializing anything, and to tell a reader where it came from.
 *
 * @param formatVersion {@link ModelFile#FORMAT_VERSION} of the writer
 * @param schemaVersion {@link dev.chorus.media.telemetry.TelemetryRow#SCHEMA_VERSION} it was trained on
 * @param features      feature columns in the order the model expects them
 * @param kind          e.g. {@code gbm}, {@code random-forest}
 * @param label         what the main regression predicts ({@code capacity_next_1s_kbps})
 * @param lowLabel      what the second, conservative regression predicts
 *                      ({@code capacity_low_next_1s_kbps}), or null if the file has none
 * @param trainedAt     ISO-8601 instant
 * @param metrics       held-out metrics (mape, mae_kbps, …; low_mape, low_mae_kbps for the low model)
 * @param notes         free text: traces, split, seed
 */
public record ModelHeader(int formatVersion, int schemaVersion, List<String> features, String kind, String label,
        String lowLabel, String trainedAt, Map<String, Double> metrics, String notes) {
    public ModelHeader {
        features = List.copyOf(features);
        metrics = Map.copyOf(metrics);
    }

    /**
     * The header of a model that lives in memory only (a training candidate, an ablation): this
     * writer's format and schema, today's features, no low label, no training instant or metrics.
     */
    public static ModelHeader inMemory(String kind, String label) {
        return new ModelHeader(ModelFile.FORMAT_VERSION, dev.chorus.media.telemetry.TelemetryRow.SCHEMA_VERSION,
                List.of(LinkModel.featureNames()), kind, label, null, "", Map.of(), "");
    }
}
