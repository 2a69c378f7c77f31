package dev.chorus.media.rtp;

/** Comparisons of 32-bit RTP timestamps across the wrap (what {@link SequenceNumbers} is for 16 bits). */
public final class RtpTimestamps {
    private RtpTimestamps() {}

    /** True if {@code a} is after {@code b}: less than half the 32-bit space ahead, modulo 2^32. */
    public static boolean isNewer(long a, long b) {
        long d = (a - b) & 0xFFFFFFFFL;
        return d != 0 && d < 0x80000000L;
    }
}
