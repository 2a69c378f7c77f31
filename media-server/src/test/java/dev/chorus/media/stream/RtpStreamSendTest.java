package dev.chorus.media.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.media.rtcp.RtcpParser;
import dev.chorus.media.rtcp.RtcpVisitor;
import org.junit.jupiter.api.Test;

class RtpStreamSendTest {
    private static final long MS = 1_000_000L;

    @Test
    void countersAndSenderReport() {
        RtpStreamSend s = new RtpStreamSend(0xabcdef01L, 90000);
        byte[] buf = new byte[64];
        assertEquals(-1, s.writeSenderReport(buf, 0, 0, 0, null, 0));
        s.onPacketSent(0xffffff00L, 1000, 0);
        s.onPacketSent(0xffffff00L, 200, 1 * MS);
        assertEquals(2, s.packetCount());
        assertEquals(1200, s.octetCount());
        assertEquals((0xffffff00L + 900) & 0xffffffffL, s.rtpTimestampAt(11 * MS));
        long ntp = NtpTime.fromUnixMillis(1_700_000_000_000L);
        int n = s.writeSenderReport(buf, 0, 11 * MS, ntp, null, 0);
        assertEquals(28, n);
        long[] got = new long[5];
        RtcpParser.parse(buf, 0, n, new RtcpVisitor() {
            @Override
            public void onSenderReport(long ssrc, long ntpTs, long rtpTs, long pc, long oc) {
                got[0] = ssrc;
                got[1] = ntpTs;
                got[2] = rtpTs;
                got[3] = pc;
                got[4] = oc;
            }
        });
        assertEquals(0xabcdef01L, got[0]);
        assertEquals(ntp, got[1]);
        assertEquals(0x284, got[2]); // wrapped: 0xffffff00 + 900
        assertEquals(2, got[3]);
        assertEquals(1200, got[4]);
    }

    @Test
    void rttFromLsrDlsr() {
        RtpStreamSend s = new RtpStreamSend(1, 48000);
        assertEquals(-1, s.rttMillis());
        long srNtp = NtpTime.fromUnixMillis(1_700_000_000_000L);
        long lsr = NtpTime.middle32(srNtp);
        long dlsr = NtpTime.nanosToCompact(500 * MS);
        // RR arrives 580 ms after the SR: RTT = 80 ms
        long arrival = NtpTime.fromUnixMillis(1_700_000_000_580L);
        s.onReportBlock(26, 10, 5000, 33, lsr, dlsr, arrival);
        assertEquals(80, s.rttMillis(), 1);
        assertEquals(26, s.fractionLost());
        assertEquals(10, s.cumulativeLost());
        assertEquals(33, s.jitter());
        assertEquals(26 / 256.0, s.lossRatio());
        // a report without LSR keeps the estimate; a "negative" RTT is ignored
        s.onReportBlock(0, 10, 5001, 30, 0, 0, arrival);
        assertEquals(80, s.rttMillis(), 1);
        s.onReportBlock(0, 10, 5001, 30, lsr, NtpTime.nanosToCompact(900 * MS), arrival);
        assertEquals(80, s.rttMillis(), 1);
    }
}
