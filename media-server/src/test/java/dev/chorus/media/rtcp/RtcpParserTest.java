package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtcpParserTest {

    /** Chrome-like compound: RR with one block + SDES with a 16-char CNAME. */
    static final String RR_SDES = "81 c9 0007 f5a2b1c3"
            + " 11223344 05 000010 00011234 0000001e b2c3d4e5 00010000"
            + " 81 ca 0006 f5a2b1c3 01 10 6162636465666768696a6b6c6d6e6f70 00 00";

    private static RecordingVisitor parse(String hex, int expected) {
        byte[] b = Hex.bytes(hex);
        RecordingVisitor v = new RecordingVisitor();
        assertEquals(expected, RtcpParser.parse(b, 0, b.length, v));
        return v;
    }

    @Test
    void chromeReceiverReportWithSdes() {
        RecordingVisitor v = parse(RR_SDES, 2);
        assertEquals(List.of(
                "RR 4121080259",
                "RB 4121080259 287454020 5 16 70196 30 b2c3d4e5 10000",
                "CNAME 4121080259 abcdefghijklmnop"), v.events);
        assertTrue(RtcpParser.isValidCompound(Hex.bytes(RR_SDES), 0, 60));
    }

    @Test
    void senderReportWithNegativeCumulativeLost() {
        RecordingVisitor v = parse("81 c8 000c 00000001 e7a1b2c3d4e5f607 00015f90 00000064 00002710"
                + " 00000002 00 ffffff 0000ffff 00000000 00000000 00000000", 1);
        assertEquals(List.of(
                "SR 1 e7a1b2c3d4e5f607 90000 100 10000",
                "RB 1 2 0 -1 65535 0 0 0"), v.events);
    }

    @Test
    void transportCcFeedbackWithPadding() {
        // base seq 1, count 3, ref time 0x000102, fb count 0, run-length chunk, 3 deltas, 3 padding bytes
        RecordingVisitor v = parse("af cd 0006 00000001 11223344 0001 0003 000102 00 2003 04 04 04 00 00 03", 1);
        assertEquals(List.of("TCC 1 287454020 00010003000102002003040404"), v.events);
    }

    @Test
    void rembWithOneSsrc() {
        RecordingVisitor v = parse("8f ce 0005 00000001 00000000 52454d42 01 0bd090 11223344", 1);
        assertEquals(List.of("REMB 1 1000000 1"), v.events);
        assertEquals(List.of(0x11223344L), v.rembSsrcs);
    }

    @Test
    void nackPliFirByeAppCompound() {
        String hex = "81 cd 0004 00000001 00000002 0064 8001 ffff 0000"
                + " 81 ce 0002 00000001 00000002"
                + " 84 ce 0004 00000001 00000000 00000003 07 000000"
                + " 82 cb 0002 00000001 00000002"
                + " 80 cc 0002 00000001 41424344"
                + " 83 cd 0002 00000001 00000002"   // RTPFB fmt 3 (TMMBR without FCI) is unknown
                + " 8f ce 0004 00000001 00000000 41424344 00000000"; // AFB that is not REMB
        RecordingVisitor v = parse(hex, 7);
        assertEquals(List.of(
                "NACK 1 2 100 8001",
                "NACK 1 2 65535 0",
                "PLI 1 2",
                "FIR 1 3 7",
                "BYE 1", "BYE 2",
                "UNKNOWN 204 0",
                "UNKNOWN 205 3",
                "UNKNOWN 206 15"), v.events);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "empty, '', -1",
            "short header, 81 c9 00, -1",
            "bad version, 41 c9 0001 00000001, -1",
            "length beyond buffer, 81 c9 0007 f5a2b1c3 11223344, -1",
            "RR count beyond length, 82 c9 0007 f5a2b1c3 11223344 05 000010 00011234 0000001e b2c3d4e5 00010000, -1",
            "SR too short, 80 c8 0001 00000001, -1",
            "padding count zero, a0 c9 0001 00000100, -1",
            "padding beyond packet, a0 c9 0001 00000009, -1",
            "SDES without terminator, 81 ca 0002 00000001 01 02 6162, -1",
            "SDES item beyond packet, 81 ca 0002 00000001 01 09 6162, -1",
            "NACK FCI not multiple of 4 after padding, a1 cd 0004 00000001 00000002 00640000 00000002, -1",
            "PLI too short, 81 ce 0001 00000001, -1",
            "REMB ssrcs beyond length, 8f ce 0004 00000001 00000000 52454d42 02 0bd090, -1",
            "TCC FCI too short, 8f cd 0003 00000001 00000002 00010003, -1",
            "FIR FCI not multiple of 8, 84 ce 0003 00000001 00000000 00000003, -1",
            "BYE count beyond length, 83 cb 0002 00000001 00000002, -1",
            "trailing garbage after valid RR, 80 c9 0001 00000001 ff, -2",
    })
    void malformed(String name, String hex, int expected) {
        byte[] b = Hex.bytes(hex == null ? "" : hex);
        RecordingVisitor v = new RecordingVisitor();
        int r = RtcpParser.parse(b, 0, b.length, v);
        assertEquals(expected, r, name);
        if (r == -1) {
            assertTrue(v.events.isEmpty(), name);
        }
    }

    @Test
    void malformedPacketProducesNoCallbacksButEarlierOnesStand() {
        String hex = "81 ce 0002 00000001 00000002"                 // valid PLI
                + " 82 c9 0007 f5a2b1c3 11223344 05 000010 00011234 0000001e b2c3d4e5 00010000"; // RC=2, 1 block
        RecordingVisitor v = parse(hex, ~1);
        assertEquals(List.of("PLI 1 2"), v.events);
        assertFalse(RtcpParser.isValidCompound(Hex.bytes(hex), 0, 12 + 31));
        assertTrue(RtcpParser.isValidCompound(Hex.bytes(hex), 0, 12));
    }

    @Test
    void respectsOffsetAndLength() {
        byte[] raw = Hex.bytes(RR_SDES);
        byte[] b = new byte[raw.length + 20];
        System.arraycopy(raw, 0, b, 10, raw.length);
        RecordingVisitor v = new RecordingVisitor();
        assertEquals(1, RtcpParser.parse(b, 10, 32, v));
        assertEquals(2, v.events.size());
        assertEquals(-1, RtcpParser.parse(b, 10, b.length, v));
        assertEquals(-1, RtcpParser.parse(null, 0, 8, v));
        assertEquals(-1, RtcpParser.parse(b, 70, 20, v));
    }
}
