package dev.chorus.media.bwe;

import java.util.Arrays;

/**
 * Leaky-bucket pacer for one receiver transport. Packets are copied into a fixed pool of
 * {@value #SLOT_BYTES}-byte slots (no allocation after construction) and leave in priority order
 * — audio, retransmissions, video, queued padding — at the pacing rate, in bursts of at most
 * {@code burstNanos} worth of bytes. Pacing above the target (2.5× by default) lets an encoder's
 * frame leave quickly while still spreading it over a few milliseconds, so it does not hit the
 * bottleneck as one burst (which would look like congestion to the receiver's delay estimator).
 *
 * <p>When the queue is empty and a padding rate is set, {@link Sink#padding} is asked to send
 * filler (RTX of old packets or padding-only packets) — the caller decides what; the pacer only
 * budgets it. A pacing rate ≤ 0 means unpaced: everything queued leaves on the next
 * {@link #process}. Call {@link #process} every 1–5 ms ({@link #nextSendTimeNanos} says when
 * it matters); coarser calls keep the rate but burst more (up to 50 ms worth). Not thread-safe: owned by the transport's worker thread.
 */
public final class Pacer {
    public static final int PRIORITY_AUDIO = 0;
    public static final int PRIORITY_RETRANSMISSION = 1;
    public static final int PRIORITY_VIDEO = 2;
    public static final int PRIORITY_PADDING = 3;
    public static final int SLOT_BYTES = 1500;
    private static final int PRIORITIES = 4;
    /** Longest gap between calls credited in full: a stalled caller must not cause a huge burst. */
    private static final long MAX_CREDIT_NANOS = 50_000_000L;

    /** Receives what the pacer releases. Buffers are only valid during the call. */
    public interface Sink {
        void send(byte[] buf, int off, int len, int priority, long tag, long nowNanos);

        /** Send about {@code bytes} of padding now; return the bytes actually sent (0 if none). */
        int padding(int bytes, long nowNanos);
    }

    private final double pacingFactor;
    private final long burstNanos;
    private final byte[][] data;
    private final int[] length;
    private final int[] priority;
    private final long[] tag;
    private final long[] enqueuedAt;
    private final int[] next;
    private final int[] head = new int[PRIORITIES];
    private final int[] tail = new int[PRIORITIES];
    private int free;
    private int queued;
    private long queuedBytes;

    private long pacingBps;
    private long paddingBps;
    private double mediaBudget;
    private double paddingBudget;
    private long lastProcessNanos = Long.MIN_VALUE;

    private long packetsQueued;
    private long packetsSent;
    private long bytesSent;
    private long packetsDropped;
    private long paddingBytesSent;
    private long totalQueueDelayNanos;
    private long maxQueueDelayNanos;

    /** {@code capacity} slots, pacing at 2.5 × target, 5 ms bursts. */
    public Pacer(int capacity) {
        this(capacity, 2.5, 5_000_000L);
    }

