package dev.chorus.media.bwe;

/**
 * What one transport-wide feedback told us about packets we sent, in sequence order. Reused by
 * {@link SendHistory} for every feedback: read it before the next one arrives.
 *
 * <p>Send times are our clock; arrival times are the receiver's clock (only differences between
 * arrivals are meaningful), both in nanoseconds.
 */
public final class PacketResults {
    public static final long LOST = Long.MIN_VALUE;

    final long[] seq;
    final long[] sendNanos;
    final long[] arrivalNanos;
    final int[] size;
    final int[] probeId;
    final boolean[] padding;
    int count;
    int received;
    int lost;

    PacketResults(int capacity) {
        seq = new long[capacity];
        sendNanos = new long[capacity];
        arrivalNanos = new long[capacity];
        size = new int[capacity];
        probeId = new int[capacity];
        padding = new boolean[capacity];
    }

    void clear() {
        count = 0;
        received = 0;
        lost = 0;
    }

    void add(long s, long send, long arrival, int bytes, int probe, boolean isPadding) {
        padding[count] = isPadding;
        seq[count] = s;
        sendNanos[count] = send;
        arrivalNanos[count] = arrival;
        size[count] = bytes;
        probeId[count] = probe;
        count++;
        if (arrival == LOST) {
            lost++;
        } else {
            received++;
        }
    }

    public int count() {
        return count;
    }

    /** Packets newly reported received. */
    public int receivedCount() {
        return received;
    }

    /** Packets newly reported lost (each reported once even if feedback repeats it). */
    public int lostCount() {
        return lost;
    }

    /** Unwrapped (64-bit) transport-wide sequence number. */
    public long sequence(int i) {
        return seq[i];
    }

    public long sendTimeNanos(int i) {
        return sendNanos[i];
    }

    /** Receiver-clock arrival time, or {@link #LOST}. */
    public long arrivalTimeNanos(int i) {
        return arrivalNanos[i];
    }

    public boolean isReceived(int i) {
        return arrivalNanos[i] != LOST;
    }

    public int sizeBytes(int i) {
        return size[i];
    }

    /** Whether the packet was probe padding (not media, even if sent during a cluster). */
    public boolean isPadding(int i) {
        return padding[i];
    }

    /** Probe cluster the packet belonged to, or -1. */
    public int probeClusterId(int i) {
        return probeId[i];
    }
}
