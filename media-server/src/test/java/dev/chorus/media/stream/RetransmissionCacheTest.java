package dev.chorus.media.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetransmissionCacheTest {
    private static final long MS = 1_000_000L;

    private static byte[] pkt(int seq, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seq + i);
        }
        return b;
    }

    @Test
    void storesAndReturnsCopies() {
        RetransmissionCache c = new RetransmissionCache(8, 1500, 1000 * MS);
        byte[] p = pkt(5, 100);
        assertTrue(c.store(5, p, 0, 100, 0));
        byte[] out = new byte[200];
        assertEquals(100, c.get(5, out, 50, 10 * MS));
        for (int i = 0; i < 100; i++) {
            assertEquals(p[i], out[50 + i]);
        }
        int slot = c.find(5, 0);
        assertEquals(100, c.slotLength(slot));
        assertEquals(p[3], c.data()[c.slotOffset(slot) + 3]);
        assertEquals(-1, c.get(6, out, 0, 0));
        assertEquals(-1, c.get(5, new byte[99], 0, 0));
    }

    @Test
    void evictsByRingAgeAndWrap() {
        RetransmissionCache c = new RetransmissionCache(8, 1500, 1000 * MS);
        byte[] out = new byte[1500];
        for (int s = 65530; s < 65536 + 4; s++) {
            c.store(s, pkt(s, 20), 0, 20, 0);
        }
        assertEquals(-1, c.get(65530, out, 0, 0)); // overwritten by 65538 & 0xffff = 2
        assertEquals(-1, c.get(65531, out, 0, 0));
        assertEquals(20, c.get(65532, out, 0, 0));
        assertEquals(20, c.get(3, out, 0, 0));
        assertEquals(-1, c.get(3, out, 0, 1001 * MS)); // too old
        assertEquals(-1, c.get(65536 + 3, out, 0, 1001 * MS));
        c.invalidate(2);
        assertEquals(-1, c.get(2, out, 0, 0));
    }

    @Test
    void rejectsOversizeAndBadConfig() {
        RetransmissionCache c = new RetransmissionCache(4, 100, MS);
        assertFalse(c.store(1, new byte[101], 0, 101, 0));
        assertFalse(c.store(1, new byte[10], 5, 10, 0));
        assertEquals(-1, c.get(1, new byte[200], 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(6, 100, MS));
        assertEquals(1024, new RetransmissionCache(1024).capacity());
    }
}
