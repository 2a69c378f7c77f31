package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtcp.TransportCcFeedback;
import dev.chorus.media.rtcp.TransportCcFeedbackWriter;
import org.junit.jupiter.api.Test;

class SendHistoryTest {
    private static final long MS = 1_000_000L;
    private static final long LOST = TransportCcFeedbackWriter.LOST;
    private final TransportCcFeedbackWriter writer = new TransportCcFeedbackWriter();
    private final TransportCcFeedback fb = new TransportCcFeedback();

    /** Builds and parses a feedback for statuses starting at {@code baseSeq}. */
    private TransportCcFeedback feedback(int baseSeq, long... arrivalUs) {
        byte[] buf = new byte[1500];
        int n = writer.write(buf, 0, 1500, 1, 2, baseSeq, 0, arrivalUs, 0, arrivalUs.length);
        int pad = (buf[0] & 0x20) != 0 ? buf[n - 1] : 0;
        assertTrue(fb.parse(buf, 12, n - 12 - pad));
        return fb;
    }

    private static String describe(PacketResults r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.count(); i++) {
            sb.append(sb.isEmpty() ? "" : " ").append(r.sequence(i))
                    .append(r.isReceived(i) ? "" : "x");
        }
        return sb.toString();
    }

    @Test
    void matchesFeedbackToSentPackets() {
        SendHistory h = new SendHistory(1024);
        for (int i = 0; i < 5; i++) {
            h.onPacketSent(i, 1000 + i, i == 2 ? 7 : -1, i * MS);
        }
        PacketResults r = h.onFeedback(feedback(1, 10_000, LOST, 12_000));
        assertEquals("1 2x 3", describe(r));
        assertEquals(2, r.receivedCount());
        assertEquals(1, r.lostCount());
        assertEquals(MS, r.sendTimeNanos(0));
        assertEquals(1001, r.sizeBytes(0));
        assertEquals(7, r.probeClusterId(1));
        assertEquals(-1, r.probeClusterId(0));
        assertEquals(PacketResults.LOST, r.arrivalTimeNanos(1));
        assertEquals(2_000_000, r.arrivalTimeNanos(2) - r.arrivalTimeNanos(0), 250_000);
    }

    /** Loss accounting leaves out probe padding but not media sent during a cluster: the mark must survive. */
    @Test
    void feedbackTellsProbePaddingFromMediaSentDuringACluster() {
        SendHistory h = new SendHistory(1024);
        h.onPacketSent(1, 1000, -1, false, MS);
        h.onPacketSent(2, 275, 7, true, 2 * MS);
        h.onPacketSent(3, 1200, 7, false, 3 * MS);
        PacketResults r = h.onFeedback(feedback(1, 10_000, LOST, 12_000));
        assertEquals("1 2x 3", describe(r));
        assertEquals(false, r.isPadding(0));
        assertEquals(true, r.isPadding(1));
        assertEquals(false, r.isPadding(2), "media in a cluster is media");
        assertEquals(7, r.probeClusterId(2));
    }

    @Test
    void unwrapsSixteenBitSequenceAndReferenceTime() {
        SendHistory h = new SendHistory(1024);
        long base = 3L * 65536 + 65534; // our counter is far past 16 bits
        for (long s = base; s < base + 4; s++) {
            h.onPacketSent(s, 1200, -1, s);
        }
        // reference time near the top of the 24-bit range, then wrapped in the next feedback
        long topUs = (0xffffffL - 1) * 64_000L;
        PacketResults r = h.onFeedback(feedback(65534, topUs + 1000, topUs + 2000));
        assertEquals(base + ":" + (base + 1), r.sequence(0) + ":" + r.sequence(1));
        long second = r.arrivalTimeNanos(1);
        r = h.onFeedback(feedback(0, topUs + 200_000, topUs + 201_000)); // crosses 2^24 x 64 ms
        assertEquals(base + 2, r.sequence(0));
        assertEquals(198_000 * 1000L, r.arrivalTimeNanos(0) - second, 250_000);
    }

    @Test
    void repeatedStatusesAreReportedOnce() {
        SendHistory h = new SendHistory(1024);
        for (int i = 0; i < 4; i++) {
            h.onPacketSent(i, 1000, -1, i * MS);
        }
        assertEquals("0 1x 2", describe(h.onFeedback(feedback(0, 1000, LOST, 3000))));
        // the receiver re-reports from 1 after 1 arrived late: 1 now received, 2 not again, 3 new
        assertEquals("1 3", describe(h.onFeedback(feedback(1, 5000, 3000, 6000))));
        // a lost packet reported lost again is not counted twice
        h.onPacketSent(4, 1000, -1, 4 * MS);
        h.onPacketSent(5, 1000, -1, 5 * MS);
        assertEquals("4x 5", describe(h.onFeedback(feedback(4, LOST, 9000))));
        assertEquals("", describe(h.onFeedback(feedback(4, LOST, 9000))));
    }

    @Test
    void unknownAndTooOldSequencesAreIgnored() {
        SendHistory h = new SendHistory(16); // capacity 16: older packets are overwritten
        for (int i = 0; i < 40; i++) {
            h.onPacketSent(i, 1000, -1, i * MS);
        }
        assertEquals(Long.MIN_VALUE, h.sendTimeNanos(3));
        assertEquals(39 * MS, h.sendTimeNanos(39));
        // 20..23 are gone; 24..27 known
        assertEquals("24 25 26 27", describe(h.onFeedback(feedback(20, 1, 2, 3, 4, 5, 6, 7, 8))));
        // feedback about packets never sent (beyond the newest) is cut off
        assertEquals("38 39", describe(h.onFeedback(feedback(38, 1, 2, 3, 4))));
        assertFalse(h.onFeedback(feedback(100, 1)).count() > 0);
        SendHistory empty = new SendHistory(16);
        assertEquals(0, empty.onFeedback(feedback(0, 1)).count());
    }
}
