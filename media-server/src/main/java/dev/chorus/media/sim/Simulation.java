package dev.chorus.media.sim;

import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.telemetry.TelemetryRow;
import java.util.ArrayList;
import java.util.List;

/**
 * One receiver behind a trace-driven bottleneck, simulated on a virtual clock (1 ms steps, exact
 * packet times; no sleeping, no wall time — a 5-minute trace takes seconds):
 * <pre>
 * Publisher ──RTP──> ServerSide (real forwarding, allocator, estimator, pacer) ──> BottleneckLink ──> ReceiverSide
 *                        ^                                                                              │
 *                        └──────── TCC feedback, NACK, PLI, receiver reports (DelayLine) ───────────────┘
 * </pre>
 * Cadence as the server's worker: pacer every 2 ms, tick every 20 ms, and (the policy's period)
 * telemetry + allocation every 100 ms. Deterministic: the same trace, policy, config and seed give
 * the same result.
 */
public final class Simulation {
    static final long MS = 1_000_000L;
    private static final long PACE_NANOS = 2 * MS;
    private static final long TICK_NANOS = 20 * MS;
    static final long SAMPLE_NANOS = 100 * MS;
    private static final long LABEL_HORIZON_NANOS = 1_000 * MS;
    private static final int WINDOW_SAMPLES = 10;

    private final CapacityTrace trace;
    private final RatePolicy policy;
    private final SimConfig config;

    public Simulation(CapacityTrace trace, RatePolicy policy, SimConfig config) {
        this.trace = trace;
        this.policy = policy;
        this.config = config;
    }

    public RunResult run() {
        SourceConfig source = config.source();
        FrameRegistry registry = new FrameRegistry(source.layers());
        Publisher publisher = new Publisher(source, registry, config.seed());
        BottleneckLink link = new BottleneckLink(trace, config.link(), config.seed() * 31 + 7);
        DelayLine<ReceiverSide.Feedback> back = new DelayLine<>();
        DelayLine<Long> renderReports = new DelayLine<>();
        ReceiverSide receiver = new ReceiverSide(registry, link, back, renderReports);
        ServerSide server = new ServerSide(source, publisher, link::offer, policy, trace.name(), config.seed() + 1);
        Publisher.Sink sink = new Publisher.Sink() {
            @Override
            public void onVideo(int layer, byte[] buf, int len, long nowNanos) {
                server.onVideo(layer, buf, len, nowNanos);
            }

            @Override
            public void onAudio(byte[] buf, int len, long nowNanos) {
                server.onAudio(buf, len, nowNanos);
            }
        };
        Metrics m = new Metrics(trace, source.maxUsefulBps());
        List<TelemetryRow> rows = config.keepTelemetry() ? new ArrayList<>() : null;
        long end = config.durationNanos();
        for (long now = 0; now < end; now += MS) {
            publisher.produce(now, sink);
            if (now % PACE_NANOS == 0) {
                server.onPace(now);
            }
            link.advance(now, receiver::onPacket);
            receiver.tick(now);
            ReceiverSide.Feedback fb;
            while ((fb = back.poll(now)) != null) {
                deliver(server, fb, now);
            }
            Long freezes;
            while ((freezes = renderReports.poll(now)) != null) {
                server.onRenderReport(freezes, now);
            }
            if (now % TICK_NANOS == 0) {
                server.onTick(now);
            }
            if (now % SAMPLE_NANOS == 0) {
                TelemetryRow row = server.allocate(now);
                if (now > 0) {
                    m.sample(now, server, receiver);
                }
                if (rows != null) {
                    rows.add(row.withLabels(trace.meanCapacityBps(now, now + LABEL_HORIZON_NANOS) / 1e3,
                            trace.quantileCapacityBps(now, now + LABEL_HORIZON_NANOS, TelemetryRow.LOW_LABEL_QUANTILE) / 1e3));
                }
            }
        }
        return m.result(policy.name(), end, server, receiver, link, publisher, rows);
    }

    private static void deliver(ServerSide server, ReceiverSide.Feedback fb, long now) {
        switch (fb) {
            case ReceiverSide.Tcc t -> server.onRtcp(t.rtcp(), now);
            case ReceiverSide.Nack n -> {
                for (int seq : n.seqs()) {
                    server.onNack(seq, now);
                }
            }
            case ReceiverSide.Pli p -> server.onPli(now);
            case ReceiverSide.Report r -> server.onReceiverReport(r.fractionLost(),
                    Math.max(1, Math.round((now - r.srSentNanos()) / 1e6)), now);
        }
    }

