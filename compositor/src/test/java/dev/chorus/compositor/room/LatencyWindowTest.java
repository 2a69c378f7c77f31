package dev.chorus.compositor.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {
    @Test
    void emptyIsAllZero() {
        assertEquals(new CompositorStats.Latency(0, 0, 0, 0, 0), new LatencyWindow().snapshot());
    }

    @Test
    void lastAndMaxSinceStartPercentilesOverTheLastWindow() {
        LatencyWindow w = new LatencyWindow();
        w.record(900_000_000L); // 900 ms: the worst, then out of the window
        for (int ms = 1; ms <= 299; ms++) {
            w.record(ms * 1_000_000L);
        }
        // the window holds 44..299 ms (256 samples): nearest-rank p50 is the 128th, p95 the 244th
        assertEquals(new CompositorStats.Latency(300, 299_000, 900_000, 171_000, 287_000), w.snapshot());
    }

    @Test
    void recordingAllocatesNothing() {
        LatencyWindow w = new LatencyWindow();
        Runnable block = () -> {
            for (int i = 0; i < 10_000; i++) {
                w.record(i);
            }
        };
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        block.run(); // warm-up
        long before = mx.getThreadAllocatedBytes(id);
        block.run();
        assertEquals(0, mx.getThreadAllocatedBytes(id) - before);
    }
}
