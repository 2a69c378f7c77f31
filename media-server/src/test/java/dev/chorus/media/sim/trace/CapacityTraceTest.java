package dev.chorus.media.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The step function's arithmetic: lookup, means, quantiles and transmission times across changes. */
class CapacityTraceTest {
    private static final long MS = 1_000_000L;

    /** 1 Mbit/s for 100 ms, outage for 100 ms, 3 Mbit/s for 200 ms. */
    private static CapacityTrace steps(boolean looping) {
        return CapacityTrace.builder("steps", TraceFormat.GYM).add(100 * MS, 1_000_000).add(100 * MS, 0)
                .add(200 * MS, 3_000_000).looping(looping).build();
    }

    @Test
    void lookupHoldsOrLoopsAfterTheEnd() {
        CapacityTrace held = steps(false);
        assertEquals(1_000_000, held.capacityBpsAt(-5));
        assertEquals(1_000_000, held.capacityBpsAt(99 * MS));
        assertEquals(0, held.capacityBpsAt(100 * MS));
        assertEquals(3_000_000, held.capacityBpsAt(399 * MS));
        assertEquals(3_000_000, held.capacityBpsAt(10_000 * MS));
        CapacityTrace loop = steps(true);
        assertEquals(1_000_000, loop.capacityBpsAt(400 * MS));
        assertEquals(0, loop.capacityBpsAt(4_150 * MS));
    }

    @Test
    void meanAndQuantileAreTimeWeighted() {
        CapacityTrace t = steps(false);
        assertEquals((1e6 * 100 + 3e6 * 200) / 400, t.meanCapacityBps(0, 400 * MS), 1e-6);
        assertEquals(1.75e6, t.meanCapacityBps(), 1e-6);
        assertEquals(1.5e6, t.meanCapacityBps(150 * MS, 250 * MS), 1e-6); // half outage, half 3M
        assertEquals(0, t.quantileCapacityBps(0, 400 * MS, 0.0));
        assertEquals(0, t.quantileCapacityBps(0, 400 * MS, 0.2)); // 25 % of the time is outage
        assertEquals(1_000_000, t.quantileCapacityBps(0, 400 * MS, 0.3));
        assertEquals(3_000_000, t.quantileCapacityBps(0, 400 * MS, 0.6));
        assertEquals(3_000_000, t.quantileCapacityBps(300 * MS, 2_000 * MS, 0.1)); // past the end: held
        CapacityTrace loop = steps(true);
        assertEquals(loop.meanCapacityBps(0, 400 * MS), loop.meanCapacityBps(4_000 * MS, 4_400 * MS), 1e-6);
    }

    @Test
    void transmissionsStretchAcrossChangesAndOutages() {
        CapacityTrace t = steps(false);
        // 12000 bits at 1 Mbit/s: 12 ms
        assertEquals(12 * MS, t.transmitEndNanos(0, 12_000));
        // starting at 95 ms: 5000 bits by 100 ms, outage to 200 ms, 7000 bits at 3 Mbit/s
        assertEquals(200 * MS + 2_333_334, t.transmitEndNanos(95 * MS, 12_000));
        // during the outage: waits for it to end
        assertEquals(204 * MS, t.transmitEndNanos(150 * MS, 12_000));
        CapacityTrace dead = CapacityTrace.builder("dead", TraceFormat.GYM).add(100 * MS, 1_000_000)
                .add(100 * MS, 0).build();
        assertEquals(Long.MAX_VALUE, dead.transmitEndNanos(150 * MS, 8)); // a held outage never ends
        assertEquals(400 * MS + 12 * MS, steps(true).transmitEndNanos(400 * MS, 12_000));
    }
}
