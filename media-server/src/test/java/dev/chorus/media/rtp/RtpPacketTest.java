package dev.chorus.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.Hex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtpPacketTest {

    /**
     * Chrome-style Opus packet: PT 111, one-byte extensions 1=ssrc-audio-level (voice, -5 dBov),
     * 2=abs-send-time, 3=transport-cc seq 42, 4=mid "0", one padding byte, 3 payload bytes.
     */
    static final String OPUS = "90 6f 1234 00000960 11223344"
            + " bede 0003 10 85 22 123456 31 002a 40 30 00"
            + " fcfffe";

    /** Same with a leading offset and a trailing 4-byte RTP padding (count 4). */
    static final String OPUS_PADDED = "b0 ef 1234 00000960 11223344"
            + " bede 0003 10 85 22 123456 31 002a 40 30 00"
            + " fcfffe 000000 04";

    static List<int[]> extensions(RtpPacket p) {
        List<int[]> l = new ArrayList<>();
        for (int c = p.firstExtension(); c >= 0; c = p.nextExtension(c)) {
            l.add(new int[]{p.extensionIdAt(c), p.extensionDataOffsetAt(c), p.extensionDataLengthAt(c)});
        }
        return l;
    }

    @Test
    void parsesChromeOpusPacket() {
        byte[] b = Hex.bytes(OPUS);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(2, p.version());
        assertFalse(p.hasPadding());
        assertTrue(p.hasExtension());
        assertEquals(0, p.csrcCount());
        assertFalse(p.marker());
        assertEquals(111, p.payloadType());
        assertEquals(0x1234, p.sequenceNumber());
        assertEquals(2400, p.timestamp());
        assertEquals(0x11223344L, p.ssrc());
        assertEquals(28, p.headerLength());
        assertEquals(28, p.payloadOffset());
        assertEquals(3, p.payloadLength());
        assertEquals(0, p.paddingLength());
        assertTrue(p.isOneByteExtensions());
        assertEquals(0xBEDE, p.extensionProfile());

        List<int[]> ext = extensions(p);
        assertEquals(4, ext.size());
        assertEquals(1, ext.get(0)[0]);
        assertEquals(17, ext.get(0)[1]);
        assertEquals(1, ext.get(0)[2]);
        assertEquals(2, ext.get(1)[0]);
        assertEquals(3, ext.get(1)[2]);
        assertEquals(3, ext.get(2)[0]);
        assertEquals(2, ext.get(2)[2]);
        assertEquals(4, ext.get(3)[0]);

        assertEquals(0x85, b[p.extensionOffset(1)] & 0xff);
        assertEquals(19, p.extensionOffset(2));
        assertEquals(3, p.extensionLength(2));
        assertEquals(42, p.extensionU16(3));
        assertEquals('0', b[p.extensionOffset(4)]);
        assertEquals(1, p.extensionLength(4));
        assertEquals(-1, p.extensionOffset(5));
        assertEquals(-1, p.extensionLength(5));
        assertEquals(-1, p.extensionU16(1)); // too short
    }

    @Test
    void parsesAtOffsetWithPaddingAndMarker() {
        byte[] raw = Hex.bytes(OPUS_PADDED);
        byte[] b = new byte[raw.length + 10];
        System.arraycopy(raw, 0, b, 5, raw.length);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 5, raw.length));
        assertTrue(p.hasPadding());
        assertTrue(p.marker());
        assertEquals(4, p.paddingLength());
        assertEquals(3, p.payloadLength());
        assertEquals(5 + 28, p.payloadOffset());
        assertEquals(5 + 17, p.extensionOffset(1));
        assertEquals(42, p.extensionU16(3));
    }

    @Test
    void parsesTwoByteExtensionsAndCsrcs() {
        // CC=2, two-byte profile 0x1001 (appbits), id 20 len 0, padding, id 5 len 3, id 200 len 17
        String hex = "92 60 fffe 00010000 deadbeef 00000001 00000002"
                + " 1001 0008 1400 00 05 03 aabbcc c8 11 000102030405060708090a0b0c0d0e0f10 00 00 00 00 00"
                + " 9d012a";
        byte[] b = Hex.bytes(hex);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(2, p.csrcCount());
        assertEquals(1L, p.csrc(0));
        assertEquals(2L, p.csrc(1));
        assertEquals(0xdeadbeefL, p.ssrc());
        assertEquals(65534, p.sequenceNumber());
        assertTrue(p.isTwoByteExtensions());
        assertEquals(20 + 4 + 32, p.headerLength());
        assertEquals(3, p.payloadLength());
        List<int[]> ext = extensions(p);
        assertEquals(3, ext.size());
        assertEquals(20, ext.get(0)[0]);
        assertEquals(0, ext.get(0)[2]);
        assertEquals(5, ext.get(1)[0]);
        assertEquals(3, ext.get(1)[2]);
        assertEquals(0xaa, b[ext.get(1)[1]] & 0xff);
        assertEquals(200, ext.get(2)[0]);
        assertEquals(17, p.extensionLength(200));
        assertEquals(0x10, b[p.extensionOffset(200) + 16]);
    }

    @Test
    void unknownProfileHasNoElements() {
        byte[] b = Hex.bytes("90 60 0001 00000000 00000001 abcd 0001 11223344 ff");
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(0xabcd, p.extensionProfile());
        assertEquals(-1, p.firstExtension());
        assertEquals(1, p.payloadLength());
    }

    @Test
    void oneByteId15StopsIteration() {
        byte[] b = Hex.bytes("90 60 0001 00000000 00000001 bede 0001 10 aa f0 00 ff");
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(1, extensions(p).size());
    }

    @Test
    void oneByteIdZeroIsSkippedAsSinglePaddingByte() {
        // 0x05 has id 0: skipped as one byte, then id 1 len 1
        byte[] b = Hex.bytes("90 60 0001 00000000 00000001 bede 0001 05 10 aa 00 ff");
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(1, extensions(p).size());
        assertEquals(0xaa, b[p.extensionOffset(1)] & 0xff);
    }

    @Test
    void truncatedElementStopsIterationWithoutThrowing() {
        // second element claims 16 bytes but only 1 remains in the block
        byte[] b = Hex.bytes("90 60 0001 00000000 00000001 bede 0001 10 aa 2f 00 ff");
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(1, extensions(p).size());
        assertEquals(-1, p.extensionOffset(2));
    }

    @Test
    void settersRewriteInPlace() {
        byte[] b = Hex.bytes(OPUS);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        p.setMarker(true);
        p.setPayloadType(109);
        p.setSequenceNumber(0xfffff);
        p.setTimestamp(0x1_ffff_fffeL);
        p.setSsrc(0xcafebabeL);
        assertTrue(p.marker());
        assertEquals(109, p.payloadType());
        assertEquals(0xffff, p.sequenceNumber());
        assertEquals(0xfffffffeL, p.timestamp());
        assertEquals(0xcafebabeL, p.ssrc());
        p.setMarker(false);
        assertFalse(p.marker());
        assertEquals(109, p.payloadType());
        assertEquals("90 6d ffff fffffffe cafebabe".replace(" ", ""), Hex.str(b, 0, 12));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "empty, ''",
            "truncated fixed header, 80 6f 0001 00000000 000000",
            "version 0, 00 6f 0001 00000000 00000001",
            "version 1, 40 6f 0001 00000000 00000001",
            "version 3, c0 6f 0001 00000000 00000001",
            "csrc count beyond length, 83 6f 0001 00000000 00000001 00000002 00000003",
            "extension header missing, 90 6f 0001 00000000 00000001 bede",
            "extension length beyond packet, 90 6f 0001 00000000 00000001 bede 0002 10aa0000",
            "padding bigger than payload, a0 6f 0001 00000000 00000001 aa bb cc 09",
            "padding count zero, a0 6f 0001 00000000 00000001 aa bb cc 00",
            "padding eats extension, b0 6f 0001 00000000 00000001 bede 0001 10aa0005",
    })
    void rejectsMalformed(String name, String hex) {
        byte[] b = Hex.bytes(hex == null ? "" : hex);
        RtpPacket p = new RtpPacket();
        assertFalse(p.wrap(b, 0, b.length), name);
        assertEquals(0, p.length());
        assertEquals(-1, p.firstExtension());
    }

    @Test
    void rejectsBadBounds() {
        byte[] b = Hex.bytes(OPUS);
        RtpPacket p = new RtpPacket();
        assertFalse(p.wrap(null, 0, 12));
        assertFalse(p.wrap(b, -1, 12));
        assertFalse(p.wrap(b, 1, b.length));
        assertFalse(p.wrap(b, 0, -1));
        assertFalse(p.wrap(b, Integer.MAX_VALUE, 12));
        assertTrue(p.wrap(b, 0, b.length));
        assertFalse(p.wrap(b, 0, 11)); // failure resets the view
        assertEquals(0, p.length());
    }

    @Test
    void paddingExactlyFillsPayload() {
        byte[] b = Hex.bytes("a0 6f 0001 00000000 00000001 000003");
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(0, p.payloadLength());
        assertEquals(3, p.paddingLength());
    }
}
