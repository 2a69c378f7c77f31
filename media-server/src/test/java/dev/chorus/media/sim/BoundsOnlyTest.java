package dev.chorus.media.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;
import org.junit.jupiter.api.Test;

class BoundsOnlyTest {
    private static TelemetryRow row(long tNanos, double estimateKbps, double loss) {
        double[] f = new double[Feature.COUNT];
        f[Feature.ESTIMATE_KBPS.ordinal()] = estimateKbps;
        f[Feature.ACKED_KBPS.ordinal()] = estimateKbps * 0.9;
        f[Feature.PROBE_AGE_S.ordinal()] = -1;
        f[Feature.LOSS.ordinal()] = loss;
        return new TelemetryRow("l", tNanos, f);
    }

    @Test
    void allowsTheUpperBoundAndKeepsTheLossHold() {
        RatePolicy p = Policies.byName("bounds").apply(null);
        assertEquals("bounds", p.name());
        assertEquals(1_500_000, p.allowedBps(row(100_000_000L, 1000, 0))); // 1.5 × the estimate
        assertEquals(900_000, p.allowedBps(row(200_000_000L, 600, 0))); // decreases at once
        assertEquals(500_000, p.allowedBps(row(300_000_000L, 500, 0.2))); // heavy loss: the estimate caps it
        assertEquals(500_000, p.allowedBps(row(500_000_000L, 500, 0))); // held for 0.5 s
        assertEquals(750_000, p.allowedBps(row(900_000_000L, 500, 0))); // then the bound again
    }
}
