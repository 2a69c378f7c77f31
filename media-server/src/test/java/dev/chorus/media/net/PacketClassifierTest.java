package dev.chorus.media.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.media.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PacketClassifierTest {

    private static byte[] sized(int b0, int b1, int len) {
        byte[] b = new byte[len];
        if (len > 0) {
            b[0] = (byte) b0;
        }
        if (len > 1) {
            b[1] = (byte) b1;
        }
        return b;
    }

    @ParameterizedTest(name = "b0={0} b1={1} len={2} -> {3}")
    @CsvSource({
            "0x00, 0x01, 20, STUN",      // binding request
            "0x01, 0x01, 20, STUN",      // binding success
            "0x03, 0x00, 20, STUN",
            "0x00, 0x01, 19, UNKNOWN",   // shorter than a STUN header
            "0x04, 0x00, 40, UNKNOWN",
            "0x13, 0x00, 40, UNKNOWN",
            "0x14, 0xfe, 13, DTLS",      // change_cipher_spec
            "0x16, 0xfe, 100, DTLS",     // handshake
            "0x17, 0xfe, 13, DTLS",      // application data
            "0x3f, 0x00, 13, DTLS",
            "0x16, 0xfe, 12, UNKNOWN",
            "0x40, 0x00, 40, UNKNOWN",   // TURN channel range
            "0x7f, 0x00, 40, UNKNOWN",
            "0x80, 0x6f, 12, RTP",       // Opus PT 111
            "0x90, 0xef, 100, RTP",      // marker + PT 111
            "0x80, 0x60, 12, RTP",       // PT 96
            "0x80, 0x3f, 12, RTP",       // PT 63
            "0x80, 0x6f, 11, UNKNOWN",
            "0x80, 0xc8, 28, RTCP",      // SR 200
            "0x81, 0xc9, 8, RTCP",       // RR 201
            "0x8f, 0xcd, 20, RTCP",      // TCC 205/15
            "0x81, 0xce, 12, RTCP",      // PLI
            "0x80, 0xc0, 8, RTCP",       // 192 lower bound
            "0x80, 0xdf, 8, RTCP",       // 223 upper bound
            "0x80, 0x40, 8, RTCP",       // PT 64 without marker is also in the conflict range
            "0x80, 0xe0, 12, RTP",       // 224 = marker + PT 96
            "0x80, 0xc9, 7, UNKNOWN",
            "0xbf, 0x6f, 12, RTP",
            "0xc0, 0x6f, 12, UNKNOWN",   // 192..255 reserved
            "0xff, 0x6f, 40, UNKNOWN",
    })
    void classifiesByFirstBytes(String b0, String b1, int len, PacketType expected) {
        byte[] b = sized(Integer.decode(b0), Integer.decode(b1), len);
        assertEquals(expected, PacketClassifier.classify(b, 0, len));
    }

    @Test
    void respectsOffsetAndRejectsBadBounds() {
        byte[] b = new byte[40];
        b[10] = (byte) 0x80;
        b[11] = (byte) 0xc9;
        assertEquals(PacketType.RTCP, PacketClassifier.classify(b, 10, 8));
        assertEquals(PacketType.UNKNOWN, PacketClassifier.classify(b, 10, 31));
        assertEquals(PacketType.UNKNOWN, PacketClassifier.classify(b, -1, 8));
        assertEquals(PacketType.UNKNOWN, PacketClassifier.classify(b, 0, 0));
        assertEquals(PacketType.UNKNOWN, PacketClassifier.classify(b, 0, -5));
        assertEquals(PacketType.UNKNOWN, PacketClassifier.classify(null, 0, 8));
        assertEquals(PacketType.UNKNOWN, PacketClassifier.classify(b, Integer.MAX_VALUE, 8));
        assertEquals(PacketType.UNKNOWN, PacketClassifier.classify(new byte[]{(byte) 0x80}, 0, 1));
    }

    @Test
    void realStunBindingRequestHeader() {
        byte[] stun = Hex.bytes("0001 0000 2112a442 000102030405060708090a0b");
        assertEquals(PacketType.STUN, PacketClassifier.classify(stun, 0, stun.length));
    }
}
