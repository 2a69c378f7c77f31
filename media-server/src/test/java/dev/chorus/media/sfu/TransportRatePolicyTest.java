package dev.chorus.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bwe.model in the live transport: a configured policy gets a telemetry row and sets the budget. */
class TransportRatePolicyTest {
    @Test
    void configuredPolicyDecidesTheBudgetFromATelemetryRow() throws Exception {
        List<TelemetryRow> seen = new ArrayList<>();
        try (MediaServer server = new MediaServer("127.0.0.1", 0, null, 1)) {
            server.setRatePolicies(() -> new RatePolicy() {
                @Override
                public String name() {
                    return "fixed";
                }

                @Override
                public long allowedBps(TelemetryRow row) {
                    seen.add(row);
                    return 300_000;
                }
            });
            Router router = server.createRouter("room");
            WebRtcTransport t = router.createTransport("peer", (x, s) -> { });
            long allowed = router.worker().call(() -> {
                t.allocate(System.nanoTime());
                return t.lastAllowedBps();
            }).get(10, TimeUnit.SECONDS);
            assertEquals(300_000, allowed);
            assertEquals("fixed", t.ratePolicyName());
            TransportStats.RatePolicy stats = t.stats().get(10, TimeUnit.SECONDS).ratePolicy();
            assertEquals("fixed", stats.name());
            assertEquals(300_000, stats.allowedBps());
            assertEquals(1, seen.size());
            // the row carries what the send side knows: here the estimator's start rate
            assertEquals(t.congestion().targetBitrateBps() / 1000.0, seen.get(0).get(Feature.ESTIMATE_KBPS), 1);
        }
    }

    @Test
    void theReceiversFreezeReportsReachTheLearnedPolicyAndItsStats() throws Exception {
        var model = dev.chorus.media.quality.model.LinkModel.constant(800, "constant");
        var feedback = new dev.chorus.media.quality.FreezeFeedback.Settings(1.0, 60, 1.0, 15);
        try (MediaServer server = new MediaServer("127.0.0.1", 0, null, 1)) {
            server.setRatePolicies(() -> new dev.chorus.media.quality.LearnedRatePolicy(model, null,
                    dev.chorus.media.quality.LearnedRatePolicy.Settings.DEFAULTS, feedback));
            Router router = server.createRouter("room");
            WebRtcTransport t = router.createTransport("peer", (x, s) -> { });
            TransportStats.RatePolicy before = t.stats().get(10, TimeUnit.SECONDS).ratePolicy();
            assertEquals(-1, before.reportedFreezeCount());
            assertEquals("silent", before.freezeFeedback());
            t.onRenderReport(2); // any thread: posted to the transport's worker
            TransportStats.RatePolicy first = t.stats().get(10, TimeUnit.SECONDS).ratePolicy();
            assertEquals(2, first.reportedFreezeCount());
            assertEquals("clear", first.freezeFeedback(), "the first report is a baseline");
            t.onRenderReport(5);
            TransportStats.RatePolicy after = t.stats().get(10, TimeUnit.SECONDS).ratePolicy();
            assertEquals(5, after.reportedFreezeCount());
            assertEquals("freezing", after.freezeFeedback());
        }
    }

    @Test
    void gccHasNoPolicyToReportTo() throws Exception {
        try (MediaServer server = new MediaServer("127.0.0.1", 0, null, 1)) {
            WebRtcTransport t = server.createRouter("room").createTransport("peer", (x, s) -> { });
            t.onRenderReport(3);
            TransportStats.RatePolicy stats = t.stats().get(10, TimeUnit.SECONDS).ratePolicy();
            assertEquals(-1, stats.reportedFreezeCount());
            assertEquals("off", stats.freezeFeedback());
        }
    }

    @Test
    void withoutAPolicyTheEstimateIsTheBudget() throws Exception {
        try (MediaServer server = new MediaServer("127.0.0.1", 0, null, 1)) {
            Router router = server.createRouter("room");
            WebRtcTransport t = router.createTransport("peer", (x, s) -> { });
            assertEquals("gcc", t.ratePolicyName());
            long[] r = router.worker().call(() -> new long[] {t.lastAllowedBps(), t.congestion().targetBitrateBps()})
                    .get(10, TimeUnit.SECONDS);
            assertEquals(r[1], r[0]);
        }
    }
}