    /** Per-sample bookkeeping and the run's summary numbers. */
    private static final class Metrics {
        private final CapacityTrace trace;
        private final long maxUsefulBps;
        private final TimeSeries series = new TimeSeries();
        private long lastSent;
        private long lastPadding;
        private long lastDelivered;
        /** The last second of 100 ms samples: utilization and overshoot are judged per second (VBR noise). */
        private final double[] recentForwarded = new double[WINDOW_SAMPLES];
        private final double[] recentCapacity = new double[WINDOW_SAMPLES];
        private double utilSum;
        private int utilSamples;
        private int overshootSamples;
        private int samples;
        private double forwardedSum;
        private double capacitySum;

        Metrics(CapacityTrace trace, long maxUsefulBps) {
            this.trace = trace;
            this.maxUsefulBps = maxUsefulBps;
        }

        void sample(long now, ServerSide server, ReceiverSide receiver) {
            double seconds = SAMPLE_NANOS / 1e9;
            long sent = server.sentBytes();
            long padding = server.sendController().paddingBytes();
            long delivered = receiver.mediaBytes();
            double capacity = trace.meanCapacityBps(now - SAMPLE_NANOS, now);
            double paddingBps = (padding - lastPadding) * 8 / seconds;
            double forwarded = (sent - lastSent) * 8 / seconds - paddingBps;
            double deliveredBps = (delivered - lastDelivered) * 8 / seconds;
            lastSent = sent;
            lastPadding = padding;
            lastDelivered = delivered;
            recentForwarded[samples % WINDOW_SAMPLES] = forwarded;
            recentCapacity[samples % WINDOW_SAMPLES] = capacity;
            samples++;
            forwardedSum += forwarded;
            capacitySum += capacity;
            int n = Math.min(samples, WINDOW_SAMPLES);
            double fwd1s = 0;
            double cap1s = 0;
            for (int i = 0; i < n; i++) {
                fwd1s += recentForwarded[i] / n;
                cap1s += recentCapacity[i] / n;
            }
            double usable = Math.min(cap1s, maxUsefulBps);
            if (usable > 0) {
                utilSum += Math.min(fwd1s, usable) / usable;
                utilSamples++;
            }
            if (fwd1s > cap1s) {
                overshootSamples++;
            }
            series.add(now / 1e9, capacity / 1e3, server.allowedBps() / 1e3,
                    server.sendController().targetBitrateBps() / 1e3, server.allocatedBps() / 1e3, forwarded / 1e3,
                    paddingBps / 1e3, deliveredBps / 1e3, receiver.playout().lastLayer());
        }

        RunResult result(String policy, long end, ServerSide server, ReceiverSide receiver, BottleneckLink link,
                Publisher publisher, List<TelemetryRow> rows) {
            double seconds = end / 1e9;
            double minutes = seconds / 60;
            FreezeMeter f = receiver.playout().freezes();
            long switches = server.selector().switches();
            double span = f.renderedSpanNanos() / 1e9;
            return new RunResult(trace.name(), policy, seconds,
                    utilSamples == 0 ? 0 : utilSum / utilSamples,
                    samples == 0 ? 0 : (double) overshootSamples / samples,
                    f.freezeCount() / minutes, switches / minutes,
                    receiver.mediaBytes() * 8 / seconds / 1e3,
                    samples == 0 ? 0 : forwardedSum / samples / 1e3,
                    samples == 0 ? 0 : capacitySum / samples / 1e3,
                    f.freezeCount(), f.totalFreezesNanos() / 1e9, f.pauseCount(), f.totalPausesNanos() / 1e9,
                    switches, receiver.playout().meanLayer(), span > 0 ? f.framesRendered() / span : 0,
                    publisher.keyFrames(), receiver.plisSent(), receiver.nacksSent(), server.retransmissions,
                    link.queueDrops(), link.randomDrops(), server.sendController().snapshot(end).probesSent(),
                    server.sendController().paddingBytes(), link.maxQueueDelayNanos() / 1e6, series,
                    rows == null ? List.of() : List.copyOf(rows));
        }
    }
}
