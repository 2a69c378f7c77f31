package dev.chorus.compositor.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.RtpPacket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OpusRtpPacketizerTest {
    /** One row per call: skip before it?, expected marker, seq, timestamp. Starts at seq 65534, ts 2^32 - 1920. */
    private static final Object[][] ROWS = {
        {false, true, 65534, 4294965376L},
        {false, false, 65535, 4294966336L},
        {false, false, 0, 0L}, // both wrap
        {true, true, 1, 1920L}, // one frame skipped: ts jumps, seq does not, marker set
        {false, false, 2, 2880L},
        {true, true, 3, 4800L},
    };

    @Test
    void headerFieldsTable() {
        OpusRtpPacketizer p = new OpusRtpPacketizer(0xCAFEBABEL, 111, 65534, 4294965376L);
        byte[] payload = {9, 8, 7, 6, 5};
        byte[] out = new byte[64];
        RtpPacket rtp = new RtpPacket();
        for (Object[] row : ROWS) {
            if ((Boolean) row[0]) {
                p.skipFrame();
            }
            Arrays.fill(out, (byte) 0x55);
            int len = p.packetize(payload, 1, 3, out, 4);
            assertEquals(15, len);
            assertTrue(rtp.wrap(out, 4, len));
            assertEquals(2, rtp.version());
            assertEquals(false, rtp.hasPadding());
            assertEquals(false, rtp.hasExtension());
            assertEquals(0, rtp.csrcCount());
            assertEquals(row[1], rtp.marker(), "marker " + Arrays.toString(row));
            assertEquals(111, rtp.payloadType());
            assertEquals(row[2], rtp.sequenceNumber());
            assertEquals(row[3], rtp.timestamp());
            assertEquals(0xCAFEBABEL, rtp.ssrc());
            assertEquals(3, rtp.payloadLength());
            assertArrayEquals(new byte[] {8, 7, 6}, Arrays.copyOfRange(out, rtp.payloadOffset(), rtp.payloadOffset() + 3));
            assertEquals(0x55, out[3], "nothing written before outOff");
            assertEquals(0x55, out[4 + len], "nothing written after the packet");
        }
        assertEquals(ROWS.length, p.packets());
    }

    @Test
    void payloadTypeAndSsrcAreMasked() {
        OpusRtpPacketizer p = new OpusRtpPacketizer(-1L, 0xff, 0x1_0005, 0x1_0000_0007L);
        byte[] out = new byte[20];
        p.packetize(new byte[] {1}, 0, 1, out, 0);
        RtpPacket rtp = new RtpPacket();
        assertTrue(rtp.wrap(out, 0, 13));
        assertEquals(127, rtp.payloadType());
        assertTrue(rtp.marker());
        assertEquals(0xFFFFFFFFL, rtp.ssrc());
        assertEquals(5, rtp.sequenceNumber());
        assertEquals(7, rtp.timestamp());
    }

    @Test
    void refusesWhatDoesNotFitWithoutAdvancing() {
        OpusRtpPacketizer p = new OpusRtpPacketizer(1, 111, 10, 100);
        assertEquals(-1, p.packetize(new byte[10], 0, 10, new byte[21], 0));
        assertEquals(-1, p.packetize(new byte[10], 0, 10, new byte[30], 9));
        assertEquals(-1, p.packetize(new byte[10], 5, 6, new byte[30], 0));
        assertEquals(-1, p.packetize(new byte[10], 0, 0, new byte[30], 0));
        assertEquals(-1, p.packetize(null, 0, 1, new byte[30], 0));
        assertEquals(-1, p.packetize(new byte[1], 0, 1, null, 0));
        assertEquals(-1, p.packetize(new byte[1], 0, 1, new byte[30], -1));
        assertEquals(10, p.nextSequenceNumber());
        assertEquals(100, p.nextTimestamp());
        assertEquals(22, p.packetize(new byte[10], 0, 10, new byte[22], 0));
        assertEquals(11, p.nextSequenceNumber());
        assertEquals(1060, p.nextTimestamp());
    }

    @Test
    void randomStartIsInRange() {
        OpusRtpPacketizer p = new OpusRtpPacketizer(5, 111);
        assertTrue(p.nextSequenceNumber() >= 0 && p.nextSequenceNumber() <= 0xffff);
        assertTrue(p.nextTimestamp() >= 0 && p.nextTimestamp() <= 0xFFFFFFFFL);
        assertEquals(5, p.ssrc());
        assertEquals(111, p.payloadType());
    }
}
