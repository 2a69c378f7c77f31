package dev.chorus.media.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtcp.ReportBlock;
import org.junit.jupiter.api.Test;

class RtpStreamRecvTest {
    private static final long MS = 1_000_000L;

    @Test
    void countsLossAcrossWrapAndComputesFraction() {
        RtpStreamRecv r = new RtpStreamRecv(0x1234, 90000, null);
        ReportBlock rb = new ReportBlock();
        assertFalse(r.fillReportBlock(rb, 0));
        long t = 0;
        int seq = 65530;
        for (int i = 0; i < 20; i++) {
            if (i != 7 && i != 8) { // lose two across the wrap (65537 -> 1, 65538 -> 2)
                assertTrue(r.onPacket((seq + i) & 0xffff, 3000L * i, t));
            }
            t += 33 * MS;
        }
        assertTrue(r.fillReportBlock(rb, t));
        assertEquals(0x1234, rb.sourceSsrc);
        assertEquals(65536 + 13, rb.extHighestSeq); // 65530 + 19
        assertEquals(2, rb.cumulativeLost);
        assertEquals((2 << 8) / 20, rb.fractionLost);
        assertEquals(18, r.packetsReceived());
        assertEquals(20, r.expectedPackets());

        // next interval: no loss -> fraction 0, cumulative unchanged
        for (int i = 20; i < 30; i++) {
            r.onPacket((seq + i) & 0xffff, 3000L * i, t);
            t += 33 * MS;
        }
        r.fillReportBlock(rb, t);
        assertEquals(0, rb.fractionLost);
        assertEquals(2, rb.cumulativeLost);

        // a late arrival of a lost packet reduces cumulative loss; duplicates can make it negative
        r.onPacket((seq + 7) & 0xffff, 3000L * 7, t);
        r.onPacket((seq + 8) & 0xffff, 3000L * 8, t);
        r.onPacket((seq + 8) & 0xffff, 3000L * 8, t);
        r.fillReportBlock(rb, t);
        assertEquals(-1, rb.cumulativeLost);
        assertEquals(0, rb.fractionLost);
    }

    @Test
    void perfectPacingHasZeroJitterAndJitterConvergesForAlternatingDelay() {
        RtpStreamRecv r = new RtpStreamRecv(1, 90000, null);
        for (int i = 0; i < 100; i++) {
            r.onPacket(i, 3000L * i, 1_000 * MS + i * 33_333_333L);
        }
        assertTrue(r.jitter() <= 1, "jitter " + r.jitter());

        RtpStreamRecv j = new RtpStreamRecv(1, 90000, null);
        // every other frame arrives 10 ms late: |D| = 900 units each step, jitter -> 900
        for (int i = 0; i < 500; i++) {
            long arrival = i * 33_333_333L + (i % 2 == 0 ? 0 : 10 * MS);
            j.onPacket(i, 3000L * i, arrival);
        }
        assertTrue(Math.abs(j.jitter() - 900) <= 2, "jitter " + j.jitter());
        // packets of the same frame (same timestamp) do not add jitter
        RtpStreamRecv f = new RtpStreamRecv(1, 90000, null);
        for (int i = 0; i < 300; i++) {
            int frame = i / 3;
            f.onPacket(i, 3000L * frame, frame * 33_333_333L + (i % 3) * 5 * MS);
        }
        assertTrue(f.jitter() <= 1, "jitter " + f.jitter());
    }

    @Test
    void lsrAndDlsr() {
        RtpStreamRecv r = new RtpStreamRecv(1, 48000, null);
        r.onPacket(10, 960, 0);
        r.onSenderReport(0xaaaa_1234_5678_bbbbL, 100 * MS);
        ReportBlock rb = new ReportBlock();
        r.fillReportBlock(rb, 1_600 * MS);
        assertEquals(0x12345678L, rb.lastSr);
        assertEquals(0x18000L, rb.dlsr); // 1.5 s
    }

    @Test
    void restartAfterTwoSequentialPacketsFarAway() {
        RtpStreamRecv r = new RtpStreamRecv(1, 90000, null);
        for (int i = 0; i < 10; i++) {
            r.onPacket(100 + i, i, i * MS);
        }
        assertFalse(r.onPacket(30000, 0, 20 * MS)); // held back
        assertEquals(109, r.extendedHighestSeq());
        assertTrue(r.onPacket(30001, 0, 21 * MS)); // confirmed: resync
        assertEquals(30001, r.extendedHighestSeq());
        assertEquals(1, r.packetsReceived());
        assertEquals(0, r.cumulativeLost());
    }

    @Test
    void generatesNacksForGapAndLateArrivalCancels() {
        RtpStreamRecv r = new RtpStreamRecv(1, 90000);
        int[] out = new int[64];
        r.onPacket(65534, 0, 0);
        r.onPacket(65535, 0, 1 * MS);
        r.onPacket(4, 0, 2 * MS); // 0,1,2,3 missing across the wrap
        assertEquals(4, r.nackGenerator().trackedCount());
        r.onPacket(2, 0, 3 * MS); // late
        int n = r.collectNacks(3 * MS, out);
        assertEquals(3, n);
        assertEquals(0, out[0]);
        assertEquals(1, out[1]);
        assertEquals(3, out[2]);
        assertEquals(0, r.collectNacks(4 * MS, out)); // not due yet (100 ms default retry)
        assertEquals(3, r.collectNacks(104 * MS, out));
        assertEquals(0, new RtpStreamRecv(2, 48000, null).collectNacks(0, out));
    }
}
