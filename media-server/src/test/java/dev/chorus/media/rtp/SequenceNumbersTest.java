package dev.chorus.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequenceNumbersTest {

    @ParameterizedTest
    @CsvSource({
            "1, 0, true", "0, 1, false", "0, 65535, true", "65535, 0, false",
            "5, 5, false", "32767, 0, true", "32769, 0, false", "100, 65500, true",
            "32768, 0, true", "0, 32768, false",
    })
    void isNewer(int a, int b, boolean expected) {
        assertEquals(expected, SequenceNumbers.isNewer(a, b));
    }

    @Test
    void isNewerIsAntisymmetric() {
        for (int a = 0; a < 65536; a += 97) {
            for (int b = 0; b < 65536; b += 89) {
                assertFalse(SequenceNumbers.isNewer(a, b) && SequenceNumbers.isNewer(b, a));
                if (a != b) {
                    assertTrue(SequenceNumbers.isNewer(a, b) || SequenceNumbers.isNewer(b, a));
                }
            }
        }
    }

    @Test
    void diffAndAdd() {
        assertEquals(1, SequenceNumbers.diff(0, 65535));
        assertEquals(-1, SequenceNumbers.diff(65535, 0));
        assertEquals(10, SequenceNumbers.diff(5, 65531));
        assertEquals(-32768, SequenceNumbers.diff(0, 32768));
        assertEquals(0, SequenceNumbers.add(65535, 1));
        assertEquals(65534, SequenceNumbers.add(0, -2));
    }

    @Test
    void seqUnwrapperCrossesWrapBothWays() {
        SeqUnwrapper u = new SeqUnwrapper();
        assertEquals(65530, u.unwrap(65530));
        assertEquals(65535, u.unwrap(65535));
        assertEquals(65536, u.unwrap(0));
        assertEquals(65535, u.unwrap(65535)); // reordered back over the wrap
        assertEquals(65536 + 100, u.unwrap(100));
        assertEquals(65536 + 100 + 30000, u.peek(30100));
        assertEquals(65536 + 100, u.unwrap(100));
        long v = 65536 + 100;
        for (int i = 0; i < 300000; i++) { // several full cycles
            v += 1000;
            assertEquals(v, u.unwrap((int) (v & 0xffff)));
        }
        u.reset();
        assertEquals(7, u.unwrap(7));
        assertEquals(-1, u.unwrap(65535));
    }

    @Test
    void timestampUnwrapper() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertEquals(0xfffff000L, u.unwrap(0xfffff000L));
        assertEquals(0x1_00000500L, u.unwrap(0x500));
        assertEquals(0xffffff00L, u.unwrap(0xffffff00L));
        assertEquals(0xffffff00L + 0x7fffffffL, u.peek(0x7ffffeffL));
        u.reset();
        u.unwrap(0x500);
        long v = 0x500;
        for (int i = 0; i < 100; i++) {
            v += 90000L * 1000;
            assertEquals(v, u.unwrap(v & 0xffffffffL));
        }
    }
}
