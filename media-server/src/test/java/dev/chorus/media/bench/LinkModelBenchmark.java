package dev.chorus.media.bench;

import dev.chorus.media.quality.LearnedRatePolicy;
import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.quality.model.ModelLoader;
import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Inference cost of the shipped link-quality model (issue 6 target: ≤ 50 µs per prediction; it runs
 * once per receiver every 100 ms). {@code predict}: the mean-capacity regression alone;
 * {@code predictLow}: the low-quantile regression alone; {@code policy}: the learned policy's whole
 * decision with its default settings (prediction(s), danger hold, bounds, hysteresis). Input: 256 synthetic rows with plausible
 * feature ranges, cycled, so tree paths vary.
 *
 * <p>Run: {@code scripts/bench-forwarding LinkModelBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class LinkModelBenchmark {
    private LinkModel model;
    private LearnedRatePolicy policy;
    private TelemetryRow[] rows;
    private int i;

    @Setup
    public void setup() {
        ModelLoader.Result r = ModelLoader.shipped();
        model = r.model().orElseThrow(() -> new IllegalStateException("no shipped model: " + r.problem()));
        policy = new LearnedRatePolicy(model);
        Random rnd = new Random(1);
        rows = new TelemetryRow[256];
        for (int k = 0; k < rows.length; k++) {
            double[] f = new double[Feature.COUNT];
            double rate = 100 + rnd.nextDouble() * 5000;
            for (Feature ft : Feature.values()) {
                f[ft.ordinal()] = ft.column().contains("kbps") ? rate * (0.5 + rnd.nextDouble()) : rnd.nextDouble() * 50;
            }
            f[Feature.LOSS.ordinal()] = rnd.nextDouble() * 0.1;
            rows[k] = new TelemetryRow("bench", k * 100_000_000L, f);
        }
    }

    @Benchmark
    public double predict() {
        return model.predictKbps(rows[i++ & 255]);
    }

    @Benchmark
    public double predictLow() {
        return model.predictLowKbps(rows[i++ & 255]);
    }

    @Benchmark
    public long policy() {
        return policy.allowedBps(rows[i++ & 255]);
    }
}
