package dev.chorus.media.bwe;

import dev.chorus.media.rtcp.TransportCcFeedbackWriter;
import dev.chorus.media.rtp.SequenceNumbers;
import java.util.Arrays;

/**
 * Receive side of transport-wide CC: records the arrival time of every packet a publisher sends
 * with the transport-wide sequence number extension and periodically writes feedback so the
 * browser's own (send-side) estimator can work. One per publishing transport; not thread-safe.
 *
 * <p>Usage on the worker: {@link #onPacket} per received packet; on each tick
 * {@code while (gen.due(now)) { n = gen.write(buf, off, ...); if (n == 0) break; send(n); }}.
 *
 * <p>Packets are reported from the oldest unreported sequence number to the newest received one;
 * missing ones are reported lost. A packet arriving after it was reported lost moves the window
 * back to it, so the sender learns it did arrive (libwebrtc's proxy does the same; the sender side
 * ignores statuses it already knows). Duplicates are ignored.
 */
public final class TccFeedbackGenerator {
    /** History kept, in sequence numbers; also the most statuses one round of feedback covers. */
    static final int WINDOW = 4096;
    private static final int MASK = WINDOW - 1;
    /** Consecutive packets older than the window after which we assume the sender restarted. */
    private static final int RESET_AFTER_STALE = 64;

    private final long intervalNanos;
    private final int packetThreshold;
    private final int maxPacketBytes;
    private final long[] slotSeq = new long[WINDOW];
    private final long[] slotArrivalUs = new long[WINDOW];
    private final long[] scratch = new long[WINDOW];
    private final TransportCcFeedbackWriter writer = new TransportCcFeedbackWriter();

    private boolean started;
    private long highest;
    private long nextToReport;
    private int pending;
    private boolean more;
    private int staleRun;
    private long lastFeedbackNanos;
    private int feedbackCount;
    private long packetsWritten;

    /** libwebrtc's defaults: feedback every 50 ms or after 100 packets, at most ~1200 bytes each. */
    public TccFeedbackGenerator() {
        this(50_000_000L, 100, 1200);
    }

    public TccFeedbackGenerator(long intervalNanos, int packetThreshold, int maxPacketBytes) {
        this.intervalNanos = intervalNanos;
        this.packetThreshold = packetThreshold;
        this.maxPacketBytes = maxPacketBytes;
        Arrays.fill(slotSeq, Long.MIN_VALUE);
    }

    /** Records one arrival; {@code tccSeq16} is the extension's 16-bit value. */
    public void onPacket(int tccSeq16, long arrivalNanos) {
        int seq = tccSeq16 & 0xffff;
        if (!started) {
            started = true;
            highest = seq;
            nextToReport = seq;
            lastFeedbackNanos = arrivalNanos;
        }
        long s = highest + SequenceNumbers.diff(seq, (int) highest);
        if (s <= highest - WINDOW) {
            if (++staleRun >= RESET_AFTER_STALE) {
                reset();
                onPacket(seq, arrivalNanos);
            }
            return;
        }
        staleRun = 0;
        int slot = (int) (s & MASK);
        if (slotSeq[slot] == s) {
            return; // duplicate
        }
        if (s > highest) {
            highest = s;
            if (nextToReport <= highest - WINDOW) {
                nextToReport = highest - WINDOW + 1;
            }
        } else if (s < nextToReport) {
            nextToReport = s;
        }
        slotSeq[slot] = s;
        slotArrivalUs[slot] = Math.floorDiv(arrivalNanos, 1000);
        pending++;
    }

    /** True when feedback should be written now: interval elapsed or enough packets pending. */
    public boolean due(long nowNanos) {
        if (more) {
            return true;
        }
        return pending > 0 && (pending >= packetThreshold || nowNanos - lastFeedbackNanos >= intervalNanos);
    }

    /**
     * Writes one complete feedback RTCP packet at {@code buf[off]} and returns its length, or 0
     * when there is nothing to report (or {@code buf} has no room for even a minimal packet).
     * When the pending statuses did not fit in one packet, {@link #due} stays true.
     */
    public int write(byte[] buf, int off, long senderSsrc, long mediaSsrc, long nowNanos) {
        if (pending == 0 && !more) {
            return 0;
        }
        int n = (int) (highest - nextToReport + 1);
        for (int i = 0; i < n; i++) {
            long s = nextToReport + i;
            int slot = (int) (s & MASK);
            scratch[i] = slotSeq[slot] == s ? slotArrivalUs[slot] : TransportCcFeedbackWriter.LOST;
        }
        int len = writer.write(buf, off, maxPacketBytes, senderSsrc, mediaSsrc, (int) nextToReport,
                feedbackCount, scratch, 0, n);
        if (len == 0) {
            return 0;
        }
        int m = writer.consumed();
        int reported = 0;
        for (int i = 0; i < m; i++) {
            if (scratch[i] != TransportCcFeedbackWriter.LOST) {
                reported++;
            }
        }
        nextToReport += m;
        more = nextToReport <= highest;
        // Re-reported (late) packets make this count approximate; 'more' keeps a split going.
        pending = more ? Math.max(0, pending - reported) : 0;
        feedbackCount = (feedbackCount + 1) & 0xff;
        lastFeedbackNanos = nowNanos;
        packetsWritten++;
        return len;
    }

    /** Forgets everything (e.g. the sender restarted its sequence numbers). */
    public void reset() {
        Arrays.fill(slotSeq, Long.MIN_VALUE);
        started = false;
        pending = 0;
        more = false;
        staleRun = 0;
    }

    /** Received packets not yet reported. */
    public int pendingPackets() {
        return pending;
    }

    /** Feedback packets written so far. */
    public long feedbackPacketsWritten() {
        return packetsWritten;
    }
}
