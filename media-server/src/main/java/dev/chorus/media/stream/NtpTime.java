package dev.chorus.media.stream;

/**
 * Conversions between Unix wall-clock time and 64-bit NTP timestamps (RFC 5905: 32.32 fixed
 * point seconds since 1900), plus the 32-bit "compact" 16.16 form used by RTCP LSR/DLSR.
 * Timestamps are unsigned 64-bit values in a long; era 1 (after Feb 2036) is handled by
 * treating seconds with the top bit clear as belonging to era 1 (RFC 4330 section 3).
 */
public final class NtpTime {
    /** Seconds from 1900-01-01 to 1970-01-01. */
    public static final long UNIX_OFFSET_SECONDS = 2_208_988_800L;
    private static final long NANOS = 1_000_000_000L;

    private NtpTime() {
    }

    public static long nowNtp() {
        return fromUnixMillis(System.currentTimeMillis());
    }

    public static long fromUnixMillis(long millis) {
        return fromUnixNanos(Math.multiplyExact(millis, 1_000_000L));
    }

    public static long fromUnixNanos(long nanos) {
        long secs = Math.floorDiv(nanos, NANOS);
        long rem = Math.floorMod(nanos, NANOS);
        long frac = ((rem << 32) + NANOS / 2) / NANOS; // rounded so conversions round-trip
        return (((secs + UNIX_OFFSET_SECONDS) & 0xffffffffL) << 32) | frac;
    }

    public static long toUnixNanos(long ntp) {
        long secs = ntp >>> 32;
        if (secs < 0x80000000L) {
            secs += 1L << 32; // era 1
        }
        long nanos = ((ntp & 0xffffffffL) * NANOS + (1L << 31)) >>> 32;
        return (secs - UNIX_OFFSET_SECONDS) * NANOS + nanos;
    }

    public static long toUnixMillis(long ntp) {
        return Math.floorDiv(toUnixNanos(ntp), 1_000_000L);
    }

    /** Middle 32 bits (16.16 seconds), as carried in LSR. */
    public static long middle32(long ntp) {
        return (ntp >>> 16) & 0xffffffffL;
    }

    /** Compact 16.16 seconds to nanoseconds. */
    public static long compactToNanos(long compact) {
        return ((compact & 0xffffffffL) * NANOS) >>> 16;
    }

    /** Non-negative nanoseconds to compact 16.16 seconds (wraps after ~18 h like the wire field). */
    public static long nanosToCompact(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        long secs = nanos / NANOS;
        long rem = nanos % NANOS;
        return ((secs << 16) + (rem << 16) / NANOS) & 0xffffffffL;
    }
}
