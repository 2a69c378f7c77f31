package dev.chorus.media.rtcp;

import dev.chorus.media.util.Bytes;

/**
 * Encodes one transport-wide CC feedback RTCP packet (RTPFB FMT 15) from a run of arrival times.
 * Reusable and allocation-free after construction; not thread-safe.
 *
 * <p>The caller hands in arrival times in µs (any time base; only differences and the 64 ms
 * reference grid matter), {@link #LOST} for packets not received. One call encodes as many leading
 * statuses as fit and reports how many in {@link #consumed()}; the caller continues from there
 * with another packet. A packet ends early when
 * <ul>
 *   <li>the next packet would exceed {@code maxLen} bytes,</li>
 *   <li>a delta does not fit the signed 16-bit × 250 µs field (arrival gaps over ~8 s), so the
 *       next packet starts with a fresh reference time, or</li>
 *   <li>{@link TransportCcFeedback#MAX_STATUSES} statuses are reached.</li>
 * </ul>
 */
public final class TransportCcFeedbackWriter {
    public static final long LOST = Long.MIN_VALUE;

    private static final int HEADER = 12;
    private static final int FIXED_FCI = 8;
    private static final int MAX_RUN = 0x1fff;

    private final byte[] symbols = new byte[TransportCcFeedback.MAX_STATUSES];
    private final int[] ticks = new int[TransportCcFeedback.MAX_STATUSES];
    private int consumed;

    /**
     * Writes one packet at {@code buf[off]} covering statuses from {@code arrivalUs[from]} on
     * ({@code n} available), whose first sequence number is {@code baseSeq}. Returns the packet
     * length (a multiple of 4, padded with the RTCP P bit like libwebrtc does), or 0 when nothing
     * can be written: {@code n} is 0, no packet in the run was received, or not even one status fits.
     */
    public int write(byte[] buf, int off, int maxLen, long senderSsrc, long mediaSsrc, int baseSeq,
                     int feedbackCount, long[] arrivalUs, int from, int n) {
        consumed = 0;
        maxLen = Math.min(maxLen, buf == null ? 0 : buf.length - off);
        if (n <= 0 || off < 0 || maxLen < HEADER + FIXED_FCI + 4 || from < 0 || from > arrivalUs.length - n) {
            return 0;
        }
        int first = firstReceived(arrivalUs, from, n);
        if (first < 0) {
            return 0;
        }
        long reference = Math.floorDiv(arrivalUs[first], TransportCcFeedback.REFERENCE_TICK_US);
        int m = classify(arrivalUs, from, Math.min(n, symbols.length),
                reference * TransportCcFeedback.REFERENCE_TICK_US, maxLen);
        if (m == 0) {
            return 0;
        }
        int p = off + HEADER + FIXED_FCI;
        p = writeChunks(buf, p, m);
        for (int i = 0; i < m; i++) {
            if (symbols[i] == TransportCcFeedback.SYMBOL_SMALL_DELTA) {
                buf[p++] = (byte) ticks[i];
            } else if (symbols[i] == TransportCcFeedback.SYMBOL_LARGE_DELTA) {
                Bytes.put16(buf, p, ticks[i]);
                p += 2;
            }
        }
        int len = p - off;
        int pad = (4 - (len & 3)) & 3;
        for (int i = 0; i < pad; i++) {
            buf[p++] = 0;
        }
        if (pad > 0) {
            buf[p - 1] = (byte) pad;
        }
        len += pad;
        buf[off] = (byte) (0x80 | (pad > 0 ? 0x20 : 0) | RtcpParser.FMT_TCC);
        buf[off + 1] = (byte) RtcpParser.RTPFB;
        Bytes.put16(buf, off + 2, len / 4 - 1);
        Bytes.put32(buf, off + 4, senderSsrc);
        Bytes.put32(buf, off + 8, mediaSsrc);
        int f = off + HEADER;
        Bytes.put16(buf, f, baseSeq & 0xffff);
        Bytes.put16(buf, f + 2, m);
        Bytes.put24(buf, f + 4, (int) reference & 0xffffff);
        buf[f + 7] = (byte) feedbackCount;
        consumed = m;
        return len;
    }

    /** Statuses the last {@link #write} covered. */
    public int consumed() {
        return consumed;
    }

    private static int firstReceived(long[] arrivalUs, int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (arrivalUs[i] != LOST) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Fills {@code symbols}/{@code ticks} and returns how many statuses go into this packet. Deltas
     * are taken from the previous <em>quantized</em> time so rounding errors do not accumulate.
     * The size check uses an upper bound on the chunk bytes (the encoder below never needs more
     * than one chunk per 7 statuses), so the exact encoding always fits.
     */
    private int classify(long[] arrivalUs, int from, int n, long referenceUs, int maxLen) {
        long prev = referenceUs;
        int deltaBytes = 0;
        for (int i = 0; i < n; i++) {
            long a = arrivalUs[from + i];
            int symbol;
            int t = 0;
            if (a == LOST) {
                symbol = TransportCcFeedback.SYMBOL_NOT_RECEIVED;
            } else {
                long d = Math.floorDiv(a - prev + TransportCcFeedback.DELTA_TICK_US / 2,
                        TransportCcFeedback.DELTA_TICK_US);
                if (d >= 0 && d <= 0xff) {
                    symbol = TransportCcFeedback.SYMBOL_SMALL_DELTA;
                } else if (d >= Short.MIN_VALUE && d <= Short.MAX_VALUE) {
                    symbol = TransportCcFeedback.SYMBOL_LARGE_DELTA;
                } else {
                    return i; // i > 0: the first received packet is < 64 ms after the reference
                }
                t = (int) d;
            }
            int size = HEADER + FIXED_FCI + 2 * ((i + 1 + 6) / 7) + deltaBytes + symbol + 3;
            if (size > maxLen) {
                return i;
            }
            deltaBytes += symbol;
            symbols[i] = (byte) symbol;
            ticks[i] = t;
            if (symbol != TransportCcFeedback.SYMBOL_NOT_RECEIVED) {
                prev += (long) t * TransportCcFeedback.DELTA_TICK_US;
            }
        }
        return n;
    }

    /**
     * Greedy chunking: at each point take whichever chunk covers the most statuses — a run of one
     * symbol, 14 one-bit symbols (only when none needs a large delta) or 7 two-bit symbols. A
     * vector may stick out past the status count at the very end; the receiver ignores the extra.
     */
    private int writeChunks(byte[] buf, int p, int m) {
        int i = 0;
        while (i < m) {
            int s = symbols[i];
            int run = 1;
            while (i + run < m && run < MAX_RUN && symbols[i + run] == s) {
                run++;
            }
            int remaining = m - i;
            int one = Math.min(14, remaining);
            for (int k = 0; k < one; k++) {
                if (symbols[i + k] == TransportCcFeedback.SYMBOL_LARGE_DELTA) {
                    one = 0;
                    break;
                }
            }
            int two = Math.min(7, remaining);
            int chunk;
            if (run >= one && run >= two) {
                chunk = (s << 13) | run;
                i += run;
            } else if (one >= two) {
                chunk = 0x8000;
                for (int k = 0; k < one; k++) {
                    chunk |= symbols[i + k] << (13 - k);
                }
                i += one;
            } else {
                chunk = 0xc000;
                for (int k = 0; k < two; k++) {
                    chunk |= symbols[i + k] << (12 - 2 * k);
                }
                i += two;
            }
            Bytes.put16(buf, p, chunk);
            p += 2;
        }
        return p;
    }
}
