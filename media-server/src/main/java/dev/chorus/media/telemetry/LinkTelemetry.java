package dev.chorus.media.telemetry;

import dev.chorus.media.bwe.BandwidthUsage;
import dev.chorus.media.bwe.BweSnapshot;
import dev.chorus.media.bwe.PacketResults;
import dev.chorus.media.bwe.SendController;
import dev.chorus.media.bwe.SendSideBandwidthEstimator;
import java.util.Arrays;

/**
 * Builds one receiver link's {@link TelemetryRow}s from what the server sees: register it as the
 * estimator's {@link SendSideBandwidthEstimator.FeedbackListener} (every transport-wide feedback's
 * per-packet send and arrival times), then call {@link #sample} every 100 ms with the link's
 * {@link SendController} and the last allocation. The simulator and (later) the live server use it
 * alike, so a model trained on simulated rows sees the same features live.
 *
 * <p>Arrival times are on the receiver's clock, so one-way delays are only known up to a constant:
 * the queueing delay is the delay minus its minimum over the last 10 s. Not thread-safe (the
 * transport's worker thread).
 */
public final class LinkTelemetry implements SendSideBandwidthEstimator.FeedbackListener {
    static final long ROW_NANOS = 100_000_000L;
    private static final int HISTORY = 50; // rows: 5 s
    private static final int BASE_ROWS = 100; // rows: 10 s of per-row delay minima
    private static final long GRADIENT_WINDOW_NANOS = 500_000_000L;
    private static final int GRADIENT_CAPACITY = 8192;
    private static final double LOSS_EWMA_ALPHA = 0.1;
    private static final double SINCE_OVERUSE_CAP_S = 60;

    private final String link;

    // ---- the current window (since the last row)
    private double delaySum;
    private int delayCount;
    private long delayMax = Long.MIN_VALUE;
    private long delayMin = Long.MAX_VALUE;
    private long recvBytes;
    private int mediaReported;
    private int mediaLost;

    // ---- per-packet state
    private final long[] gradSend = new long[GRADIENT_CAPACITY];
    private final long[] gradDelay = new long[GRADIENT_CAPACITY];
    private int gradHead;
    private int gradCount;
    private long lastSend = Long.MIN_VALUE;
    private long lastArrival;
    private double jitterNanos;

    // ---- across rows
    private final long[] baseMin = new long[BASE_ROWS];
    private int baseNext;
    private int baseCount;
    private double lossEwma;
    private long lastSentBytes = -1;
    private long lastPaddingBytes;
    private long lastOveruseNanos = Long.MIN_VALUE;
    private long lastSampleNanos = Long.MIN_VALUE;
    private final double[][] history = new double[HISTORY][];
    private final int[] historyReported = new int[HISTORY];
    private final int[] historyLost = new int[HISTORY];
    private final int[] historyProbes = new int[HISTORY];
    private int historyNext;
    private int historyCount;
    private int lastProbesStarted;

    public LinkTelemetry(String link) {
        this.link = link;
        Arrays.fill(baseMin, Long.MAX_VALUE);
    }

    public String link() {
        return link;
    }

    @Override
    public void onPacketResults(PacketResults r, long nowNanos) {
        for (int i = 0; i < r.count(); i++) {
            if (!r.isPadding(i)) {
                mediaReported++;
                mediaLost += r.isReceived(i) ? 0 : 1;
            }
            if (!r.isReceived(i)) {
                continue;
            }
            long send = r.sendTimeNanos(i);
            long arrival = r.arrivalTimeNanos(i);
            long d = arrival - send;
            recvBytes += r.sizeBytes(i);
            delaySum += d;
            delayCount++;
            delayMax = Math.max(delayMax, d);
            delayMin = Math.min(delayMin, d);
            int slot = (gradHead + gradCount) % GRADIENT_CAPACITY;
            if (gradCount == GRADIENT_CAPACITY) {
                gradHead = (gradHead + 1) % GRADIENT_CAPACITY;
            } else {
                gradCount++;
            }
            gradSend[slot] = send;
            gradDelay[slot] = d;
            if (lastSend != Long.MIN_VALUE && send > lastSend) {
                double dd = Math.abs((double) (arrival - lastArrival) - (send - lastSend));
                jitterNanos += (dd - jitterNanos) / 16;
            }
            if (lastSend == Long.MIN_VALUE || send > lastSend) {
                lastSend = send;
                lastArrival = arrival;
            }
        }
    }

