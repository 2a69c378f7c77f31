package dev.chorus.media.forwarding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;
import dev.chorus.media.util.Bytes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SimulcastRewriterTest {
    static final long MS = 1_000_000L;

    static RtpPacket packet(int seq, long ts, byte... payload) {
        byte[] b = new byte[12 + payload.length];
        b[0] = (byte) 0x80;
        b[1] = 96;
        Bytes.put16(b, 2, seq);
        Bytes.put32(b, 4, ts);
        System.arraycopy(payload, 0, b, 12, payload.length);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        return p;
    }

    static RtpPacket vp8(int seq, long ts, int pictureId, int tl0, int tid) {
        return packet(seq, ts, (byte) 0x90, (byte) 0xE0, (byte) (0x80 | pictureId >>> 8), (byte) pictureId,
                (byte) tl0, (byte) (tid << 6), (byte) 0x01);
    }

    @Test
    void h264AcrossASwitchTouchesOnlySeqAndTimestamp() {
        SimulcastRewriter r = new SimulcastRewriter(90000, 100, 1000, 0, 0);
        byte[] nal = {0x65, 0x11, 0x22};
        RtpPacket a = packet(500, 7000, nal);
        assertTrue(r.forward(0, a, false, 0));
        assertEquals(100, a.sequenceNumber());
        assertEquals(1000, a.timestamp());
        RtpPacket drop = packet(501, 10000, nal);
        r.drop(0, drop, false);
        RtpPacket b = packet(9000, 123, nal);
        assertTrue(r.forward(1, b, false, 20 * MS));
        assertEquals(101, b.sequenceNumber());
        assertEquals(1000 + 20 * 90, b.timestamp());
        assertArrayEquals(nal, Arrays.copyOfRange(b.buffer(), 12, 15));
        assertEquals(1, r.currentLayer());
    }

    @Test
    void lateOldLayerPacketIsRefusedAndNotRemembered() {
        SimulcastRewriter r = new SimulcastRewriter(90000, 100, 1000, 0, 0);
        assertTrue(r.forward(0, packet(500, 7000, (byte) 1), false, 0));
        assertTrue(r.forward(1, packet(9000, 5, (byte) 1), false, MS));
        assertFalse(r.forward(0, packet(499, 7000, (byte) 1), false, 2 * MS));
        assertEquals(1, r.currentLayer());
        assertEquals(101, r.lastSequenceNumber());
    }

    @Test
    void vp8IdsAreRewrittenAndRetransmittedExactly() {
        SimulcastRewriter r = new SimulcastRewriter(90000, 3, 64, 65535, 4294967295L, 32767, 255);
        RtpPacket a = vp8(10, 0, 500, 9, 0);
        assertTrue(r.forward(0, a, true, 0));
        byte[] sentA = Arrays.copyOf(a.buffer(), a.length());
        assertEquals(65535, a.sequenceNumber());
        assertEquals(4294967295L, a.timestamp());
        r.drop(0, vp8(11, 3000, 501, 9, 2), true);
        RtpPacket b = vp8(7, 90, 40, 3, 0); // switch
        assertTrue(r.forward(2, b, true, 10 * MS));
        assertEquals(0, b.sequenceNumber());
        assertEquals(899, b.timestamp());
        int off = b.payloadOffset();
        assertEquals(0, Vp8PayloadDescriptor.pictureId(b.buffer(), off, b.payloadLength()));
        assertEquals(0, Vp8PayloadDescriptor.tl0PicIdx(b.buffer(), off, b.payloadLength()));

        // NACK for 65535 after the switch: layer 0, source 10, resent exactly as first sent
        int m = r.lookup(65535);
        assertEquals(0, SequenceNumberRewriter.layerOf(m));
        assertEquals(10, SequenceNumberRewriter.sourceSeqOf(m));
        RtpPacket again = vp8(10, 0, 500, 9, 0);
        assertTrue(r.rewriteRetransmission(65535, again, true));
        assertArrayEquals(sentA, Arrays.copyOf(again.buffer(), again.length()));
        assertFalse(r.rewriteRetransmission(1, again, true)); // never sent
        assertEquals(SequenceNumberRewriter.NONE, r.lookup(65534));
    }

    @Test
    void paddingAndMalformedVp8() {
        SimulcastRewriter r = new SimulcastRewriter(90000, 100, 1000, 0, 0);
        RtpPacket padding = packet(1, 0);
        assertTrue(r.forward(0, padding, true, 0)); // nothing to rewrite in an empty payload
        assertEquals(100, padding.sequenceNumber());
        RtpPacket bad = packet(2, 0, (byte) 0x80); // X set, extension byte missing
        assertFalse(r.forward(0, bad, true, 0));
        assertEquals(SequenceNumberRewriter.NONE, r.lookup(101)); // numbered but never sent
        assertTrue(r.forward(0, vp8(3, 0, 1, 1, 0), true, 0));
        assertEquals(102, r.lastSequenceNumber());
        assertEquals(0, r.lastPictureId());
        assertEquals(0, r.lastTl0PicIdx());
    }

    @Test
    void prepareThenApplyEqualsForwardInPlace() {
        SimulcastRewriter inPlace = new SimulcastRewriter(90000, 10, 20, 30, 40);
        SimulcastRewriter twoStep = new SimulcastRewriter(90000, 10, 20, 30, 40);
        int[][] packets = {{0, 100, 5000, 7}, {0, 101, 5001, 7}, {1, 900, 60, 2}, {1, 902, 62, 3}, {1, 901, 61, 2}};
        for (int[] p : packets) {
            RtpPacket a = vp8(p[1], p[1] * 3000L, p[2], p[3], 0);
            RtpPacket src = vp8(p[1], p[1] * 3000L, p[2], p[3], 0);
            byte[] before = Arrays.copyOf(src.buffer(), src.length());
            assertTrue(inPlace.forward(p[0], a, true, p[1] * MS));
            assertTrue(twoStep.prepare(p[0], src, true, p[1] * MS));
            assertArrayEquals(before, Arrays.copyOf(src.buffer(), src.length()), "source untouched");
            assertEquals(a.sequenceNumber(), twoStep.preparedSequenceNumber());
            assertEquals(a.timestamp(), twoStep.preparedTimestamp());
            twoStep.applyPrepared(src, true); // here: the copy
            assertArrayEquals(Arrays.copyOf(a.buffer(), a.length()), Arrays.copyOf(src.buffer(), src.length()));
        }
        assertFalse(twoStep.prepare(0, vp8(99, 0, 1, 1, 0), true, 0)); // late packet of the old layer
        assertEquals(-1, twoStep.preparedSequenceNumber());
        assertTrue(twoStep.prepareRetransmission(10));
        assertEquals(10, twoStep.preparedSequenceNumber());
        assertEquals(20, twoStep.preparedTimestamp());
    }
}
