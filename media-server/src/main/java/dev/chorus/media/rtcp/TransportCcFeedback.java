package dev.chorus.media.rtcp;

import dev.chorus.media.util.Bytes;

/**
 * Reusable parser for the transport-wide congestion control feedback FCI
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01, RTPFB PT 205 FMT 15), as handed to
 * {@link RtcpVisitor#onTransportCc}: the input starts at the base sequence number.
 *
 * <p>After a successful {@link #parse}, status {@code i} (0 ≤ i < {@link #packetStatusCount()})
 * describes sequence number {@code baseSequence() + i} (mod 2^16). Receive times are cumulative
 * sums of the deltas, in µs relative to the reference time, exactly as the receiver encoded them.
 *
 * <p>Not thread-safe; one instance per RTCP processing thread. Internal arrays grow on demand up to
 * {@link #MAX_STATUSES} and are reused; a parse never throws and never reads outside its input.
 */
public final class TransportCcFeedback {
    /**
     * Upper bound on the statuses of one feedback we accept. A well-behaved receiver reports at
     * most a few hundred per packet (libwebrtc caps its window well below this); the bound keeps a
     * hostile status count from making us grow arrays to 64 K entries.
     */
    public static final int MAX_STATUSES = 8192;

    public static final int SYMBOL_NOT_RECEIVED = 0;
    public static final int SYMBOL_SMALL_DELTA = 1;
    public static final int SYMBOL_LARGE_DELTA = 2;

    /** Delta resolution of the format. */
    public static final int DELTA_TICK_US = 250;
    /** Reference time resolution of the format. */
    public static final int REFERENCE_TICK_US = 64_000;

    private static final int FIXED_FCI = 8;

    private byte[] symbols = new byte[256];
    private long[] receiveUs = new long[256];
    private int baseSeq;
    private int count;
    private int referenceTime;
    private int feedbackCount;
    private int receivedCount;

    /**
     * Parses the FCI at {@code buf[off, off+len)}. Returns false on malformed input (truncated
     * chunks or deltas, reserved symbol, zero or more than {@link #MAX_STATUSES} statuses); the
     * object is then empty. Bytes after the last delta (padding some senders add without setting
     * the RTCP P bit) are ignored.
     */
    public boolean parse(byte[] buf, int off, int len) {
        count = 0;
        receivedCount = 0;
        if (!Bytes.inBounds(buf, off, len) || len < FIXED_FCI) {
            return false;
        }
        int n = Bytes.u16(buf, off + 2);
        if (n == 0 || n > MAX_STATUSES) {
            return false;
        }
        ensureCapacity(n);
        int end = off + len;
        int p = off + FIXED_FCI;
        int filled = 0;
        while (filled < n) {
            if (end - p < 2) {
                return false;
            }
            int chunk = Bytes.u16(buf, p);
            p += 2;
            filled = (chunk & 0x8000) == 0 ? runLength(chunk, filled, n) : statusVector(chunk, filled, n);
            if (filled < 0) {
                return false;
            }
        }
        long t = 0;
        int received = 0;
        for (int i = 0; i < n; i++) {
            int s = symbols[i];
            if (s == SYMBOL_SMALL_DELTA) {
                if (p >= end) {
                    return false;
                }
                t += (long) (buf[p] & 0xff) * DELTA_TICK_US;
                p++;
            } else if (s == SYMBOL_LARGE_DELTA) {
                if (end - p < 2) {
                    return false;
                }
                t += (long) (short) Bytes.u16(buf, p) * DELTA_TICK_US;
                p += 2;
            } else {
                continue;
            }
            receiveUs[i] = t;
            received++;
        }
        baseSeq = Bytes.u16(buf, off);
        referenceTime = (Bytes.u24(buf, off + 4) << 8) >> 8;
        feedbackCount = buf[off + 7] & 0xff;
        receivedCount = received;
        count = n;
        return true;
    }

    /** Returns the new fill level, or -1 for the reserved symbol. */
    private int runLength(int chunk, int filled, int n) {
        int symbol = (chunk >>> 13) & 3;
        if (symbol == 3) {
            return -1;
        }
        int run = Math.min(chunk & 0x1fff, n - filled);
        for (int i = 0; i < run; i++) {
            symbols[filled + i] = (byte) symbol;
        }
        return filled + run;
    }

    /** Symbols past the status count (padding of the last chunk) are dropped. */
    private int statusVector(int chunk, int filled, int n) {
        if ((chunk & 0x4000) == 0) {
            int k = Math.min(14, n - filled);
            for (int i = 0; i < k; i++) {
                symbols[filled + i] = (byte) ((chunk >>> (13 - i)) & 1);
            }
            return filled + k;
        }
        int k = Math.min(7, n - filled);
        for (int i = 0; i < k; i++) {
            int symbol = (chunk >>> (12 - 2 * i)) & 3;
            if (symbol == 3) {
                return -1;
            }
            symbols[filled + i] = (byte) symbol;
        }
        return filled + k;
    }

    private void ensureCapacity(int n) {
        if (n > symbols.length) {
            int cap = Math.min(MAX_STATUSES, Math.max(n, symbols.length * 2));
            symbols = new byte[cap];
            receiveUs = new long[cap];
        }
    }

    /** Base sequence number (16 bits) of the last successful parse. */
    public int baseSequence() {
        return baseSeq;
    }

    /** Number of statuses; 0 after a failed parse. */
    public int packetStatusCount() {
        return count;
    }

    /** Reference time in 64 ms units, sign-extended from 24 bits (it wraps; unwrap across packets). */
    public int referenceTime() {
        return referenceTime;
    }

    public long referenceTimeUs() {
        return (long) referenceTime * REFERENCE_TICK_US;
    }

    /** 8-bit counter the receiver increments per feedback packet. */
    public int feedbackPacketCount() {
        return feedbackCount;
    }

    /** Statuses marked received. */
    public int receivedCount() {
        return receivedCount;
    }

    /** Sequence number (16 bits) of status {@code i}. */
    public int sequence(int i) {
        return (baseSeq + i) & 0xffff;
    }

    public boolean isReceived(int i) {
        return symbols[i] != SYMBOL_NOT_RECEIVED;
    }

    /** Raw symbol of status {@code i}: {@link #SYMBOL_NOT_RECEIVED}, small or large delta. */
    public int symbol(int i) {
        return symbols[i];
    }

    /** Receive time of status {@code i} in µs after the reference time; meaningless when not received. */
    public long receiveTimeUs(int i) {
        return receiveUs[i];
    }
}
