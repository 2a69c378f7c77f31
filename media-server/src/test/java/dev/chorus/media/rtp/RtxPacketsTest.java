package dev.chorus.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.util.PacketBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RtxPacketsTest {
    /** V=2 PT 96 seq 0x1234 ts 0x01020304 SSRC 0x0A0B0C0D, payload 5 bytes. */
    static final byte[] MEDIA = {(byte) 0x80, 96, 0x12, 0x34, 1, 2, 3, 4, 0x0A, 0x0B, 0x0C, 0x0D, 11, 12, 13, 14, 15};

    @Test
    void toRtxPutsTheOriginalSequenceNumberFirstInThePayload() {
        PacketBuffer out = new PacketBuffer(1500);
        out.set(MEDIA, 0, MEDIA.length);
        RtpPacket rtp = new RtpPacket();
        assertTrue(rtp.wrap(out.getBuffer(), out.getOffset(), out.getLength()));
        assertTrue(RtxPackets.toRtx(out, rtp, 97, 0xCAFEBABEL, 7));
        assertEquals(MEDIA.length + 2, out.getLength());
        assertEquals(97, rtp.payloadType());
        assertEquals(0xCAFEBABEL, rtp.ssrc());
        assertEquals(7, rtp.sequenceNumber());
        assertEquals(0x01020304L, rtp.timestamp(), "the timestamp is the original's");
        byte[] payload = Arrays.copyOfRange(out.getBuffer(), rtp.payloadOffset(), rtp.payloadOffset() + rtp.payloadLength());
        assertArrayEquals(new byte[] {0x12, 0x34, 11, 12, 13, 14, 15}, payload);
    }

    @Test
    void toRtxNeedsRoomForTheOsn() {
        PacketBuffer out = new PacketBuffer(MEDIA.length);
        out.set(MEDIA, 0, MEDIA.length);
        RtpPacket rtp = new RtpPacket();
        assertTrue(rtp.wrap(out.getBuffer(), out.getOffset(), out.getLength()));
        assertFalse(RtxPackets.toRtx(out, rtp, 97, 1, 7));
        assertEquals(MEDIA.length, out.getLength(), "left as it was");
        assertEquals(0x1234, rtp.sequenceNumber());
    }

    @Test
    void paddingPacketLayout() {
        byte[] buf = new byte[300];
        Arrays.fill(buf, (byte) 0x55);
        int len = RtxPackets.writePadding(buf, 97, 0xBEEF, 0x01020304L, 0xCAFEBABEL, 5, 200);
        assertEquals(220, len);
        RtpPacket rtp = new RtpPacket();
        assertTrue(rtp.wrap(buf, 0, len));
        assertEquals(97, rtp.payloadType());
        assertEquals(0xBEEF, rtp.sequenceNumber());
        assertEquals(0x01020304L, rtp.timestamp());
        assertEquals(0xCAFEBABEL, rtp.ssrc());
        assertEquals(0, rtp.payloadLength(), "all padding");
        assertArrayEquals(new byte[] {(byte) 0xBE, (byte) 0xDE, 0, 1, 5 << 4 | 1, 0, 0, 0}, Arrays.copyOfRange(buf, 12, 20));
        assertEquals(200, buf[len - 1] & 0xFF);
        assertEquals(0, buf[len - 2]);
    }

    @ParameterizedTest(name = "tcc id {0}, padding {1}, buffer {2}")
    @CsvSource({"0,100,300", "15,100,300", "5,0,300", "5,256,400", "5,100,119"})
    void paddingRefusesWhatDoesNotFit(int tccExtId, int padding, int bufLen) {
        assertEquals(-1, RtxPackets.writePadding(new byte[bufLen], 97, 1, 1, 1, tccExtId, padding));
    }
}