    /**
     * Closes the window ending at {@code nowNanos}: one row. {@code allocatedBps} / {@code desiredBps}
     * describe the allocation in force (what is forwarded, and what the ideal layers would take), both
     * including audio; -1 if there is none yet.
     */
    public TelemetryRow sample(long nowNanos, SendController send, long allocatedBps, long desiredBps) {
        SendSideBandwidthEstimator bwe = send.estimator();
        BweSnapshot s = bwe.snapshot(nowNanos);
        double[] f = new double[Feature.COUNT];
        double windowS = windowSeconds(nowNanos);

        // delay
        if (delayCount > 0) {
            baseMin[baseNext] = delayMin;
        } else {
            baseMin[baseNext] = Long.MAX_VALUE;
        }
        baseNext = (baseNext + 1) % BASE_ROWS;
        baseCount = Math.min(baseCount + 1, BASE_ROWS);
        long base = Long.MAX_VALUE;
        for (int i = 0; i < baseCount; i++) {
            base = Math.min(base, baseMin[i]);
        }
        boolean haveDelay = delayCount > 0 && base != Long.MAX_VALUE;
        set(f, Feature.OWD_MS, haveDelay ? (delaySum / delayCount - base) / 1e6 : -1);
        set(f, Feature.OWD_MAX_MS, haveDelay ? (delayMax - base) / 1e6 : -1);
        set(f, Feature.OWD_GRADIENT, gradient(nowNanos));
        set(f, Feature.DELAY_TREND_MS, bwe.delayTrendMs());
        set(f, Feature.DELAY_THRESHOLD_MS, bwe.delayThresholdMs());
        set(f, Feature.JITTER_MS, lastSend == Long.MIN_VALUE ? -1 : jitterNanos / 1e6);

        // loss and RTT
        double loss = mediaReported > 0 ? (double) mediaLost / mediaReported : 0;
        lossEwma += LOSS_EWMA_ALPHA * (loss - lossEwma);
        set(f, Feature.LOSS, loss);
        set(f, Feature.LOSS_EWMA, lossEwma);
        set(f, Feature.LOSS_ESTIMATOR, s.lossFraction());
        set(f, Feature.RTT_MS, s.rttMillis());

        // rates
        long sentBytes = send.pacer().bytesSent() + send.paddingBytes();
        long sentDelta = lastSentBytes < 0 ? sentBytes : sentBytes - lastSentBytes;
        long paddingDelta = send.paddingBytes() - lastPaddingBytes;
        lastSentBytes = sentBytes;
        lastPaddingBytes = send.paddingBytes();
        set(f, Feature.ACKED_KBPS, s.ackedBps() < 0 ? -1 : s.ackedBps() / 1e3);
        set(f, Feature.RECV_KBPS, recvBytes * 8 / windowS / 1e3);
        set(f, Feature.SENT_KBPS, sentDelta * 8 / windowS / 1e3);
        set(f, Feature.PADDING_KBPS, paddingDelta * 8 / windowS / 1e3);
        set(f, Feature.PACER_QUEUE_MS, send.pacer().oldestQueueDelayNanos(nowNanos) / 1e6);

        // estimator
        set(f, Feature.ESTIMATE_KBPS, s.targetBps() / 1e3);
        set(f, Feature.DELAY_BASED_KBPS, s.delayBasedBps() / 1e3);
        set(f, Feature.LOSS_BASED_KBPS, s.lossBasedBps() / 1e3);
        set(f, Feature.USAGE, s.usage().ordinal());
        long probe = bwe.lastProbeResultBps();
        set(f, Feature.PROBE_KBPS, probe < 0 ? -1 : probe / 1e3);
        set(f, Feature.PROBE_AGE_S, probe < 0 ? -1 : (nowNanos - bwe.lastProbeResultNanos()) / 1e9);
        if (s.usage() == BandwidthUsage.OVERUSING) {
            lastOveruseNanos = nowNanos;
        }
        set(f, Feature.SINCE_OVERUSE_S, lastOveruseNanos == Long.MIN_VALUE ? SINCE_OVERUSE_CAP_S
                : Math.min(SINCE_OVERUSE_CAP_S, (nowNanos - lastOveruseNanos) / 1e9));
        set(f, Feature.ALLOCATED_KBPS, allocatedBps < 0 ? -1 : allocatedBps / 1e3);
        set(f, Feature.DESIRED_KBPS, desiredBps < 0 ? -1 : desiredBps / 1e3);

        int probesNew = s.probesSent() - lastProbesStarted;
        lastProbesStarted = s.probesSent();
        remember(f, mediaReported, mediaLost, probesNew);
        historyWindows(f);

        resetWindow();
        return new TelemetryRow(link, nowNanos, f);
    }

    /** The window's length: since the last row (the first row counts as a full window). */
    private double windowSeconds(long nowNanos) {
        long w = lastSampleNanos == Long.MIN_VALUE ? ROW_NANOS : Math.max(1_000_000L, nowNanos - lastSampleNanos);
        lastSampleNanos = nowNanos;
        return w / 1e9;
    }

