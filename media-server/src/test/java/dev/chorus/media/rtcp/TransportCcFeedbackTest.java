package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.Hex;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransportCcFeedbackTest {
    private final TransportCcFeedback fb = new TransportCcFeedback();

    private boolean parse(String hex) {
        byte[] b = Hex.bytes(hex);
        return fb.parse(b, 0, b.length);
    }

    private String statuses() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fb.packetStatusCount(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(fb.sequence(i)).append(fb.isReceived(i) ? "@" + fb.receiveTimeUs(i) : ":lost");
        }
        return sb.toString();
    }

    @Test
    void runLengthOfSmallDeltas() {
        // base 1, 3 statuses, reference 0x000102, fb count 0, run of 3 x "small delta", deltas 1 ms each
        assertTrue(parse("0001 0003 000102 00 2003 04 04 04"));
        assertEquals(1, fb.baseSequence());
        assertEquals(3, fb.packetStatusCount());
        assertEquals(0x102, fb.referenceTime());
        assertEquals(0x102 * 64_000L, fb.referenceTimeUs());
        assertEquals(0, fb.feedbackPacketCount());
        assertEquals(3, fb.receivedCount());
        assertEquals("1@1000 2@2000 3@3000", statuses());
    }

    @Test
    void oneBitVectorTruncatedAtStatusCount() {
        // 1-bit vector 1 0 1 0 0 ... (14 symbols) but only 5 statuses: the rest are padding
        assertTrue(parse("fff0 0005 ffffff 07 a800 ff 01"));
        assertEquals(-1, fb.referenceTime());
        assertEquals(7, fb.feedbackPacketCount());
        assertEquals("65520@63750 65521:lost 65522@64000 65523:lost 65524:lost", statuses());
    }

    @Test
    void twoBitVectorWithLargeNegativeDeltaAndWrap() {
        // statuses at 65534, 65535, 0: small, large(-2 ms = -8 ticks), not received; then 5 lost
        // one 2-bit vector: 01 10 00 00 00 00 00 -> 0xc000 | 01<<12 | 10<<10 = 0xd800
        assertTrue(parse("fffe 0007 000000 01 d800 28 fff8"));
        assertEquals("65534@10000 65535@8000 0:lost 1:lost 2:lost 3:lost 4:lost", statuses());
        assertEquals(2, fb.receivedCount());
    }

    @Test
    void largePositiveDeltaInRunLength() {
        // run of 2 "large delta": +8 s and +0.25 ms
        assertTrue(parse("0010 0002 000000 00 4002 7d00 0001"));
        assertEquals("16@8000000 17@8000250", statuses());
    }

    @Test
    void trailingBytesAreIgnored() {
        assertTrue(parse("0001 0001 000000 00 2001 04 00 00 00"));
        assertEquals("1@1000", statuses());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "0001 0003 000102",                 // shorter than the fixed part
            "0001 0000 000000 00",              // zero statuses
            "0001 2001 000000 00 3fff 3fff",    // more than MAX_STATUSES
            "0001 0003 000102 00",              // no chunks
            "0001 0003 000102 00 20",           // half a chunk
            "0001 0003 000102 00 2003 04 04",   // missing a delta
            "0001 0001 000102 00 4001 04",      // half a large delta
            "0001 0001 000102 00 6001 04",      // reserved symbol in run length
            "0001 0001 000102 00 f000 04",      // reserved symbol in 2-bit vector
            "0001 0010 000102 00 2003 04 04 04" // statuses left without chunks
    })
    void malformedInputIsRejected(String hex) {
        assertFalse(parse(hex));
        assertEquals(0, fb.packetStatusCount());
    }

    @Test
    void rejectsOutOfBoundsRegion() {
        byte[] b = Hex.bytes("0001 0003 000102 00 2003 04 04 04");
        assertFalse(fb.parse(b, 4, b.length));
        assertFalse(fb.parse(null, 0, 0));
        assertFalse(fb.parse(b, -1, 4));
    }

    @Test
    void reusesAfterFailure() {
        assertTrue(parse("0001 0003 000102 00 2003 04 04 04"));
        assertFalse(parse("0001 0003 000102 00 2003 04"));
        assertTrue(parse("0005 0001 000102 00 2001 08"));
        assertEquals("5@2000", statuses());
    }

    @Test
    void maximumStatusCountGrowsArrays() {
        // 8192 lost statuses in two run-length chunks, then nothing else
        assertTrue(parse("0000 2000 000000 00 1fff 0001"));
        assertEquals(TransportCcFeedback.MAX_STATUSES, fb.packetStatusCount());
        assertEquals(0, fb.receivedCount());
    }

    /**
     * Random bytes, and random mutations of valid feedback, placed at the END of an exactly-sized
     * array so any read past the region throws; the parser must only return true or false, and
     * whatever it accepts must be self-consistent.
     */
    @Test
    void fuzz() {
        Random r = new Random(42);
        byte[] seed = Hex.bytes("fffe 0010 000000 01 d800 0004 a5a5 4003 28 fff8 0102 0304 0506 07");
        for (int it = 0; it < 200_000; it++) {
            byte[] in;
            if ((it & 1) == 0) {
                in = new byte[r.nextInt(64)];
                r.nextBytes(in);
                if (in.length >= 4 && r.nextBoolean()) {
                    in[2] = 0; // keep status counts small so more inputs get past the header
                }
            } else {
                in = seed.clone();
                for (int k = r.nextInt(4) + 1; k > 0; k--) {
                    in[r.nextInt(in.length)] ^= (byte) (1 << r.nextInt(8));
                }
                if (r.nextInt(4) == 0) {
                    in = java.util.Arrays.copyOf(in, r.nextInt(in.length));
                }
            }
            byte[] placed = new byte[in.length + 3];
            System.arraycopy(in, 0, placed, 3, in.length);
            if (fb.parse(placed, 3, in.length)) {
                int received = 0;
                for (int i = 0; i < fb.packetStatusCount(); i++) {
                    received += fb.isReceived(i) ? 1 : 0;
                }
                assertEquals(fb.receivedCount(), received);
                assertTrue(fb.packetStatusCount() > 0 && fb.packetStatusCount() <= TransportCcFeedback.MAX_STATUSES);
            } else {
                assertEquals(0, fb.packetStatusCount());
            }
        }
    }
}
