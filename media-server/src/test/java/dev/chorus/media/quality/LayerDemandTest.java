package dev.chorus.media.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayerDemandTest {
    static final long SEC = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final long HOLD = 5 * SEC;

    @ParameterizedTest(name = "chosen {0}, target {1} -> {2}")
    @CsvSource({
        "-1, -1, 0b001", // hidden: still the lowest
        "-1,  2, 0b001", // paused for bandwidth: the lowest (the layer above "nothing")
        " 0,  0, 0b001",
        " 0,  2, 0b011", // may upgrade: the next layer must be arriving for its allocator to pick it
        " 1,  2, 0b111",
        " 1,  1, 0b011",
        " 2,  2, 0b101",
        " 2,  0, 0b101", // over its target (fallback): what it gets
        " 5,  9, 0b101", // clamped to the layers that exist
    })
    void whatOneReceiverNeeds(int chosen, int target, String mask) {
        assertEquals(Integer.parseInt(mask.substring(2), 2), LayerDemand.needMask(chosen, target, 3));
    }

    @Test
    void unionOfReceiversAfterHoldOff() {
        LayerDemand<String> d = new LayerDemand<>(3, HOLD, 0);
        assertEquals(0b111, d.activeMask(), "a publisher starts with everything on");
        assertFalse(d.update("small", 0, 0, 0));
        assertFalse(d.update("big", 2, 2, 0));
        assertEquals(0b101, d.neededMask());
        assertFalse(d.tick(HOLD - 1));
        assertTrue(d.tick(HOLD));
        assertEquals(0b101, d.activeMask());
        assertFalse(d.isActive(1));
        assertTrue(d.isActive(2));
    }

    @Test
    void holdOffBeforePausingImmediateResume() {
        LayerDemand<String> d = new LayerDemand<>(3, HOLD, 0);
        d.update("r", 2, 2, 0);
        d.tick(HOLD); // layer 1 unneeded since construction
        assertEquals(0b101, d.activeMask());
        long t = 10 * SEC;
        assertFalse(d.update("r", 0, 0, t), "dropping a layer changes nothing yet");
        assertEquals(0b001, d.neededMask());
        for (long now = t; now < t + HOLD; now += 100 * MS) {
            assertFalse(d.tick(now));
            assertTrue(d.isActive(2));
        }
        // needed again inside the hold-off: the clock restarts from the next time it is dropped
        assertFalse(d.update("r", 2, 2, t + 3 * SEC));
        d.update("r", 0, 0, t + 4 * SEC);
        assertFalse(d.tick(t + 4 * SEC + HOLD - 1));
        assertTrue(d.tick(t + 4 * SEC + HOLD));
        assertEquals(0b001, d.activeMask());
        // resumed the moment someone needs it
        assertTrue(d.update("r", 0, 2, t + 20 * SEC), "the probe layer 1");
        assertEquals(0b011, d.activeMask());
        assertTrue(d.update("r", 1, 2, t + 21 * SEC), "and 2 once it gets 1");
        assertEquals(0b111, d.activeMask());
    }

    @Test
    void lowestIsNeverPausedWhileAnyoneSubscribes() {
        LayerDemand<String> d = new LayerDemand<>(3, HOLD, 0);
        d.update("hidden", -1, -1, 0);
        d.update("paused", -1, 2, 0);
        for (long now = 0; now < 60 * SEC; now += SEC) {
            d.tick(now);
            assertTrue(d.isActive(0));
        }
        assertEquals(0b001, d.activeMask());
        d.remove("hidden", 60 * SEC);
        assertFalse(d.tick(70 * SEC));
        assertTrue(d.isActive(0));
        d.remove("paused", 70 * SEC);
        assertEquals(0, d.receiverCount());
        assertFalse(d.tick(70 * SEC + HOLD - 1));
        assertTrue(d.tick(70 * SEC + HOLD), "nobody subscribes: everything may pause");
        assertEquals(0, d.activeMask());
        assertTrue(d.update("new", -1, 1, 80 * SEC));
        assertEquals(0b001, d.activeMask());
    }

    @Test
    void changeIsReportedOnlyWhenTheActiveSetChanges() {
        LayerDemand<Integer> d = new LayerDemand<>(3, HOLD, 0);
        int changes = 0;
        int expectedMask = 0b111;
        long now = 0;
        // 3 receivers reallocating every 200 ms, hovering between layers 1 and 2 for 20 s
        for (int run = 0; run < 100; run++, now += 200 * MS) {
            for (int r = 0; r < 3; r++) {
                int chosen = (run + r) % 7 == 0 ? 2 : 1;
                changes += d.update(r, chosen, 1 + (run % 2), now) ? 1 : 0;
            }
            changes += d.tick(now) ? 1 : 0;
            assertEquals(expectedMask, d.activeMask());
        }
        assertEquals(0, changes, "layers 0-2 are all in use at least every 5 s: nothing to report");
        // everyone settles at 0: exactly one change, 5 s after the last use of 1 and 2
        for (int r = 0; r < 3; r++) {
            changes += d.update(r, 0, 0, now) ? 1 : 0;
        }
        for (int run = 0; run < 100; run++, now += 200 * MS) {
            changes += d.tick(now) ? 1 : 0;
        }
        assertEquals(1, changes);
        assertEquals(0b001, d.activeMask());
    }
}
