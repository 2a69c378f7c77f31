package dev.chorus.signaling.e2e;

import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.sim.trace.TraceFormat;
import dev.chorus.signaling.e2e.net.TraceSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RealCheckSummary}'s arithmetic over hand-made samples (no browser). */
class RealCheckSummaryTest {
    static final TraceSchedule SCHEDULE = TraceSchedule.of(CapacityTrace.builder("t", TraceFormat.PENSIEVE)
            .add(2_000_000_000L, 300_000).add(2_000_000_000L, 2_000_000).build(), Duration.ZERO, Duration.ofSeconds(4),
            1.0, 50, 4000);

    static RealCheckSample s(double t, double shaped, long height, long frames, long freezes, double frozen,
                             double transport, String policy) {
        return new RealCheckSample(t, shaped, height, 10, frames, freezes, frozen, transport * 0.8, transport, policy,
                500, 400, -1, 0);
    }

    /** Baseline with counters from the warm-up, then four seconds: two low, two high, a 2 s stall in the middle. */
    static final List<RealCheckSample> SAMPLES = List.of(
            s(0, 300, 720, 100, 2, 1.0, 0, "gcc"),
            s(1, 300, 180, 110, 2, 1.0, 200, "gcc"),
            s(2, 300, 180, 110, 3, 1.5, 100, "gcc"),
            s(3, 2000, 180, 110, 3, 1.5, 300, "gcc"),
            s(4, 2000, 360, 130, 4, 2.5, 900, "gcc"));

    @Test
    void baselineIsSubtractedAndSharesAndMeansAreOverTheRunSeconds() {
        RealCheckSummary r = RealCheckSummary.of(1, "gcc", SCHEDULE, SAMPLES, 12.5);
        assertEquals(4, r.seconds());
        assertEquals(2, r.freezeCount(), "freezes during the run, not the warm-up's");
        assertEquals(1.5, r.freezeSec(), 1e-9);
        assertEquals(Map.of(180L, 0.75, 360L, 0.25), r.heightShare());
        assertEquals((180 * 3 + 360) / 4.0, r.meanFrameHeight(), 1e-9);
        assertEquals(375, r.meanTransportKbit(), 1e-9);
        assertEquals(1150, r.meanShapedKbit(), 1e-9);
        assertEquals(2, r.lowSeconds());
        assertEquals(150, r.lowTransportKbit(), 1e-9);
        assertEquals(300, r.lowShapedKbit(), 1e-9);
        assertEquals(3, r.longestStallSec(), 1e-9, "no new frame from 1 s until 4 s");
        assertEquals(Set.of("gcc"), r.serverPolicies());
        assertEquals(4.0, r.traceSec(), 1e-9);
    }

    @Test
    void anotherPolicyInTheServerStatsShowsUp() {
        List<RealCheckSample> mixed = List.of(SAMPLES.get(0), SAMPLES.get(1),
                s(2, 300, 180, 120, 2, 1.0, 100, "learned"));
        assertEquals(Set.of("gcc", "learned"), RealCheckSummary.of(1, "learned", SCHEDULE, mixed, 0).serverPolicies());
    }

    @Test
    void writesCsvAndJson(@TempDir Path dir) throws Exception {
        RealCheckSummary r = RealCheckSummary.of(2, "learned", SCHEDULE, SAMPLES, 0);
        r.write(dir, "2-learned", SAMPLES);
        List<String> csv = Files.readAllLines(dir.resolve("2-learned.csv"));
        assertEquals(RealCheckSample.CSV_HEADER, csv.getFirst());
        assertEquals(SAMPLES.size() + 1, csv.size());
        assertEquals(RealCheckSample.CSV_HEADER.split(",").length, csv.get(1).split(",").length);
        String json = Files.readString(dir.resolve("2-learned.json"));
        assertTrue(json.contains("\"policy\" : \"learned\"") && json.contains("\"heightShare\""), json);
    }
}
