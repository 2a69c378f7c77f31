package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long MS = 1_000_000L;

    /** Records what leaves; padding sends what it is asked for in 200-byte packets. */
    static class RecordingSink implements Pacer.Sink {
        final List<String> order = new ArrayList<>();
        long bytes;
        long paddingBytes;
        boolean record = true;
        boolean padding;
        long lastTag;

        @Override
        public void send(byte[] buf, int off, int len, int priority, long tag, long now) {
            bytes += len;
            lastTag = tag;
            if (record) {
                order.add(priority + ":" + tag + ":" + buf[off]);
            }
        }

        @Override
        public int padding(int requested, long now) {
            if (!padding) {
                return 0;
            }
            int sent = ((requested + 199) / 200) * 200;
            paddingBytes += sent;
            return sent;
        }
    }

    @Test
    void pacingRateIsRespectedOverOneSecond() {
        Pacer pacer = new Pacer(2000, 1.0, 5 * MS);
        pacer.setPacingRate(1_000_000);
        byte[] pkt = new byte[1200];
        for (int i = 0; i < 1500; i++) {
            assertTrue(pacer.enqueue(Pacer.PRIORITY_VIDEO, pkt, 0, pkt.length, i, 0));
        }
        RecordingSink sink = new RecordingSink();
        sink.record = false;
        for (long t = 0; t <= 1000 * MS; t += MS) {
            pacer.process(t, sink);
        }
        double rate = sink.bytes * 8.0; // over 1 s
        assertEquals(1_000_000, rate, 100_000, "bytes " + sink.bytes);
        assertTrue(pacer.queuedPackets() > 0);
        assertEquals(sink.bytes, pacer.bytesSent());
        // queue delay grows linearly for a backlog: the last packet sent waited ~1 s
        assertTrue(pacer.maxQueueDelayNanos() > 900 * MS);
        assertTrue(pacer.oldestQueueDelayNanos(1000 * MS) > 900 * MS);
    }

    @Test
    void coarseProcessingStillKeepsTheRate() {
        // A caller ticking every 20 ms (coarser than the 5 ms burst) gets 20 ms bursts, not 1/4 of the rate.
        Pacer pacer = new Pacer(2000, 2.5, 5 * MS);
        pacer.setTargetBitrate(800_000); // pacing 2 Mbit/s
        assertEquals(2_000_000, pacer.pacingRateBps());
        byte[] pkt = new byte[1000];
        for (int i = 0; i < 1000; i++) {
            pacer.enqueue(Pacer.PRIORITY_VIDEO, pkt, 0, pkt.length, i, 0);
        }
        RecordingSink sink = new RecordingSink();
        for (long t = 0; t <= 1000 * MS; t += 20 * MS) {
            pacer.process(t, sink);
        }
        assertEquals(2_000_000, sink.bytes * 8.0, 200_000);
    }

    @Test
    void prioritiesAudioRetransmissionVideoPadding() {
        Pacer pacer = new Pacer(16);
        pacer.setPacingRate(0); // unpaced: order only
        byte[] b = new byte[100];
        int[] prios = {Pacer.PRIORITY_PADDING, Pacer.PRIORITY_VIDEO, Pacer.PRIORITY_RETRANSMISSION,
                Pacer.PRIORITY_AUDIO, Pacer.PRIORITY_VIDEO, Pacer.PRIORITY_AUDIO};
        for (int i = 0; i < prios.length; i++) {
            b[0] = (byte) i;
            pacer.enqueue(prios[i], b, 0, 100, 10 + i, 0);
        }
        RecordingSink sink = new RecordingSink();
        pacer.process(MS, sink);
        assertEquals(List.of("0:13:3", "0:15:5", "1:12:2", "2:11:1", "2:14:4", "3:10:0"), sink.order);
        // switching to paced later starts without debt from the unpaced period
        pacer.setPacingRate(1_000_000);
        pacer.enqueue(Pacer.PRIORITY_VIDEO, b, 0, 100, 20, 2 * MS);
        pacer.process(2 * MS, sink);
        assertEquals("2:20:5", sink.order.get(sink.order.size() - 1));
    }

    @Test
    void audioOvertakesAQueuedVideoBacklog() {
        Pacer pacer = new Pacer(64, 1.0, 5 * MS);
        pacer.setPacingRate(1_000_000);
        byte[] b = new byte[1200];
        for (int i = 0; i < 20; i++) {
            pacer.enqueue(Pacer.PRIORITY_VIDEO, b, 0, 1200, i, 0);
        }
        RecordingSink sink = new RecordingSink();
        pacer.process(0, sink);
        pacer.process(10 * MS, sink);
        pacer.enqueue(Pacer.PRIORITY_AUDIO, b, 0, 100, 99, 10 * MS);
        int before = sink.order.size();
        pacer.process(20 * MS, sink);
        assertEquals("0:99:0", sink.order.get(before));
    }

    @Test
    void boundedQueueCountsDrops() {
        Pacer pacer = new Pacer(4);
        byte[] b = new byte[1600];
        for (int i = 0; i < 4; i++) {
            assertTrue(pacer.enqueue(Pacer.PRIORITY_VIDEO, b, 0, 1000, i, 0));
        }
        assertFalse(pacer.enqueue(Pacer.PRIORITY_AUDIO, b, 0, 100, 9, 0));
        assertFalse(pacer.enqueue(Pacer.PRIORITY_VIDEO, b, 0, 1000, 9, 0));
        assertEquals(2, pacer.packetsDropped());
        assertEquals(4, pacer.packetsQueued());
        assertEquals(4000, pacer.queuedBytes());
        // too large for a slot, or a bad priority: refused and counted too
        Pacer other = new Pacer(4);
        assertFalse(other.enqueue(Pacer.PRIORITY_VIDEO, b, 0, 1501, 0, 0));
        assertFalse(other.enqueue(7, b, 0, 100, 0, 0));
        assertEquals(2, other.packetsDropped());
        // slots are reused after sending
        pacer.setPacingRate(0);
        pacer.process(MS, new RecordingSink());
        assertEquals(0, pacer.queuedPackets());
        assertTrue(pacer.enqueue(Pacer.PRIORITY_VIDEO, b, 0, 1000, 5, MS));
        assertEquals(MS, pacer.averageQueueDelayNanos()); // each waited from 0 to MS
    }

    @Test
    void enqueueCopiesThePacket() {
        Pacer pacer = new Pacer(2);
        byte[] b = {1, 2, 3};
        pacer.enqueue(Pacer.PRIORITY_VIDEO, b, 1, 2, 0, 0);
        b[1] = 9;
        List<Integer> seen = new ArrayList<>();
        pacer.process(0, new RecordingSink() {
            @Override
            public void send(byte[] buf, int off, int len, int priority, long tag, long now) {
                for (int i = 0; i < len; i++) {
                    seen.add((int) buf[off + i]);
                }
            }
        });
        assertEquals(List.of(2, 3), seen);
    }

    @Test
    void paddingOnlyWhenTheQueueIsEmptyAndAtThePaddingRate() {
        Pacer pacer = new Pacer(64, 1.0, 5 * MS);
        pacer.setPacingRate(2_000_000);
        pacer.setPaddingRate(500_000);
        RecordingSink sink = new RecordingSink();
        sink.padding = true;
        byte[] b = new byte[1200];
        for (int i = 0; i < 10; i++) {
            pacer.enqueue(Pacer.PRIORITY_VIDEO, b, 0, 1200, i, 0);
        }
        pacer.process(0, sink);
        for (long t = MS; t <= 40 * MS; t += MS) {
            pacer.process(t, sink);
            if (pacer.queuedPackets() > 0) {
                assertEquals(0, sink.paddingBytes, "no padding while media waits");
            }
        }
        long start = sink.paddingBytes;
        for (long t = 41 * MS; t <= 1040 * MS; t += MS) {
            pacer.process(t, sink);
        }
        assertEquals(500_000, (sink.paddingBytes - start) * 8.0, 50_000);
        assertEquals(sink.paddingBytes, pacer.paddingBytesSent());
    }

    @Test
    void noBurstAfterIdle() {
        Pacer pacer = new Pacer(64, 1.0, 5 * MS);
        pacer.setPacingRate(1_000_000);
        RecordingSink sink = new RecordingSink();
        for (long t = 0; t <= 1000 * MS; t += MS) {
            pacer.process(t, sink); // a second of idle must not bank a second of budget
        }
        byte[] b = new byte[1000];
        for (int i = 0; i < 20; i++) {
            pacer.enqueue(Pacer.PRIORITY_VIDEO, b, 0, 1000, i, 1000 * MS);
        }
        pacer.process(1000 * MS, sink);
        assertEquals(1000, sink.bytes); // 5 ms at 1 Mbit/s = 625 B of credit: one packet
        assertTrue(pacer.nextSendTimeNanos(1000 * MS) > 1000 * MS);

        // a caller that stalls for a second gets at most 50 ms worth at once
        Pacer stalled = new Pacer(64, 1.0, 5 * MS);
        stalled.setPacingRate(1_000_000);
        RecordingSink sink2 = new RecordingSink();
        stalled.process(0, sink2);
        for (int i = 0; i < 20; i++) {
            stalled.enqueue(Pacer.PRIORITY_VIDEO, b, 0, 1000, i, 0);
        }
        stalled.process(1000 * MS, sink2);
        assertEquals(7000, sink2.bytes); // 6250 B of credit: 7 packets (the last one on debt)
    }

    @Test
    void noAllocationAfterWarmUp() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        Pacer pacer = new Pacer(256);
        pacer.setTargetBitrate(2_000_000);
        pacer.setPaddingRate(100_000);
        RecordingSink sink = new RecordingSink();
        sink.record = false;
        sink.padding = true;
        byte[] b = new byte[1200];
        long t = 0;
        for (int round = 0; round < 2; round++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                pacer.enqueue(i % 5 == 0 ? Pacer.PRIORITY_AUDIO : Pacer.PRIORITY_VIDEO, b, 0, i % 5 == 0 ? 100 : 1200, i, t);
                t += MS;
                pacer.process(t, sink);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            if (round == 1) {
                assertTrue(allocated < 4096, "allocated " + allocated + " B for 10,000 packets");
            }
        }
        assertTrue(pacer.packetsSent() > 10_000);
    }
}
