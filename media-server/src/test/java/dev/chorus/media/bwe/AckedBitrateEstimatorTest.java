package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AckedBitrateEstimatorTest {
    private static final long MS = 1_000_000L;

    @Test
    void unknownUntilEnoughArrivals() {
        AckedBitrateEstimator e = new AckedBitrateEstimator();
        assertEquals(-1, e.bitrateBps());
        e.onPacketAcked(5 * MS, 1000);
        e.onPacketAcked(50 * MS, 1000);
        assertEquals(-1, e.bitrateBps());
    }

    @Test
    void measuresAConstantRate() {
        AckedBitrateEstimator e = new AckedBitrateEstimator();
        long t = 123 * MS;
        for (int i = 0; i < 500; i++) { // 1200 B every 4 ms = 2.4 Mbit/s
            e.onPacketAcked(t, 1200);
            t += 4 * MS;
        }
        assertEquals(2_400_000, e.bitrateBps(), 2_400_000 * 0.03);
    }

    @Test
    void followsAStepWithinTheWindow() {
        AckedBitrateEstimator e = new AckedBitrateEstimator();
        long t = 0;
        for (int i = 0; i < 500; i++) {
            e.onPacketAcked(t, 1200);
            t += 4 * MS;
        }
        for (int i = 0; i < 25; i++) { // 300 kbit/s for 800 ms
            e.onPacketAcked(t, 1200);
            t += 32 * MS;
        }
        assertEquals(300_000, e.bitrateBps(), 300_000 * 0.1);
    }

    @Test
    void ignoresArrivalsOlderThanTheWindowAndToleratesReordering() {
        AckedBitrateEstimator e = new AckedBitrateEstimator();
        long t = 10_000 * MS;
        for (int i = 0; i < 250; i++) {
            e.onPacketAcked(t, 1000);
            t += 4 * MS;
        }
        long rate = e.bitrateBps();
        e.onPacketAcked(t - 2000 * MS, 1_000_000); // far older than the window
        assertEquals(rate, e.bitrateBps());
        e.onPacketAcked(t - 20 * MS, 1000); // slightly out of order: counted
        assertEquals(rate + 8000 * 1000L / 500, e.bitrateBps(), rate * 0.03);
    }
}
