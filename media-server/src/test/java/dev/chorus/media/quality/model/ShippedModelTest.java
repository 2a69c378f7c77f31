package dev.chorus.media.quality.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.telemetry.TelemetryRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model in media-server's resources loads, matches this telemetry schema and predicts sanely. */
class ShippedModelTest {
    @Test
    void shippedModelLoadsAndFitsThisSchema() {
        ModelLoader.Result r = ModelLoader.shipped();
        assertTrue(r.loaded(), "shipped model: " + r.problem());
        LinkModel m = r.model().orElseThrow();
        assertEquals(TelemetryRow.SCHEMA_VERSION, m.header().schemaVersion());
        assertEquals(List.of(LinkModel.featureNames()), m.header().features());
        assertTrue(m.header().metrics().get("mape") < 0.25, "held-out MAPE " + m.header().metrics());
        double kbps = m.predictKbps(TestModels.features(1000));
        assertTrue(kbps > 0 && kbps < 100_000, "prediction " + kbps);
        // the policy's default settings use the low-quantile regression: the shipped model must have it
        assertTrue(m.hasLow(), "shipped model has no low-quantile regression");
        assertEquals("capacity_low_next_1s_kbps", m.header().lowLabel());
        double low = m.predictLowKbps(TestModels.features(1000));
        assertTrue(low >= 0 && low < 100_000, "low prediction " + low);
    }
}
