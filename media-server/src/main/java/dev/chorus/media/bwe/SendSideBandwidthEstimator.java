package dev.chorus.media.bwe;

import dev.chorus.media.rtcp.TransportCcFeedback;

/**
 * Per-receiver sender-side bandwidth estimate (GCC): how fast we may send to one receiver's
 * transport. Combines the delay-based estimate (from transport-wide CC feedback), the loss-based
 * one (feedback loss, or RTCP RR fraction lost), probing, and REMB as a fallback when the receiver
 * sends no transport-wide feedback: target = min(delay-based or REMB, loss-based), clamped to the
 * configured [min, max].
 *
 * <p>All methods take the caller's clock ({@code nowNanos}); everything runs on the transport's
 * worker thread and the per-packet / per-feedback paths do not allocate. Probing starts by itself
 * with the first packet sent: ask {@link #nextProbe} every few ms and send what it says.
 */
public final class SendSideBandwidthEstimator {
    /** Sees every feedback's per-packet results (telemetry); must not keep {@code results}. */
    public interface FeedbackListener {
        void onPacketResults(PacketResults results, long nowNanos);
    }

    /** Without transport-wide feedback for this long, REMB (if any) takes over from the delay-based estimate. */
    private static final long TCC_TIMEOUT_NANOS = 1_000_000_000L;

    private final BweConfig config;
    private final SendHistory history = new SendHistory(8192);
    private final AckedBitrateEstimator acked = new AckedBitrateEstimator();
    private final DelayBasedEstimator delay;
    private final LossBasedEstimator loss;
    private final ProbeController probes;
    private static final long QUIET_BEFORE_PROBE_NANOS = 1_000_000_000L;
    private long lastQueueChangeNanos = Long.MIN_VALUE;
    private final ProbeBitrateEstimator probeEstimator = new ProbeBitrateEstimator();
    private final int[] resultIds = new int[8];
    private final long[] resultBps = new long[8];

    private boolean started;
    private long lastTccNanos = Long.MIN_VALUE;
    private long rembBps = -1;
    private long rttNanos = -1;
    private long ackedBps = -1;
    private long pausedTargetBps = -1;
    private long target;
    private FeedbackListener listener;
    private long lastProbeResultBps = -1;
    private long lastProbeResultNanos = Long.MIN_VALUE;

    public SendSideBandwidthEstimator(BweConfig config) {
        this.config = config;
        delay = new DelayBasedEstimator(config.minBps(), config.startBps(), config.maxBps());
        loss = new LossBasedEstimator(config.minBps(), config.startBps(), config.maxBps());
        probes = new ProbeController(config.maxBps());
        target = config.startBps();
    }

    /**
     * A packet left with transport-wide sequence number {@code tccSeq} (our 64-bit counter; its low
     * 16 bits went on the wire). {@code probeClusterId} is the cluster it was sent for, or -1; media
     * sent while a cluster runs is attributed to it.
     */
    public void onPacketSent(long tccSeq, int sizeBytes, int probeClusterId, long nowNanos) {
        if (!started) {
            started = true;
            probes.onStart(config.startBps(), nowNanos);
        }
        int cluster = probeClusterId >= 0 ? probeClusterId : probes.activeClusterId(nowNanos);
        history.onPacketSent(tccSeq, sizeBytes, cluster, probeClusterId >= 0, nowNanos);
        probes.onPacketSent(cluster, sizeBytes, nowNanos);
    }

    /** A parsed transport-wide feedback from this receiver. */
    public void onTransportCcFeedback(TransportCcFeedback fb, long nowNanos) {
        lastTccNanos = nowNanos;
        PacketResults r = history.onFeedback(fb);
        if (r.count() == 0) {
            return;
        }
        if (listener != null) {
            listener.onPacketResults(r, nowNanos);
        }
        int lost = 0;
        int expected = 0;
        for (int i = 0; i < r.count(); i++) {
            if (!r.isPadding(i)) {
                // Probes go above the estimate on purpose: what padding loses says "the link is full",
                // which the probe result already reports; counting it as loss would also cut the rate.
                // Media sent during a cluster counts: its loss hurts the receiver.
                expected++;
                lost += r.isReceived(i) ? 0 : 1;
            }
            if (!r.isReceived(i)) {
                continue;
            }
            long arrival = r.arrivalTimeNanos(i);
            acked.onPacketAcked(arrival, r.sizeBytes(i));
            delay.onPacket(r.sendTimeNanos(i), arrival, nowNanos);
            probeEstimator.onPacket(r.probeClusterId(i), r.sendTimeNanos(i), arrival, r.sizeBytes(i), nowNanos);
        }
        loss.onPacketsLost(lost, expected, nowNanos);
        ackedBps = acked.bitrateBps();
        loss.onAckedBitrate(ackedBps);
        delay.update(ackedBps, rttNanos, nowNanos);
        if (delay.usage() != BandwidthUsage.NORMAL) {
            lastQueueChangeNanos = nowNanos;
        }
        int n = probeEstimator.collectResults(resultIds, resultBps, probes);
        for (int k = 0; k < n; k++) {
            long before = delay.estimateBps();
            // While overusing, a probe result is stale news: the queue says otherwise.
            if (delay.usage() != BandwidthUsage.OVERUSING && delay.raiseTo(resultBps[k], nowNanos)
                    && resultBps[k] > loss.estimateBps()) {
                loss.setEstimate(resultBps[k]);
            }
            probes.onProbeResult(resultIds[k], resultBps[k], before, nowNanos);
            lastProbeResultBps = resultBps[k];
            lastProbeResultNanos = nowNanos;
        }
        loss.update(delay.estimateBps(), rttNanos, nowNanos);
        updateTarget(nowNanos);
    }