    public Pacer(int capacity, double pacingFactor, long burstNanos) {
        this.pacingFactor = pacingFactor;
        this.burstNanos = burstNanos;
        data = new byte[capacity][SLOT_BYTES];
        length = new int[capacity];
        priority = new int[capacity];
        tag = new long[capacity];
        enqueuedAt = new long[capacity];
        next = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            next[i] = i + 1 < capacity ? i + 1 : -1;
        }
        free = capacity > 0 ? 0 : -1;
        Arrays.fill(head, -1);
        Arrays.fill(tail, -1);
    }

    /** Pacing rate = factor × target. */
    public void setTargetBitrate(long targetBps) {
        pacingBps = (long) (pacingFactor * targetBps);
    }

    public void setPacingRate(long bps) {
        pacingBps = bps;
    }

    /** Rate at which to ask the sink for padding while the queue is empty; 0 for none. */
    public void setPaddingRate(long bps) {
        paddingBps = bps;
    }

    /**
     * Copies a packet in. Returns false (and counts a drop) when the pool is full, the packet is
     * larger than a slot or the priority is unknown; the caller keeps ownership of {@code buf}.
     */
    public boolean enqueue(int prio, byte[] buf, int off, int len, long packetTag, long nowNanos) {
        if (free < 0 || len <= 0 || len > SLOT_BYTES || prio < 0 || prio >= PRIORITIES) {
            packetsDropped++;
            return false;
        }
        int s = free;
        free = next[s];
        System.arraycopy(buf, off, data[s], 0, len);
        length[s] = len;
        priority[s] = prio;
        tag[s] = packetTag;
        enqueuedAt[s] = nowNanos;
        next[s] = -1;
        if (tail[prio] < 0) {
            head[prio] = s;
        } else {
            next[tail[prio]] = s;
        }
        tail[prio] = s;
        queued++;
        queuedBytes += len;
        packetsQueued++;
        return true;
    }

    /** Releases what the budget allows at {@code nowNanos}. */
    public void process(long nowNanos, Sink sink) {
        long dt = lastProcessNanos == Long.MIN_VALUE ? 0 : Math.max(0, nowNanos - lastProcessNanos);
        lastProcessNanos = nowNanos;
        boolean paced = pacingBps > 0;
        // Credit for the time since the last call; unused credit is not banked beyond one burst
        // (so a frame after idle does not leave as one blast), but a caller that ticks coarser
        // than the burst still gets its full rate, in correspondingly larger bursts.
        long credit = Math.min(dt, MAX_CREDIT_NANOS);
        if (paced) {
            mediaBudget = refill(mediaBudget, pacingBps, credit);
        }
        while (queued > 0 && (!paced || mediaBudget > 0)) {
            int s = pop();
            sink.send(data[s], 0, length[s], priority[s], tag[s], nowNanos);
            long delay = nowNanos - enqueuedAt[s];
            totalQueueDelayNanos += delay;
            maxQueueDelayNanos = Math.max(maxQueueDelayNanos, delay);
            if (paced) {
                mediaBudget -= length[s]; // may go into debt by one packet; repaid by the next refill
            }
            bytesSent += length[s];
            packetsSent++;
            release(s);
        }
        if (paddingBps > 0) {
            paddingBudget = refill(paddingBudget, paddingBps, credit);
            if (queued == 0 && paddingBudget > 0 && (!paced || mediaBudget > 0)) {
                int sent = sink.padding((int) Math.ceil(paddingBudget), nowNanos);
                if (sent > 0) {
                    paddingBudget -= sent;
                    if (paced) {
                        mediaBudget -= sent; // padding shares the pacing rate with media
                    }
                    paddingBytesSent += sent;
                }
            }
        }
    }

    private double refill(double budget, long bps, long creditNanos) {
        double add = bps * (creditNanos / 8e9);
        double cap = Math.max(bps * (burstNanos / 8e9), add);
        return Math.min(budget + add, cap);
    }

    private int pop() {
        for (int p = 0; p < PRIORITIES; p++) {
            int s = head[p];
            if (s >= 0) {
                head[p] = next[s];
                if (head[p] < 0) {
                    tail[p] = -1;
                }
                return s;
            }
        }
        throw new IllegalStateException("queue count out of sync");
    }

    private void release(int s) {
        queued--;
        queuedBytes -= length[s];
        next[s] = free;
        free = s;
    }

    /** When {@link #process} will next release something; {@code Long.MAX_VALUE} if idle. */
    public long nextSendTimeNanos(long nowNanos) {
        if (queued == 0 && paddingBps <= 0) {
            return Long.MAX_VALUE;
        }
        if (pacingBps <= 0 || mediaBudget > 0) {
            return nowNanos;
        }
        return nowNanos + (long) (-mediaBudget * 8e9 / pacingBps) + 1;
    }

    /** Age of the oldest queued packet, 0 when empty. */
    public long oldestQueueDelayNanos(long nowNanos) {
        long oldest = Long.MAX_VALUE;
        for (int p = 0; p < PRIORITIES; p++) {
            if (head[p] >= 0) {
                oldest = Math.min(oldest, enqueuedAt[head[p]]);
            }
        }
        return oldest == Long.MAX_VALUE ? 0 : nowNanos - oldest;
    }

    public long pacingRateBps() {
        return pacingBps;
    }

    public int queuedPackets() {
        return queued;
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    /** Packets accepted by {@link #enqueue} so far. */
    public long packetsQueued() {
        return packetsQueued;
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long bytesSent() {
        return bytesSent;
    }

    public long packetsDropped() {
        return packetsDropped;
    }

    public long paddingBytesSent() {
        return paddingBytesSent;
    }

    /** Mean time sent packets spent queued. */
    public long averageQueueDelayNanos() {
        return packetsSent == 0 ? 0 : totalQueueDelayNanos / packetsSent;
    }

    public long maxQueueDelayNanos() {
        return maxQueueDelayNanos;
    }
}
