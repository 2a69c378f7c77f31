package dev.chorus.media.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.chorus.media.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class H264PayloadTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "single IDR slice, 65 88 84 00, true",
            "single SPS, 67 42 c0 1f, true",
            "single PPS, 68 ce 3c 80, false",
            "single non-IDR slice, 41 9a 02, false",
            "SEI, 06 05 ff, false",
            "STAP-A SPS+PPS, 78 0004 6742c01f 0004 68ce3c80, true",
            "STAP-A PPS then IDR, 78 0002 68ce 0003 658884, true",
            "STAP-A only non-IDR, 78 0002 419a 0002 0601, false",
            "STAP-A truncated size, 78 0009 6742, false",
            "STAP-A zero size, 78 0000 6742, false",
            "FU-A start of IDR, 7c 85 88 84, true",
            "FU-A middle of IDR, 7c 05 88 84, false",
            "FU-A end of IDR, 7c 45 88, false",
            "FU-A start of non-IDR, 7c 81 9a, false",
            "FU-A header only, 7c, false",
            "FU-B, 7d 85 00 00, false",
            "reserved 0, 00 00, false",
    })
    void keyframes(String name, String hex, boolean expected) {
        byte[] b = Hex.bytes(hex);
        assertEquals(expected, H264Payload.isKeyframe(b, 0, b.length), name);
    }

    @Test
    void boundsAndNalType() {
        byte[] b = Hex.bytes("ff 65 00");
        assertEquals(5, H264Payload.nalType(b, 1, 2));
        assertEquals(-1, H264Payload.nalType(b, 0, 0));
        assertEquals(-1, H264Payload.nalType(b, 2, 5));
        assertFalse(H264Payload.isKeyframe(null, 0, 3));
        assertFalse(H264Payload.isKeyframe(b, -1, 2));
        // STAP-A whose declared NAL runs past len (but not past the array) must not read it
        byte[] s = Hex.bytes("78 0003 65 88 84");
        assertFalse(H264Payload.isKeyframe(s, 0, 4));
        assertEquals(true, H264Payload.isKeyframe(s, 0, 6));
    }
}
