package dev.chorus.compositor.rtp;

import static org.junit.jupiter.api.Assertions.*;

import dev.chorus.compositor.encode.EncodedFrame;
import dev.chorus.compositor.rtp.RtpPackets.Pkt;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Vp8PacketizerTest {
    static EncodedFrame frame(int len, boolean key, long ts) {
        EncodedFrame f = new EncodedFrame();
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) i;
        }
        f.set(b, 0, len, key, ts);
        return f;
    }

    @ParameterizedTest
    @CsvSource({"1,1150,1", "1146,1150,1", "1147,1150,2", "3000,1150,3", "100,5,100", "10000,1200,9"})
    void sizesMarkerAndDescriptor(int len, int maxPayload, int expectedPackets) {
        Vp8Packetizer p = new Vp8Packetizer(0xCAFEBABEL, 96, 7, 0x1234, maxPayload);
        List<Pkt> pkts = RtpPackets.packetize(p, frame(len, true, 0x1_0000_0005L));
        assertEquals(expectedPackets, pkts.size());
        RtpPacket rtp = new RtpPacket();
        int total = 0;
        for (int i = 0; i < pkts.size(); i++) {
            byte[] b = pkts.get(i).bytes();
            assertTrue(rtp.wrap(b, 0, b.length));
            assertTrue(pkts.get(i).key());
            assertEquals(96, rtp.payloadType());
            assertEquals(7 + i, rtp.sequenceNumber());
            assertEquals(5, rtp.timestamp(), "timestamp is the low 32 bits");
            assertEquals(0xCAFEBABEL, rtp.ssrc());
            assertEquals(i == pkts.size() - 1, rtp.marker());
            assertTrue(rtp.payloadLength() <= maxPayload);
            int off = rtp.payloadOffset();
            assertEquals(i == 0 ? 0x90 : 0x80, b[off] & 0xff, "X, S only on the first, PID 0");
            assertEquals(0x80, b[off + 1] & 0xff, "I");
            assertEquals(0x92, b[off + 2] & 0xff, "M + high picture id bits");
            assertEquals(0x34, b[off + 3] & 0xff);
            assertEquals(4, Vp8PayloadDescriptor.descriptorLength(b, off, rtp.payloadLength()));
            assertEquals(i == 0, Vp8PayloadDescriptor.isStartOfFrame(b, off, rtp.payloadLength()));
            for (int k = 0; k < rtp.payloadLength() - 4; k++) {
                assertEquals((byte) (total + k), b[off + 4 + k], "payload bytes in order");
            }
            total += rtp.payloadLength() - 4;
        }
        assertEquals(len, total);
        int sizeSpread = pkts.stream().mapToInt(x -> x.bytes().length).max().orElse(0)
                - pkts.stream().mapToInt(x -> x.bytes().length).min().orElse(0);
        assertTrue(sizeSpread <= 1, "balanced packet sizes");
    }

    @Test
    void pictureIdAndSequenceNumberWrap() {
        Vp8Packetizer p = new Vp8Packetizer(1, 96, 0xFFFF, 0x7FFE, 1150);
        int[] ids = new int[3];
        for (int n = 0; n < 3; n++) {
            List<Pkt> pkts = RtpPackets.packetize(p, frame(10, n == 0, n * 3000L));
            byte[] b = pkts.get(0).bytes();
            ids[n] = Vp8PayloadDescriptor.pictureId(b, 12, b.length - 12);
            assertEquals((0xFFFF + n) & 0xFFFF, RtpPackets.seq(b));
            assertEquals(n == 0, pkts.get(0).key());
        }
        assertArrayEquals(new int[] {0x7FFE, 0x7FFF, 0}, ids);
        assertEquals(1, p.nextPictureId());
        assertEquals(2, p.nextSequenceNumber());
    }

    @Test
    void emptyOrBadInputSendsNothing() {
        Vp8Packetizer p = new Vp8Packetizer(1, 96);
        int seq = p.nextSequenceNumber();
        assertEquals(0, p.packetize(new EncodedFrame(), (b, l, k) -> fail()));
        assertEquals(0, p.packetize(null, (b, l, k) -> fail()));
        assertEquals(0, p.packetize(new byte[10], 5, 10, true, 0, (b, l, k) -> fail()));
        assertEquals(0, p.packetize(frame(10, true, 0), null));
        assertEquals(seq, p.nextSequenceNumber());
        assertThrows(IllegalArgumentException.class, () -> new Vp8Packetizer(1, 200, 0, 0, 1150));
        assertThrows(IllegalArgumentException.class, () -> new Vp8Packetizer(1, 96, 0, 0, 4));
    }
}
