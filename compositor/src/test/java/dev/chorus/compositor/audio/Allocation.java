package dev.chorus.compositor.audio;

import java.lang.management.ManagementFactory;

/** Heap bytes the current thread allocates while running a block (HotSpot's per-thread counter). */
final class Allocation {
    private Allocation() {}

    static long measure(Runnable block) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        block.run(); // warm-up: class loading and first-call allocations are not steady state
        long before = mx.getThreadAllocatedBytes(id);
        block.run();
        return mx.getThreadAllocatedBytes(id) - before;
    }
}
