package dev.chorus.media.rtp.codec;

import static dev.chorus.media.rtp.codec.Vp8PayloadDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Vp8PayloadDescriptorTest {

    /**
     * Chrome-style first packet of a VP8 key frame: X=1 S=1 PID=0; I L T set; 15-bit picture id
     * 0x1234; TL0PICIDX 0xab; TID 0, Y=1, then the VP8 key frame header (P bit 0, start code 9d012a).
     */
    static final byte[] KEY = Hex.bytes("90 e0 9234 ab 20 1000009d012a");

    /** Continuation of a delta frame: S=0, 7-bit picture id 0x55, TID 2, no Y. */
    static final byte[] DELTA_MID = Hex.bytes("80 e0 55 80 31 02");

    @Test
    void parsesKeyframeDescriptor() {
        byte[] b = KEY;
        int n = b.length;
        assertEquals(6, descriptorLength(b, 0, n));
        assertTrue(isStartOfPartition(b, 0, n));
        assertEquals(0, partitionId(b, 0, n));
        assertTrue(hasPictureId(b, 0, n));
        assertEquals(2, pictureIdLength(b, 0, n));
        assertEquals(0x1234, pictureId(b, 0, n));
        assertTrue(hasTl0PicIdx(b, 0, n));
        assertEquals(0xab, tl0PicIdx(b, 0, n));
        assertTrue(hasTid(b, 0, n));
        assertEquals(0, tid(b, 0, n));
        assertTrue(layerSync(b, 0, n));
        assertEquals(-1, keyIdx(b, 0, n));
        assertTrue(isKeyframe(b, 0, n));
    }

    @Test
    void parsesDeltaContinuation() {
        byte[] b = DELTA_MID;
        int n = b.length;
        assertEquals(5, descriptorLength(b, 0, n));
        assertFalse(isStartOfPartition(b, 0, n));
        assertEquals(1, pictureIdLength(b, 0, n));
        assertEquals(0x55, pictureId(b, 0, n));
        assertEquals(0x80, tl0PicIdx(b, 0, n));
        assertEquals(0, tid(b, 0, n) & ~3);
        assertEquals(0, tid(b, 0, n)); // 0x31: TID=0, Y=1, KEYIDX ignored (K not set)
        assertFalse(isKeyframe(b, 0, n));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "minimal key frame (frame tag P=0), 10 50 2a 00 9d012a, true",
            "interframe (P=1), 10 51 2a 00, false",
            "not partition start, 00 9c012a, false",
            "partition 1, 11 9c012a, false",
            "no payload after descriptor, 10, false",
            "X with keyidx only, 90 10 05 9c, true",
    })
    void keyframeDetection(String name, String hex, boolean expected) {
        byte[] b = Hex.bytes(hex);
        assertEquals(expected, isKeyframe(b, 0, b.length), name);
    }

    @Test
    void keyIdxAndTidTogether() {
        byte[] b = Hex.bytes("90 30 c5 00");
        assertEquals(3, descriptorLength(b, 0, b.length));
        assertEquals(3, tid(b, 0, b.length));
        assertFalse(layerSync(b, 0, b.length));
        assertEquals(5, keyIdx(b, 0, b.length));
        assertEquals(-1, pictureId(b, 0, b.length));
        assertEquals(-1, tl0PicIdx(b, 0, b.length));
    }

    @Test
    void settersKeepWidth() {
        byte[] b = KEY.clone();
        assertTrue(setPictureId(b, 0, b.length, 0x7fff));
        assertEquals(0x7fff, pictureId(b, 0, b.length));
        assertTrue(setPictureId(b, 0, b.length, 0x8001)); // truncated to 15 bits
        assertEquals(1, pictureId(b, 0, b.length));
        assertEquals(2, pictureIdLength(b, 0, b.length));
        assertTrue(setTl0PicIdx(b, 0, b.length, 0x1ff));
        assertEquals(0xff, tl0PicIdx(b, 0, b.length));
        assertEquals(0x20, b[5]); // T byte untouched

        byte[] d = DELTA_MID.clone();
        assertTrue(setPictureId(d, 0, d.length, 0x1ff));
        assertEquals(0x7f, pictureId(d, 0, d.length));
        assertEquals(1, pictureIdLength(d, 0, d.length));
        assertEquals(0x80, tl0PicIdx(d, 0, d.length));

        byte[] none = Hex.bytes("10 9d012a");
        assertFalse(setPictureId(none, 0, none.length, 1));
        assertFalse(setTl0PicIdx(none, 0, none.length, 1));
        assertEquals("109d012a", Hex.str(none, 0, none.length));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "empty, ''",
            "X without X byte, 90",
            "I without picture id, 90 80",
            "M without second byte, 90 80 92",
            "L without tl0, 90 c0 12",
            "T without tid byte, 90 a0 12",
    })
    void malformedReturnsMinusOne(String name, String hex) {
        byte[] b = Hex.bytes(hex == null ? "" : hex);
        assertEquals(-1, descriptorLength(b, 0, b.length), name);
        assertEquals(-1, pictureId(b, 0, b.length));
        assertEquals(-1, tl0PicIdx(b, 0, b.length));
        assertEquals(-1, tid(b, 0, b.length));
        assertFalse(isKeyframe(b, 0, b.length));
        assertFalse(setPictureId(b, 0, b.length, 3));
    }

    @Test
    void respectsOffset() {
        byte[] b = new byte[KEY.length + 4];
        System.arraycopy(KEY, 0, b, 3, KEY.length);
        assertEquals(0x1234, pictureId(b, 3, KEY.length));
        assertTrue(isKeyframe(b, 3, KEY.length));
        assertEquals(-1, descriptorLength(b, 3, KEY.length + 2));
        assertEquals(-1, descriptorLength(null, 0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "S=1 PID=0 (key frame start), 90 e0 9234 ab 20 10, true",
            "S=1 PID=0 without X, 10 01, true",
            "S=0 continuation, 80 e0 55 80 31 02, false",
            "S=1 PID=1 (second partition), 11 01, false",
            "truncated extension, 90, false",
    })
    void startOfFrame(String name, String hex, boolean expected) {
        byte[] b = Hex.bytes(hex);
        assertEquals(expected, isStartOfFrame(b, 0, b.length), name);
    }
}
