package dev.chorus.compositor.room;

import dev.chorus.compositor.overlay.Yuv;
import dev.chorus.media.sfu.MediaServer;
import dev.chorus.media.sfu.Router;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A real router with a running {@link RoomCompositor}, participants' {@link TestCamera}s and a
 * {@link CompositeViewer} on the composite's 1280x720 layer. The test thread is the cameras' clock:
 * {@link #pumpUntil} sends a frame from every camera each 1/30 s and polls the viewer until a
 * condition holds, failing at a deadline.
 */
final class McuRoom implements AutoCloseable {
    static final long DEADLINE_SECONDS = 15;
    private static final long FRAME_NANOS = 1_000_000_000L / 30;

    final MediaServer server;
    final Router router;
    final RoomCompositor compositor;
    final CompositeViewer viewer;
    private final List<TestCamera> cameras = new CopyOnWriteArrayList<>();
    private long tick;

    McuRoom() throws Exception {
        server = new MediaServer("127.0.0.1", 0, null, 1);
        router = server.createRouter("room");
        compositor = RoomCompositor.start(router, "room");
        viewer = new CompositeViewer(router, compositor.videoProducer(), 2);
    }

    /** A camera sending from now on (attach it with {@link RoomCompositor#setVideo}). */
    TestCamera camera(Yuv colour) {
        return camera(colour, "VP8");
    }

    /** A camera whose producer announces {@code codecName} (its packets are VP8 regardless). */
    TestCamera camera(Yuv colour, String codecName) {
        TestCamera c = new TestCamera(router, colour, codecName);
        cameras.add(c);
        return c;
    }

    void stop(TestCamera c) {
        cameras.remove(c);
        c.close();
    }

    /** Sends and polls until {@code done}; fails with {@code what} and {@code state} after the deadline. */
    void pumpUntil(BooleanSupplier done, String what, Supplier<String> state) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        long next = start;
        while (true) {
            tick++;
            for (TestCamera c : cameras) {
                if (tick % c.everyNthTick == 0) {
                    c.sendFrame();
                }
            }
            viewer.poll();
            if (done.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE_SECONDS + " s waiting for " + what + "; "
                        + state.get() + "; " + compositor.stats());
            }
            next += FRAME_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // the cameras' frame clock
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Sends {@code frames} frames from every camera (1/30 s apart), polling the viewer. */
    void pump(int frames) {
        int[] n = {0};
        pumpUntil(() -> ++n[0] >= frames, frames + " frames", () -> "");
    }

    @Override
    public void close() {
        viewer.close();
        for (TestCamera c : cameras) {
            c.close();
        }
        compositor.close();
        server.close();
    }
}
