package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.Hex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RtcpWriterTest {

    private static RecordingVisitor parse(byte[] b, int off, int len, int expectedPackets) {
        RecordingVisitor v = new RecordingVisitor();
        assertEquals(expectedPackets, RtcpParser.parse(b, off, len, v));
        return v;
    }

    @Test
    void senderReportRoundTrip() {
        byte[] b = new byte[200];
        ReportBlock rb1 = new ReportBlock().set(0xaabbccddL, 12, -3, 0x1_0005L, 77, 0x12345678L, 0x9abcL);
        ReportBlock rb2 = new ReportBlock().set(5, 255, 0x7fffff + 100, 0xffffffffL, 0, 0, 0);
        int n = RtcpWriter.writeSenderReport(b, 3, 0xf0000001L, 0xe7a1b2c3d4e5f607L, 0xffffffffL, 100, 200000,
                rb1, rb2);
        assertEquals(28 + 48, n);
        RecordingVisitor v = parse(b, 3, n, 1);
        assertEquals(List.of(
                "SR 4026531841 e7a1b2c3d4e5f607 4294967295 100 200000",
                "RB 4026531841 2864434397 12 -3 65541 77 12345678 9abc",
                "RB 4026531841 5 255 8388607 4294967295 0 0 0"), v.events);
    }

    @Test
    void compoundRrSdesByeRoundTrip() {
        byte[] b = new byte[300];
        ReportBlock rb = new ReportBlock().set(0x11223344L, 5, 16, 70196, 30, 0xb2c3d4e5L, 0x10000);
        int n = RtcpWriter.writeReceiverReport(b, 0, 0xf5a2b1c3L, rb);
        assertEquals(32, n);
        int m = RtcpWriter.writeSdesCname(b, n, 0xf5a2b1c3L, "abcdefghijklmnop");
        assertEquals(28, m);
        // byte-exact against the hand-encoded Chrome packet
        assertEquals(Hex.str(Hex.bytes(RtcpParserTest.RR_SDES), 0, 60), Hex.str(b, 0, 60));
        int k = RtcpWriter.writeBye(b, n + m, 0xf5a2b1c3L);
        assertEquals(8, k);
        int e = RtcpWriter.writeReceiverReport(b, n + m + k, 7);
        assertEquals(8, e);
        RecordingVisitor v = parse(b, 0, n + m + k + e, 4);
        assertEquals(List.of("RR 4121080259", "RB 4121080259 287454020 5 16 70196 30 b2c3d4e5 10000",
                "CNAME 4121080259 abcdefghijklmnop", "BYE 4121080259", "RR 7"), v.events);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "ab", "abc", "user@host-Ω"})
    void sdesPaddingForAllLengths(String cname) {
        byte[] b = new byte[100];
        int n = RtcpWriter.writeSdesCname(b, 0, 9, cname);
        assertEquals(0, n % 4);
        RecordingVisitor v = parse(b, 0, n, 1);
        assertEquals(List.of("CNAME 9 " + cname), v.events);
    }

    @Test
    void pliFirRoundTrip() {
        byte[] b = new byte[64];
        int n = RtcpWriter.writePli(b, 0, 1, 0xdeadbeefL);
        assertEquals("81ce000200000001deadbeef", Hex.str(b, 0, n));
        int m = RtcpWriter.writeFir(b, n, 1, 0xdeadbeefL, 300);
        assertEquals(20, m);
        RecordingVisitor v = parse(b, 0, n + m, 2);
        assertEquals(List.of("PLI 1 3735928559", "FIR 1 3735928559 44"), v.events);
    }

    private static List<Integer> expandNacks(RecordingVisitor v) {
        List<Integer> seqs = new ArrayList<>();
        for (String e : v.events) {
            String[] f = e.split(" ");
            int pid = Integer.parseInt(f[3]);
            int blp = Integer.parseInt(f[4], 16);
            seqs.add(pid);
            for (int i = 0; i < 16; i++) {
                if ((blp & (1 << i)) != 0) {
                    seqs.add((pid + i + 1) & 0xffff);
                }
            }
        }
        return seqs;
    }

    @Test
    void nackPacksAcrossWrapAround() {
        int[] seqs = {65530, 65531, 65535, 0, 3, 10, 11, 30};
        byte[] b = new byte[100];
        int n = RtcpWriter.writeNack(b, 0, 1, 2, seqs, seqs.length);
        // 65530 + bits for 65531(1) 65535(5) 0(6) 3(9) 10(16) ; then 11 opens, 30 opens
        assertEquals(12 + 3 * 4, n);
        RecordingVisitor v = parse(b, 0, n, 1);
        assertEquals(List.of("NACK 1 2 65530 8131", "NACK 1 2 11 0", "NACK 1 2 30 0"), v.events);
        assertEquals(List.of(65530, 65531, 65535, 0, 3, 10, 11, 30), expandNacks(v));
    }

    @Test
    void nackHandlesUnorderedAndDuplicateInput() {
        int[] seqs = {100, 90, 100, 101, 89, 0};
        byte[] b = new byte[100];
        int n = RtcpWriter.writeNack(b, 0, 1, 2, seqs, 5); // last entry ignored by count
        RecordingVisitor v = parse(b, 0, n, 1);
        List<Integer> got = expandNacks(v);
        got.sort(Integer::compare);
        assertEquals(List.of(89, 90, 100, 101), got.stream().distinct().sorted().toList());
        assertEquals(-1, RtcpWriter.writeNack(b, 0, 1, 2, seqs, 0));
        assertEquals(-1, RtcpWriter.writeNack(new byte[15], 0, 1, 2, seqs, 1));
        assertEquals(-1, RtcpWriter.writeNack(new byte[16], 0, 1, 2, new int[]{1, 100}, 2));
    }

    @Test
    void nackLongRunIsComplete() {
        int[] seqs = new int[200];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = (65500 + i) & 0xffff;
        }
        byte[] b = new byte[1500];
        int n = RtcpWriter.writeNack(b, 0, 1, 2, seqs, seqs.length);
        assertEquals(12 + 4 * 12, n); // ceil(200 / 17)
        RecordingVisitor v = parse(b, 0, n, 1);
        List<Integer> expected = new ArrayList<>();
        for (int s : seqs) {
            expected.add(s);
        }
        assertEquals(expected, expandNacks(v));
    }

    @Test
    void rembMantissaExponent() {
        long[][] cases = {
                {0, 0}, {1, 1}, {262143, 262143}, {262144, 262144}, {1_000_000, 1_000_000},
                {1_000_001, 1_000_000}, {2_500_000_000L, 2_499_985_408L}, {(0x3ffffL << 63 - 18) + 12345, 0x3ffffL << 63 - 18},
        };
        byte[] b = new byte[100];
        for (long[] c : cases) {
            int n = RtcpWriter.writeRemb(b, 0, 7, c[0], 0x11223344L, 0x55667788L);
            assertEquals(28, n);
            RecordingVisitor v = parse(b, 0, n, 1);
            assertEquals(List.of("REMB 7 " + c[1] + " 2"), v.events, "bitrate " + c[0]);
            assertEquals(List.of(0x11223344L, 0x55667788L), v.rembSsrcs);
        }
        int n = RtcpWriter.writeRemb(b, 0, 7, 1_000_000);
        assertEquals("8fce0004000000070000000052454d42000bd090", Hex.str(b, 0, n));
        assertEquals(-1, RtcpWriter.writeRemb(b, 0, 7, -1));
    }

    @Test
    void rembSaturatesHugeExponent() {
        byte[] b = Hex.bytes("8f ce 0004 00000001 00000000 52454d42 00 ffffff");
        RecordingVisitor v = parse(b, 0, b.length, 1);
        assertEquals(List.of("REMB 1 " + Long.MAX_VALUE + " 0"), v.events);
    }

    @Test
    void writersRejectSmallBuffers() {
        assertEquals(-1, RtcpWriter.writePli(new byte[11], 0, 1, 2));
        assertEquals(-1, RtcpWriter.writeFir(new byte[20], 1, 1, 2, 3));
        assertEquals(-1, RtcpWriter.writeBye(new byte[8], 1, 1));
        assertEquals(-1, RtcpWriter.writeSenderReport(new byte[27], 0, 1, 2, 3, 4, 5));
        assertEquals(-1, RtcpWriter.writeReceiverReport(new byte[31], 0, 1, new ReportBlock()));
        assertEquals(-1, RtcpWriter.writeSdesCname(new byte[11], 0, 1, "ab"));
        assertEquals(-1, RtcpWriter.writeReceiverReport(new byte[2000], 0, 1, new ReportBlock[32], 32));
        assertEquals(-1, RtcpWriter.writeRemb(new byte[23], 0, 1, 5, 1L));
        assertTrue(RtcpWriter.writeReceiverReport(new byte[8], 0, 1) == 8);
    }
}
