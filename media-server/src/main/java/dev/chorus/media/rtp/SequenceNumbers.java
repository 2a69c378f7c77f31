package dev.chorus.media.rtp;

/** 16-bit RTP sequence-number arithmetic with wrap-around. */
public final class SequenceNumbers {
    private SequenceNumbers() {
    }

    /**
     * True if {@code a} comes after {@code b} modulo 2^16. Exactly half-way apart is ambiguous;
     * the larger raw value wins so that isNewer(a,b) and isNewer(b,a) are never both true.
     */
    public static boolean isNewer(int a, int b) {
        int d = (a - b) & 0xffff;
        if (d == 0x8000) {
            return (a & 0xffff) > (b & 0xffff);
        }
        return d != 0 && d < 0x8000;
    }

    /** Signed distance {@code a - b} in [-32768, 32767] modulo 2^16. */
    public static int diff(int a, int b) {
        return (short) (a - b);
    }

    /** {@code seq + n} modulo 2^16. */
    public static int add(int seq, int n) {
        return (seq + n) & 0xffff;
    }
}
