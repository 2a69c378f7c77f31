package dev.chorus.media.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.sim.trace.TraceFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BottleneckLinkTest {
    private static final long MS = 1_000_000L;

    private static CapacityTrace constant(long bps) {
        return CapacityTrace.builder("const", TraceFormat.GYM).add(1_000_000 * MS, bps).build();
    }

    /** Offers a 1200-byte packet every {@code gapNanos} until {@code end}, stepping 1 ms; returns what arrived. */
    private static List<SimPacket> run(BottleneckLink link, long gapNanos, long end) {
        List<SimPacket> got = new ArrayList<>();
        long nextSend = 0;
        for (long now = 0; now < end; now += MS) {
            while (nextSend <= now) {
                link.offer(SimPacket.senderReport(1200, nextSend), nextSend);
                nextSend += gapNanos;
            }
            link.advance(now, got::add);
        }
        return got;
    }

    @Test
    void deliversAtCapacityNeverFaster() {
        // 2 Mbit/s offered into 1 Mbit/s with a queue large enough for everything
        BottleneckLink link = new BottleneckLink(constant(1_000_000), LinkConfig.DEFAULT.withQueueBytes(10_000_000), 1);
        List<SimPacket> got = run(link, 4_800_000, 10_000 * MS);
        for (int i = 1; i < got.size(); i++) {
            assertEquals(9_600_000, got.get(i).arrivalNanos - got.get(i - 1).arrivalNanos, "packet " + i);
        }
        // everything the link could carry in 10 s minus the propagation delay, to the packet
        long carried = got.size() * 1200L * 8;
        assertEquals(1_000_000L * (10_000 - 25) / 1000, carried, 12_000);
        assertEquals(0, link.queueDrops());
    }

    @Test
    void dropTailKeepsTheQueueWithinItsLimit() {
        BottleneckLink link = new BottleneckLink(constant(1_000_000), LinkConfig.DEFAULT.withQueueBytes(12_000), 1);
        List<SimPacket> got = run(link, 4_800_000, 10_000 * MS);
        long offered = link.offered();
        assertEquals(offered, got.size() + link.queueDrops() + link.queuedBytes() / 1200 + inFlight(link, got), 1);
        assertTrue(link.queueDrops() > offered / 3, "about half is dropped: " + link.queueDrops() + "/" + offered);
        // a full 12 kB queue at 1 Mbit/s is 96 ms: no packet waited longer
        assertTrue(link.maxQueueDelayNanos() <= 96 * MS, "queue delay " + link.maxQueueDelayNanos());
        assertTrue(link.maxQueueDelayNanos() > 80 * MS, "the queue did fill " + link.maxQueueDelayNanos());
        assertEquals(1_000_000L * (10_000 - 25) / 1000, got.size() * 9600.0, 12_000); // still at capacity
    }

    private static long inFlight(BottleneckLink link, List<SimPacket> got) {
        return link.offered() - link.queueDrops() - link.randomDrops() - got.size() - link.queuedBytes() / 1200;
    }

    @Test
    void delayIsSerialisationPlusPropagationPlusJitter() {
        BottleneckLink link = new BottleneckLink(constant(1_000_000), LinkConfig.DEFAULT, 1);
        List<SimPacket> got = new ArrayList<>();
        link.offer(SimPacket.senderReport(1250, 3 * MS), 3 * MS);
        for (long now = 3 * MS; now < 100 * MS; now += MS) {
            link.advance(now, got::add);
        }
        assertEquals(1, got.size());
        assertEquals(3 * MS + 10 * MS + 25 * MS, got.get(0).arrivalNanos); // 10000 bits at 1 Mbit/s + 25 ms

        BottleneckLink jittery = new BottleneckLink(constant(10_000_000),
                LinkConfig.DEFAULT.withJitterNanos(20 * MS).withQueueBytes(1_000_000), 7);
        List<SimPacket> j = run(jittery, MS, 2_000 * MS);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < j.size(); i++) {
            long d = j.get(i).arrivalNanos - j.get(i).enqueuedNanos;
            min = Math.min(min, d);
            max = Math.max(max, d);
            assertTrue(i == 0 || j.get(i).arrivalNanos >= j.get(i - 1).arrivalNanos, "no reordering");
        }
        assertTrue(min >= 25 * MS && max <= 25 * MS + 20 * MS + MS, min + " " + max);
        assertTrue(max - min > 10 * MS, "jitter spreads arrivals: " + (max - min));
    }

    @Test
    void outagesStallAndTraceRttSetsTheDelay() {
        CapacityTrace t = CapacityTrace.builder("outage", TraceFormat.GYM).add(100 * MS, 1_000_000, 0, 80, 0)
                .add(100 * MS, 0, 0, 80, 0).add(100 * MS, 1_000_000, 0, 200, 0).build();
        BottleneckLink link = new BottleneckLink(t, LinkConfig.DEFAULT, 1);
        List<SimPacket> got = new ArrayList<>();
        link.offer(SimPacket.senderReport(1250, 10 * MS), 10 * MS);
        link.offer(SimPacket.senderReport(1250, 150 * MS), 150 * MS);
        for (long now = 0; now < 500 * MS; now += MS) {
            link.advance(now, got::add);
        }
        assertEquals(20 * MS + 40 * MS, got.get(0).arrivalNanos); // RTT 80 ms → 40 ms one way
        assertEquals(210 * MS + 100 * MS, got.get(1).arrivalNanos); // waits out the outage; RTT 200 ms by then
    }

    @Test
    void randomLossIsSeededAndNearItsRate() {
        long[] drops = new long[2];
        for (int k = 0; k < 2; k++) {
            BottleneckLink link = new BottleneckLink(constant(100_000_000),
                    LinkConfig.DEFAULT.withLossRate(0.1).withQueueBytes(1_000_000), 42);
            run(link, MS / 2, 5_000 * MS);
            drops[k] = link.randomDrops();
            assertTrue(drops[k] > 850 && drops[k] < 1150, "10 % of 10000: " + drops[k]);
        }
        assertEquals(drops[0], drops[1]);
    }
}
