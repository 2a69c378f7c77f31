package dev.chorus.media.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NtpTimeTest {

    @Test
    void unixEpochAndRoundTrip() {
        assertEquals(2_208_988_800L << 32, NtpTime.fromUnixMillis(0));
        assertEquals((2_208_988_800L << 32) | 0x80000000L, NtpTime.fromUnixMillis(500));
        long ms = 1_700_000_000_123L;
        assertEquals(ms, NtpTime.toUnixMillis(NtpTime.fromUnixMillis(ms)));
        long ns = 1_700_000_000_123_456_789L;
        assertTrue(Math.abs(ns - NtpTime.toUnixNanos(NtpTime.fromUnixNanos(ns))) <= 1);
    }

    @Test
    void era1AfterFeb2036() {
        long ms = 2_200_000_000_000L; // year 2039
        long ntp = NtpTime.fromUnixMillis(ms);
        assertTrue((ntp >>> 32) < 0x80000000L);
        assertEquals(ms, NtpTime.toUnixMillis(ntp));
    }

    @Test
    void compactForms() {
        assertEquals(0x56781234L, NtpTime.middle32(0x1234_5678_1234_9999L));
        assertEquals(0x10000L, NtpTime.nanosToCompact(1_000_000_000L));
        assertEquals(0x18000L, NtpTime.nanosToCompact(1_500_000_000L));
        assertEquals(0, NtpTime.nanosToCompact(-5));
        assertEquals(1_500_000_000L, NtpTime.compactToNanos(0x18000L));
        assertEquals(250_000_000L, NtpTime.compactToNanos(0x4000L));
        long now = NtpTime.nowNtp();
        assertTrue(Math.abs(NtpTime.toUnixMillis(now) - System.currentTimeMillis()) < 5_000);
    }
}