    /** Receiver-estimated maximum bitrate; used only while transport-wide feedback is absent. */
    public void onRemb(long bps, long nowNanos) {
        rembBps = bps;
        if (!tccActive(nowNanos)) {
            loss.update(bps, rttNanos, nowNanos);
            updateTarget(nowNanos);
        }
    }

    /**
     * A report block about our media: {@code fractionLost} 0–255, {@code rttMillis} from LSR/DLSR
     * (≤ 0 if unknown). The loss feeds the loss-based estimate only without transport-wide feedback
     * (which reports the same packets more precisely).
     */
    public void onReceiverReport(int fractionLost, long rttMillis, long nowNanos) {
        if (rttMillis > 0) {
            rttNanos = rttMillis * 1_000_000L;
        }
        if (!tccActive(nowNanos)) {
            loss.onFractionLost(fractionLost, nowNanos);
            loss.update(rembBps > 0 ? rembBps : delay.estimateBps(), rttNanos, nowNanos);
            updateTarget(nowNanos);
        }
    }

    private boolean tccActive(long nowNanos) {
        return lastTccNanos != Long.MIN_VALUE && nowNanos - lastTccNanos <= TCC_TIMEOUT_NANOS;
    }

    private boolean rembFallback(long nowNanos) {
        return rembBps > 0 && !tccActive(nowNanos);
    }

    private void updateTarget(long nowNanos) {
        long upper = rembFallback(nowNanos) ? rembBps : delay.estimateBps();
        long t = Math.min(upper, loss.estimateBps());
        target = Math.max(config.minBps(), Math.min(config.maxBps(), t));
    }

    /** What the allocator may spend on this receiver, bit/s. */
    public long targetBitrateBps() {
        return target;
    }

    /** Probe bytes to send now, or null; see {@link ProbeController}. */
    public ProbeCluster nextProbe(long nowNanos) {
        return probes.nextProbe(nowNanos);
    }

    /**
     * The allocator wants {@code desiredBps} (more than the target): probe for it if allowed. Not while
     * the delay signal says a queue is building or draining (nor for a second after): a probe then
     * only refills the queue that overuse just cut the rate to drain.
     */
    public boolean requestProbe(long desiredBps, long nowNanos) {
        if (lastQueueChangeNanos != Long.MIN_VALUE && nowNanos - lastQueueChangeNanos < QUIET_BEFORE_PROBE_NANOS) {
            return false;
        }
        return probes.requestProbe(desiredBps, target, nowNanos);
    }

    /** All video to this receiver stops (audio may continue): remember what the link carried. */
    public void onVideoPaused(long nowNanos) {
        pausedTargetBps = Math.max(pausedTargetBps, target);
    }

    /** Video resumes: probe back to the rate before the pause if the estimate sank meanwhile. */
    public void onVideoResumed(long nowNanos) {
        if (pausedTargetBps > 0) {
            probes.requestRecoveryProbe(pausedTargetBps, target, nowNanos);
            pausedTargetBps = -1;
        }
        // The acked rate averaged over the audio-only pause would make the first overuse after
        // the resume cut far below what the link carries: measure afresh.
        acked.reset();
    }

    /** One listener (or null) for per-packet feedback results, e.g. a telemetry recorder. */
    public void setFeedbackListener(FeedbackListener l) {
        this.listener = l;
    }

    /** The delay detector's scaled queueing-delay trend, ms (compared with {@link #delayThresholdMs()}). */
    public double delayTrendMs() {
        return delay.trendline().modifiedTrend();
    }

    /** The delay detector's adaptive overuse threshold, ms. */
    public double delayThresholdMs() {
        return delay.trendline().thresholdMs();
    }

    /** The last measured probe cluster rate, bit/s, or -1 if none yet. */
    public long lastProbeResultBps() {
        return lastProbeResultBps;
    }

    /** When {@link #lastProbeResultBps()} was measured; {@code Long.MIN_VALUE} if never. */
    public long lastProbeResultNanos() {
        return lastProbeResultNanos;
    }

    /** Allocates; for stats, not per packet. */
    public BweSnapshot snapshot(long nowNanos) {
        return new BweSnapshot(target, delay.estimateBps(), loss.estimateBps(), ackedBps, rembBps,
                rembFallback(nowNanos), rttNanos > 0 ? rttNanos / 1_000_000L : -1, loss.lossFraction(),
                delay.usage(), delay.rateControlState(), probes.clustersStarted(), probes.clustersSucceeded());
    }
}
