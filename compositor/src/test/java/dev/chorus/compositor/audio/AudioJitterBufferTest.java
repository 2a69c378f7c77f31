package dev.chorus.compositor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.SequenceNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AudioJitterBufferTest {
    private static final int MISSING = AudioJitterBuffer.MISSING;
    private final byte[] out = new byte[AudioFrames.MAX_PAYLOAD];

    /** RTP packet whose 3-byte payload names its SSRC's low byte and its sequence number. */
    static byte[] rtp(long ssrc, int seq) {
        byte[] p = new byte[15];
        p[0] = (byte) 0x80;
        p[1] = 111;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[8] = (byte) (ssrc >> 24);
        p[9] = (byte) (ssrc >> 16);
        p[10] = (byte) (ssrc >> 8);
        p[11] = (byte) ssrc;
        p[12] = (byte) ssrc;
        p[13] = (byte) (seq >> 8);
        p[14] = (byte) seq;
        return p;
    }

    private static boolean offer(AudioJitterBuffer jb, long ssrc, int seq) {
        byte[] p = rtp(ssrc, seq & 0xffff);
        return jb.offer(p, 0, p.length);
    }

    /** Polls once: the played sequence number, or MISSING. */
    private int poll(AudioJitterBuffer jb) {
        int len = jb.poll(out);
        if (len == MISSING) {
            return MISSING;
        }
        assertEquals(3, len);
        return ((out[1] & 0xff) << 8) | (out[2] & 0xff);
    }

    private List<Integer> pollN(AudioJitterBuffer jb, int n) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(poll(jb));
        }
        return r;
    }

    @Test
    void steadyStreamIsDelayedByTwoTicks() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        List<Integer> played = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            offer(jb, 1, 100 + i);
            played.add(poll(jb));
        }
        assertEquals(List.of(MISSING, MISSING, 100, 101, 102, 103, 104, 105, 106, 107), played);
        assertEquals(8, jb.played());
        assertEquals(0, jb.lost());
        assertEquals(3, jb.depth() + 1, "two frames in reserve");
    }

    @Test
    void steadyStateAllocatesNothing() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        byte[][] packets = new byte[4096][];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = rtp(1, (60_000 + i) & 0xffff); // crosses the wrap
        }
        long allocated = Allocation.measure(() -> {
            for (byte[] p : packets) {
                jb.offer(p, 0, p.length);
                jb.poll(out);
            }
        });
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes");
        assertEquals(2 * (packets.length - 2), jb.played(), "measure() runs the block twice; the replay resyncs");
    }

    @Test
    void reordersWithinTheWindow() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        for (int seq : new int[] {100, 102, 101, 104, 103}) {
            offer(jb, 1, seq);
        }
        assertEquals(List.of(100, 101, 102, 103, 104, MISSING), pollN(jb, 6));
        assertEquals(0, jb.lost());
        assertEquals(0, jb.late());
    }

    @Test
    void earlyReorderBeforeFirstPlayMovesStartBack() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        offer(jb, 1, 101);
        offer(jb, 1, 102);
        offer(jb, 1, 100);
        assertEquals(List.of(100, 101, 102), pollN(jb, 3));
    }

    @Test
    void lossYieldsMissingAndLatePacketIsDropped() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        for (int seq : new int[] {100, 101, 102, 104, 105}) {
            offer(jb, 1, seq);
        }
        assertEquals(List.of(100, 101, 102, MISSING), pollN(jb, 4));
        assertFalse(offer(jb, 1, 103), "103's turn has passed");
        assertEquals(List.of(104, 105), pollN(jb, 2));
        assertEquals(1, jb.lost());
        assertEquals(1, jb.late());
        assertEquals(5, jb.played());
    }

    @Test
    void duplicatesAreStoredOnce() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        assertTrue(offer(jb, 1, 100));
        assertFalse(offer(jb, 1, 100));
        offer(jb, 1, 101);
        offer(jb, 1, 102);
        assertFalse(offer(jb, 1, 101));
        assertEquals(List.of(100, 101, 102, MISSING), pollN(jb, 4));
        assertFalse(offer(jb, 1, 100), "a copy of a played packet is late");
        assertEquals(2, jb.duplicates());
        assertEquals(1, jb.late());
        assertEquals(3, jb.received());
    }

    @Test
    void sequenceWrapIsSeamless() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        for (int seq : new int[] {65533, 65535, 65534, 1, 0, 2}) {
            offer(jb, 1, seq);
        }
        assertEquals(List.of(65533, 65534, 65535, 0, 1, 2), pollN(jb, 6));
    }

    @Test
    void ssrcChangeResyncs() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        for (int i = 0; i < 4; i++) {
            offer(jb, 1, 100 + i);
        }
        assertEquals(List.of(100), pollN(jb, 1));
        for (int i = 0; i < 3; i++) {
            offer(jb, 2, 7000 + i);
        }
        assertEquals(1, jb.resyncs());
        assertEquals(List.of(7000, 7001, 7002, MISSING), pollN(jb, 4));
    }

    @Test
    void longGapResyncs() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        for (int i = 0; i < 3; i++) {
            offer(jb, 1, 100 + i);
        }
        assertEquals(List.of(100), pollN(jb, 1));
        offer(jb, 1, 1000);
        offer(jb, 1, 1001);
        offer(jb, 1, 1002);
        assertEquals(1, jb.resyncs());
        assertEquals(List.of(1000, 1001, 1002), pollN(jb, 3));
        offer(jb, 1, 1003);
        offer(jb, 1, 900); // far behind: a restarted stream, not a late packet
        assertEquals(2, jb.resyncs());
    }

    @Test
    void underrunRebuffersToTheTarget() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        for (int i = 0; i < 3; i++) {
            offer(jb, 1, 100 + i);
        }
        assertEquals(List.of(100, 101, 102, MISSING, MISSING), pollN(jb, 5));
        assertEquals(1, jb.underruns());
        List<Integer> played = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            offer(jb, 1, 103 + i);
            played.add(poll(jb));
        }
        assertEquals(List.of(MISSING, MISSING, 103, 104, 105), played);
        assertEquals(0, jb.lost(), "a pause is not loss");
    }

    @Test
    void isolatedPacketPlaysAfterTargetTicks() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        offer(jb, 1, 100); // e.g. a DTX comfort-noise packet
        assertEquals(List.of(MISSING, MISSING, 100, MISSING), pollN(jb, 4));
    }

    @Test
    void burstIsCutBackToTheTargetLatency() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        for (int i = 0; i < 20; i++) {
            offer(jb, 1, 100 + i);
        }
        assertEquals(List.of(117, 118, 119, MISSING), pollN(jb, 4));
        assertEquals(17, jb.dropped());
    }

    @Test
    void malformedInputIsCountedNotThrown() {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        byte[] good = rtp(1, 5);
        assertFalse(jb.offer(good, 0, 11), "shorter than a header");
        assertFalse(jb.offer(good, 0, 12), "no payload");
        byte[] v1 = good.clone();
        v1[0] = 0x40;
        assertFalse(jb.offer(v1, 0, v1.length), "RTP version 1");
        assertFalse(jb.offer(null, 0, 20));
        assertFalse(jb.offer(good, 10, 20));
        assertFalse(jb.offer(good, -1, 5));
        byte[] huge = new byte[12 + AudioFrames.MAX_PAYLOAD + 1];
        System.arraycopy(good, 0, huge, 0, 12);
        assertFalse(jb.offer(huge, 0, huge.length), "oversized payload");
        assertFalse(jb.offer(1, 5, null, 0, 1));
        assertFalse(jb.offer(1, 5, new byte[2], 1, 2));
        assertEquals(9, jb.invalid());
        assertEquals(0, jb.depth());
        assertEquals(MISSING, jb.poll(out));
        assertTrue(jb.offer(1, 5, new byte[] {1, 2, 3}, 0, 3), "parsed-header entry point");
    }

    @Test
    void payloadLargerThanTheCallerBufferIsDropped() {
        AudioJitterBuffer jb = new AudioJitterBuffer(1);
        assertTrue(jb.offer(1, 1, new byte[1000], 0, 1000));
        assertEquals(MISSING, jb.poll(new byte[10]));
        assertEquals(1, jb.dropped());
        assertTrue(jb.offer(1, 2, new byte[1000], 0, 1000));
        assertEquals(1000, jb.poll(out), "slot grew once and is reused");
    }

    /**
     * Random traffic: jitter, loss, duplicates, wrap, SSRC switches, jumps and garbage. Whatever
     * arrives, each played payload must be a packet that was offered, in increasing sequence
     * order within one sync, and the window must stay bounded.
     */
    @Test
    void fuzzKeepsInvariants() {
        Random rnd = new Random(42);
        AudioJitterBuffer jb = new AudioJitterBuffer();
        long ssrc = 1;
        int base = 65000;
        int lastPlayed = -1;
        long lastResyncs = 0;
        byte[] junk = new byte[64];
        for (int tick = 0; tick < 20_000; tick++) {
            int arrivals = rnd.nextInt(4);
            for (int a = 0; a < arrivals; a++) {
                int r = rnd.nextInt(100);
                if (r < 2) {
                    rnd.nextBytes(junk);
                    jb.offer(junk, rnd.nextInt(8), rnd.nextInt(56));
                } else if (r < 3) {
                    ssrc = 1 + rnd.nextInt(3);
                } else if (r < 4) {
                    base += rnd.nextInt(70000);
                } else {
                    offer(jb, ssrc, base + rnd.nextInt(12) - 6);
                }
            }
            base++;
            int len = jb.poll(out);
            assertTrue(jb.depth() < 6, "window bounded: " + jb.depth());
            // Junk that parses as RTP may be played too (its payload is not 3 bytes); it is its own stream.
            if (len != 3) {
                continue;
            }
            int seq = ((out[1] & 0xff) << 8) | (out[2] & 0xff);
            if (jb.resyncs() == lastResyncs && lastPlayed >= 0) {
                assertTrue(SequenceNumbers.isNewer(seq, lastPlayed), seq + " after " + lastPlayed);
            }
            lastResyncs = jb.resyncs();
            lastPlayed = seq;
        }
        assertTrue(jb.played() > 1000, "mostly plays: " + jb.played());
        assertTrue(jb.resyncs() > 10 && jb.late() > 0 && jb.duplicates() > 0 && jb.invalid() > 0 && jb.lost() > 0);
        assertEquals(jb.received(), jb.played() + jb.dropped() + jb.buffered(), "every stored packet accounted for");
    }

    /** One network thread offers while the mixer thread polls. */
    @Test
    void producerAndConsumerThreads() throws Exception {
        AudioJitterBuffer jb = new AudioJitterBuffer();
        int packets = 20_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < packets; i++) {
                    offer(jb, 9, i);
                    if (i % 64 == 0) {
                        Thread.yield();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        producer.start();
        byte[] buf = new byte[AudioFrames.MAX_PAYLOAD];
        int last = -1;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((producer.isAlive() || jb.depth() > 0) && System.nanoTime() < deadline) {
            int len = jb.poll(buf);
            if (len > 0) {
                int seq = ((buf[1] & 0xff) << 8) | (buf[2] & 0xff);
                // The producer only moves forward, so even across resyncs playout does.
                if (last >= 0) {
                    assertTrue(SequenceNumbers.isNewer(seq, last), seq + " after " + last);
                }
                last = seq;
            }
        }
        producer.join();
        assertEquals(null, failure.get());
        assertEquals(packets, jb.received() + jb.late() + jb.duplicates());
        assertEquals(jb.received(), jb.played() + jb.dropped() + jb.buffered(), "every stored packet accounted for");
    }
}