    /** Slope of the delay over send time (ms per s) for the packets sent in the last 500 ms; 0 if too few. */
    private double gradient(long nowNanos) {
        long newestSend = Long.MIN_VALUE;
        for (int k = 0; k < gradCount; k++) {
            newestSend = Math.max(newestSend, gradSend[(gradHead + k) % GRADIENT_CAPACITY]);
        }
        long from = newestSend - GRADIENT_WINDOW_NANOS;
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int k = 0; k < gradCount; k++) {
            int i = (gradHead + k) % GRADIENT_CAPACITY;
            if (gradSend[i] >= from) {
                sx += gradSend[i] / 1e9;
                sy += gradDelay[i] / 1e6;
                n++;
            }
        }
        if (n < 3) {
            return 0;
        }
        double mx = sx / n;
        double my = sy / n;
        double num = 0;
        double den = 0;
        for (int k = 0; k < gradCount; k++) {
            int i = (gradHead + k) % GRADIENT_CAPACITY;
            if (gradSend[i] >= from) {
                double dx = gradSend[i] / 1e9 - mx;
                num += dx * (gradDelay[i] / 1e6 - my);
                den += dx * dx;
            }
        }
        // drop what can no longer be in any window
        while (gradCount > 0 && gradSend[gradHead] < from) {
            gradHead = (gradHead + 1) % GRADIENT_CAPACITY;
            gradCount--;
        }
        return den == 0 ? 0 : num / den;
    }

    private void remember(double[] f, int reported, int lost, int probes) {
        history[historyNext] = f;
        historyReported[historyNext] = reported;
        historyLost[historyNext] = lost;
        historyProbes[historyNext] = probes;
        historyNext = (historyNext + 1) % HISTORY;
        historyCount = Math.min(historyCount + 1, HISTORY);
    }

    /** Fills the history features from the last rows (this one included). */
    private void historyWindows(double[] f) {
        int r = Feature.RECV_KBPS.ordinal();
        double recv1 = 0;
        double recv5 = 0;
        double recvMin = Double.MAX_VALUE;
        double recvMax = 0;
        double sent1 = 0;
        double owd1 = 0;
        int owd1n = 0;
        double owdMax5 = -1;
        double estMin = Double.MAX_VALUE;
        double estMax = 0;
        long reported = 0;
        long lost = 0;
        int probes = 0;
        int n1 = Math.min(historyCount, 10);
        for (int k = 0; k < historyCount; k++) {
            int i = Math.floorMod(historyNext - 1 - k, HISTORY);
            double[] h = history[i];
            recv5 += h[r];
            recvMin = Math.min(recvMin, h[r]);
            recvMax = Math.max(recvMax, h[r]);
            owdMax5 = Math.max(owdMax5, h[Feature.OWD_MAX_MS.ordinal()]);
            estMin = Math.min(estMin, h[Feature.ESTIMATE_KBPS.ordinal()]);
            estMax = Math.max(estMax, h[Feature.ESTIMATE_KBPS.ordinal()]);
            reported += historyReported[i];
            lost += historyLost[i];
            probes += historyProbes[i];
            if (k < n1) {
                recv1 += h[r];
                sent1 += h[Feature.SENT_KBPS.ordinal()];
                if (h[Feature.OWD_MS.ordinal()] >= 0) {
                    owd1 += h[Feature.OWD_MS.ordinal()];
                    owd1n++;
                }
            }
        }
        set(f, Feature.RECV_KBPS_MEAN_1S, recv1 / n1);
        set(f, Feature.RECV_KBPS_MEAN_5S, recv5 / historyCount);
        set(f, Feature.RECV_KBPS_MIN_5S, recvMin);
        set(f, Feature.RECV_KBPS_MAX_5S, recvMax);
        set(f, Feature.SENT_KBPS_MEAN_1S, sent1 / n1);
        set(f, Feature.OWD_MS_MEAN_1S, owd1n == 0 ? -1 : owd1 / owd1n);
        set(f, Feature.OWD_MS_MAX_5S, owdMax5);
        set(f, Feature.LOSS_5S, reported == 0 ? 0 : (double) lost / reported);
        set(f, Feature.PROBES_5S, probes);
        set(f, Feature.ESTIMATE_KBPS_MIN_5S, estMin);
        set(f, Feature.ESTIMATE_KBPS_MAX_5S, estMax);
        int ago = Math.min(historyCount - 1, 10);
        set(f, Feature.ESTIMATE_KBPS_1S_AGO, history[Math.floorMod(historyNext - 1 - ago, HISTORY)][Feature.ESTIMATE_KBPS.ordinal()]);
    }

    private void resetWindow() {
        delaySum = 0;
        delayCount = 0;
        delayMax = Long.MIN_VALUE;
        delayMin = Long.MAX_VALUE;
        recvBytes = 0;
        mediaReported = 0;
        mediaLost = 0;
    }

    private static void set(double[] f, Feature feature, double v) {
        f[feature.ordinal()] = v;
    }
}
