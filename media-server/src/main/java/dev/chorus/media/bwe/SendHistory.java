package dev.chorus.media.bwe;

import dev.chorus.media.rtcp.TransportCcFeedback;
import java.util.Arrays;

/**
 * Ring buffer of the packets we sent with a transport-wide sequence number, matched against
 * incoming feedback. We number packets with a 64-bit counter (16 bits go on the wire), so the
 * history unwraps each feedback's base sequence against the newest number we sent.
 *
 * <p>Each packet is reported to the estimators at most once as received and at most once as lost
 * (feedback repeats statuses when a late packet moves the receiver's window back); a packet first
 * reported lost and later received is reported again as received. Sequence numbers we no longer
 * (or never) had are ignored. Allocation-free; not thread-safe.
 */
public final class SendHistory {
    private static final byte NO_FEEDBACK = 0;
    private static final byte REPORTED_LOST = 1;
    private static final byte REPORTED_RECEIVED = 2;

    private final int mask;
    private final long[] slotSeq;
    private final long[] sendNanos;
    private final int[] size;
    private final int[] probeId;
    private final boolean[] padding;
    private final byte[] state;
    private final PacketResults results = new PacketResults(TransportCcFeedback.MAX_STATUSES);

    private long highestSent = -1;
    private boolean haveReference;
    private long lastReference;
    private long referenceUnwrapped;

    /** {@code capacity} is rounded up to a power of two; 8192 covers ~4 s at 20 Mbit/s of 1200-byte packets. */
    public SendHistory(int capacity) {
        int cap = 16;
        while (cap < capacity && cap < (1 << 20)) {
            cap <<= 1;
        }
        mask = cap - 1;
        slotSeq = new long[cap];
        sendNanos = new long[cap];
        size = new int[cap];
        probeId = new int[cap];
        padding = new boolean[cap];
        state = new byte[cap];
        Arrays.fill(slotSeq, -1);
    }

    /** Records a sent packet. {@code seq} is our 64-bit transport-wide sequence number (≥ 0). */
    public void onPacketSent(long seq, int sizeBytes, int probeClusterId, long nowNanos) {
        onPacketSent(seq, sizeBytes, probeClusterId, false, nowNanos);
    }

    /** Records a sent packet; {@code isPadding}: probe padding rather than media. */
    public void onPacketSent(long seq, int sizeBytes, int probeClusterId, boolean isPadding, long nowNanos) {
        int i = (int) (seq & mask);
        padding[i] = isPadding;
        slotSeq[i] = seq;
        sendNanos[i] = nowNanos;
        size[i] = sizeBytes;
        probeId[i] = probeClusterId;
        state[i] = NO_FEEDBACK;
        if (seq > highestSent) {
            highestSent = seq;
        }
    }

    /** Newest sequence number sent, or -1. */
    public long highestSent() {
        return highestSent;
    }

    /** Send time of {@code seq} if still in the history, else {@code Long.MIN_VALUE}. */
    public long sendTimeNanos(long seq) {
        int i = (int) (seq & mask);
        return slotSeq[i] == seq ? sendNanos[i] : Long.MIN_VALUE;
    }

    /** Matches a parsed feedback against the history; the returned object is reused. */
    public PacketResults onFeedback(TransportCcFeedback fb) {
        results.clear();
        int n = fb.packetStatusCount();
        if (n == 0 || highestSent < 0) {
            return results;
        }
        // The newest number congruent to the base that is not after what we sent.
        long base = highestSent - ((highestSent - fb.baseSequence()) & 0xffff);
        long arrivalBaseUs = unwrapReference(fb.referenceTime()) * TransportCcFeedback.REFERENCE_TICK_US;
        for (int k = 0; k < n; k++) {
            long seq = base + k;
            if (seq > highestSent) {
                break; // the receiver claims packets we never sent
            }
            if (seq < 0) {
                continue;
            }
            int i = (int) (seq & mask);
            if (slotSeq[i] != seq) {
                continue; // too old, overwritten
            }
            if (fb.isReceived(k)) {
                if (state[i] == REPORTED_RECEIVED) {
                    continue;
                }
                state[i] = REPORTED_RECEIVED;
                long arrival = (arrivalBaseUs + fb.receiveTimeUs(k)) * 1000;
                results.add(seq, sendNanos[i], arrival, size[i], probeId[i], padding[i]);
            } else if (state[i] == NO_FEEDBACK) {
                state[i] = REPORTED_LOST;
                results.add(seq, sendNanos[i], PacketResults.LOST, size[i], probeId[i], padding[i]);
            }
        }
        return results;
    }

    /** The 24-bit reference time wraps (every ~12 days): unwrap it across feedback packets. */
    private long unwrapReference(int reference) {
        long r = reference & 0xffffffL;
        if (!haveReference) {
            haveReference = true;
            referenceUnwrapped = (reference << 8) >> 8;
        } else {
            long d = ((r - lastReference) << 40) >> 40;
            referenceUnwrapped += d;
        }
        lastReference = r;
        return referenceUnwrapped;
    }
}
