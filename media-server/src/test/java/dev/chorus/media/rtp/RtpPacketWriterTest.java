package dev.chorus.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtpPacketWriterTest {

    private static RtpPacket wrap(String hex) {
        byte[] b = Hex.bytes(hex);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        return p;
    }

    @Test
    void remapsIdsKeepingOneByteForm() {
        RtpPacket src = wrap(RtpPacketTest.OPUS_PADDED);
        byte[] map = new byte[16];
        map[1] = 10; // audio level -> 10
        map[2] = 0;  // drop abs-send-time
        map[3] = 5;  // transport-cc -> 5
        map[4] = 9;  // mid -> 9
        byte[] dst = new byte[200];
        int n = RtpPacketWriter.copyWithExtensions(src, dst, 7, map);
        // 12 + 4 + (2+3+2 = 7 -> 8) + 3 payload + 4 padding
        assertEquals(31, n);
        assertEquals("b0ef12340000096011223344" + "bede0002" + "a085" + "51002a" + "9030" + "00"
                + "fcfffe00000004", Hex.str(dst, 7, n));
        RtpPacket out = new RtpPacket();
        assertTrue(out.wrap(dst, 7, n));
        assertEquals(42, out.extensionU16(5));
        assertEquals(4, out.paddingLength());
        assertEquals(3, out.payloadLength());
    }

    @Test
    void appendsTransportCcExtraReplacingSourceElement() {
        RtpPacket src = wrap(RtpPacketTest.OPUS);
        byte[] map = {0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] dst = new byte[100];
        int n = RtpPacketWriter.copyWithExtensions(src, dst, 0, map, 3, 0x1234, 2);
        RtpPacket out = new RtpPacket();
        assertTrue(out.wrap(dst, 0, n));
        assertEquals(0x1234, out.extensionU16(3));
        assertEquals(4, RtpPacketTest.extensions(out).size());
        // mid now precedes the extra
        assertEquals(3, RtpPacketTest.extensions(out).get(3)[0]);
        assertEquals(3, out.payloadLength());
        assertEquals(0xfc, dst[out.payloadOffset()] & 0xff);
    }

    @Test
    void switchesToTwoByteFormForLargeIds() {
        RtpPacket src = wrap(RtpPacketTest.OPUS);
        byte[] map = new byte[256];
        map[1] = 1;
        map[4] = (byte) 200;
        byte[] dst = new byte[100];
        int n = RtpPacketWriter.copyWithExtensions(src, dst, 0, map);
        // elements: 01 01 85 | c8 01 30 -> 6 bytes -> 8
        assertEquals("906f12340000096011223344" + "10000002" + "010185" + "c80130" + "0000" + "fcfffe",
                Hex.str(dst, 0, n));
        RtpPacket out = new RtpPacket();
        assertTrue(out.wrap(dst, 0, n));
        assertTrue(out.isTwoByteExtensions());
        assertEquals('0', dst[out.extensionOffset(200)]);
    }

    @Test
    void extraLongerThan16BytesForcesTwoByte() {
        RtpPacket src = wrap(RtpPacketTest.OPUS);
        byte[] value = new byte[20];
        Arrays.fill(value, (byte) 7);
        byte[] dst = new byte[100];
        int n = RtpPacketWriter.copyWithExtensions(src, dst, 0, new byte[16], 6, value, 0, 20);
        RtpPacket out = new RtpPacket();
        assertTrue(out.wrap(dst, 0, n));
        assertTrue(out.isTwoByteExtensions());
        assertEquals(20, out.extensionLength(6));
        assertEquals(1, RtpPacketTest.extensions(out).size());
    }

    @Test
    void twoByteSourceBackToOneByte() {
        RtpPacket src = wrap("90 60 0001 00000000 00000001 1000 0002 05 02 abcd 00 07 01 ee 00 ff");
        byte[] dst = new byte[100];
        int n = RtpPacketWriter.copyWithExtensions(src, dst, 0, null);
        assertEquals("906000010000000000000001" + "bede0002" + "51abcd" + "70ee" + "000000" + "00ff",
                Hex.str(dst, 0, n));
        RtpPacket out = new RtpPacket();
        assertTrue(out.wrap(dst, 0, n));
        assertTrue(out.isOneByteExtensions());
        assertEquals(0xabcd, out.extensionU16(5));
        assertEquals(1, out.extensionLength(7));
        assertEquals(2, out.payloadLength());
        assertEquals(26, n);
    }

    @Test
    void removesBlockWhenNothingRemains() {
        RtpPacket src = wrap(RtpPacketTest.OPUS_PADDED);
        byte[] dst = new byte[100];
        int n = RtpPacketWriter.copyWithExtensions(src, dst, 0, new byte[16]);
        assertEquals(12 + 3 + 4, n);
        assertEquals("a0ef12340000096011223344fcfffe00000004", Hex.str(dst, 0, n));
        RtpPacket out = new RtpPacket();
        assertTrue(out.wrap(dst, 0, n));
        assertFalse(out.hasExtension());
    }

    @Test
    void addsBlockToPacketWithoutExtensions() {
        RtpPacket src = wrap("81 60 0001 00000002 00000003 00000004 aabb");
        byte[] dst = new byte[100];
        int n = RtpPacketWriter.copyWithExtensions(src, dst, 0, null, 3, 0xbeef, 2);
        assertEquals("91600001000000020000000300000004" + "bede0001" + "31beef00" + "aabb", Hex.str(dst, 0, n));
    }

    @Test
    void rejectsTooSmallDestinationAndBadExtra() {
        RtpPacket src = wrap(RtpPacketTest.OPUS);
        byte[] dst = new byte[30];
        byte[] before = dst.clone();
        assertEquals(-1, RtpPacketWriter.copyWithExtensions(src, dst, 0, null));
        assertArrayEquals(before, dst);
        assertEquals(-1, RtpPacketWriter.copyWithExtensions(src, new byte[100], 0, null, 3, 1, 0));
        assertEquals(-1, RtpPacketWriter.copyWithExtensions(src, new byte[100], 0, null, 3, 1, 9));
        assertEquals(-1, RtpPacketWriter.copyWithExtensions(src, new byte[100], 0, null, 3, new byte[4], 2, 4));
        assertEquals(-1, RtpPacketWriter.copyWithExtensions(src, new byte[100], -1, null));
        assertEquals(-1, RtpPacketWriter.copyWithExtensions(new RtpPacket(), new byte[100], 0, null));
    }

    @Test
    void overwritesTransportCcInPlace() {
        RtpPacket p = wrap(RtpPacketTest.OPUS);
        assertTrue(RtpPacketWriter.overwriteExtensionU16(p, 3, 0xfffe));
        assertEquals(0xfffe, p.extensionU16(3));
        assertFalse(RtpPacketWriter.overwriteExtensionU16(p, 1, 5)); // 1-byte element
        assertFalse(RtpPacketWriter.overwriteExtensionU16(p, 9, 5));
        assertEquals(0x85, p.buffer()[p.extensionOffset(1)] & 0xff);
    }
}
