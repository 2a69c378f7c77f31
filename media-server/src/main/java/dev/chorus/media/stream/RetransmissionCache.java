package dev.chorus.media.stream;

/**
 * Fixed ring of recently sent RTP packets for answering NACKs. Slot = seq mod capacity, all
 * storage is one preallocated array; a slot answers only for the exact seq stored in it and
 * only while younger than the max age, so wrapped or stale entries read as absent.
 * Not thread-safe.
 */
public final class RetransmissionCache {
    public static final int DEFAULT_SLOT_SIZE = 1500 + 64;

    private final int mask;
    private final int slotSize;
    private final long maxAgeNanos;
    private final byte[] data;
    private final int[] seqs;
    private final int[] lens;
    private final long[] times;

    /** {@code capacity} must be a power of two (&lt;= 65536). */
    public RetransmissionCache(int capacity, int slotSize, long maxAgeNanos) {
        if (Integer.bitCount(capacity) != 1 || capacity > 65536 || slotSize <= 0 || maxAgeNanos <= 0) {
            throw new IllegalArgumentException("bad cache config");
        }
        this.mask = capacity - 1;
        this.slotSize = slotSize;
        this.maxAgeNanos = maxAgeNanos;
        this.data = new byte[Math.multiplyExact(capacity, slotSize)];
        this.seqs = new int[capacity];
        this.lens = new int[capacity];
        this.times = new long[capacity];
        java.util.Arrays.fill(seqs, -1);
    }

    /** 1 s max age, 1564-byte slots. */
    public RetransmissionCache(int capacity) {
        this(capacity, DEFAULT_SLOT_SIZE, 1_000_000_000L);
    }

    /** Stores a copy; returns false (storing nothing) if it does not fit a slot. */
    public boolean store(int seq, byte[] buf, int off, int len, long nowNanos) {
        if (len < 0 || len > slotSize || buf == null || off < 0 || off > buf.length - len) {
            return false;
        }
        seq &= 0xffff;
        int slot = seq & mask;
        System.arraycopy(buf, off, data, slot * slotSize, len);
        seqs[slot] = seq;
        lens[slot] = len;
        times[slot] = nowNanos;
        return true;
    }

    /** Slot index holding {@code seq} and not older than max age, or -1. */
    public int find(int seq, long nowNanos) {
        seq &= 0xffff;
        int slot = seq & mask;
        if (seqs[slot] != seq || nowNanos - times[slot] > maxAgeNanos) {
            return -1;
        }
        return slot;
    }

    /** Copies packet {@code seq} to {@code out}; returns its length, or -1 if absent/too old/out too small. */
    public int get(int seq, byte[] out, int outOff, long nowNanos) {
        int slot = find(seq, nowNanos);
        if (slot < 0) {
            return -1;
        }
        int len = lens[slot];
        if (out == null || outOff < 0 || outOff > out.length - len) {
            return -1;
        }
        System.arraycopy(data, slot * slotSize, out, outOff, len);
        return len;
    }

    /** As {@link #get(int, byte[], int, long)} at {@code System.nanoTime()}. */
    public int get(int seq, byte[] out, int outOff) {
        return get(seq, out, outOff, System.nanoTime());
    }

    /** Backing array for zero-copy access to a slot from {@link #find}. */
    public byte[] data() {
        return data;
    }

    public int slotOffset(int slot) {
        return slot * slotSize;
    }

    public int slotLength(int slot) {
        return lens[slot];
    }

    public long slotTimeNanos(int slot) {
        return times[slot];
    }

    /** Forgets a packet (e.g. after it was retransmitted too often). */
    public void invalidate(int seq) {
        int slot = (seq & 0xffff) & mask;
        if (seqs[slot] == (seq & 0xffff)) {
            seqs[slot] = -1;
        }
    }

    public int capacity() {
        return mask + 1;
    }

    public int slotSize() {
        return slotSize;
    }
}
