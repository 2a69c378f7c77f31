package dev.chorus.media.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.quality.GccRatePolicy;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.sim.trace.TraceFormat;
import dev.chorus.media.telemetry.TelemetryRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated receiver reports its freeze count every 5 s, as the web client's client-stats do, and the policy gets it. */
class RenderReportTest {
    private static final long S = 1_000_000_000L;

    @Test
    void everyFiveSecondsThePolicyHearsTheReceiversFreezeCount() {
        // good, a near-outage that freezes any video, good again
        CapacityTrace trace = CapacityTrace.builder("outage", TraceFormat.GYM).add(20 * S, 2_500_000)
                .add(3 * S, 20_000).add(20 * S, 2_500_000).build();
        List<long[]> reports = new ArrayList<>();
        RatePolicy gcc = new GccRatePolicy();
        RatePolicy recording = new RatePolicy() {
            @Override
            public String name() {
                return "gcc";
            }

            @Override
            public long allowedBps(TelemetryRow row) {
                return gcc.allowedBps(row);
            }

            @Override
            public void onRenderReport(long nowNanos, long freezeCount) {
                reports.add(new long[] {nowNanos, freezeCount});
            }
        };
        RunResult r = new Simulation(trace, recording, SimConfig.of(43 * S, 5)).run();
        assertEquals(8, reports.size(), "one report per 5 s of a 43 s call");
        for (int i = 0; i < reports.size(); i++) {
            long sent = (i + 1) * ReceiverSide.RENDER_REPORT_INTERVAL_NANOS;
            long at = reports.get(i)[0];
            assertTrue(at >= sent && at < sent + S / 2, "report " + i + " at " + at / 1e9 + " s (one-way delay after it was sent)");
            if (i > 0) {
                assertTrue(reports.get(i)[1] >= reports.get(i - 1)[1], "a cumulative count");
            }
        }
        assertEquals(0, reports.get(2)[1], "no freeze before the outage at 20 s");
        long last = reports.get(reports.size() - 1)[1];
        assertTrue(last > 0 && last <= r.freezes(), "the outage froze the video and the reports say so: " + last
                + " of " + r.freezes());
    }
}
