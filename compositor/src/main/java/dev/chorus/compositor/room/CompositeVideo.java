package dev.chorus.compositor.room;

import dev.chorus.compositor.compose.OutputSet;
import dev.chorus.compositor.compose.Style;
import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.layout.GridLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composite's own thread: every 1/30 s it decodes what each {@link VideoInput} received, composes
 * the grid once at 1280x720, downscales it to 640x360 and 320x180, and hands those pictures to each
 * codec's {@link CompositeEncoders} (VP8 always, H.264 while someone receives it), whose producer's
 * layers 0/1/2 are the three sizes: each receiver's allocator then picks one like any simulcast layer.
 * Compose once, encode once per codec and quality: never per receiver. Membership changes and new
 * outputs arrive as commands run between frames.
 */
final class CompositeVideo implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CompositeVideo.class);
    static final int FPS = 30;
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    /** Per layer (quarter, half, full): like a browser's three-layer simulcast. */
    static final int[] BITRATES = {150_000, 500_000, 1_500_000};
    private static final long FRAME_NANOS = 1_000_000_000L / FPS;

    private final String roomId;
    private final List<VideoInput> inputs = new ArrayList<>();
    private final List<CompositeEncoders> encoders = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final OutputSet outputs = new OutputSet(WIDTH, HEIGHT, Style.DEFAULT);
    private final Thread thread;
    private volatile boolean running = true;
    private final long start = System.nanoTime();
    // stats, composite thread writes, others read
    private volatile long frames;
    private volatile long lastFrameCostNanos;
    private volatile long maxFrameCostNanos;
    private volatile long lateFrames;
    private volatile long failedFrames;
    private final LatencyWindow latency = new LatencyWindow();

    CompositeVideo(String roomId) {
        this.roomId = roomId;
        thread = Thread.ofPlatform().name("mcu-video-" + roomId).daemon(true).start(this);
    }

    /** Any thread: runs {@code r} on the composite thread before the next frame. */
    void post(Runnable r) {
        commands.add(r);
    }

    /** Composite thread (via {@link #post}). */
    void add(VideoInput in) {
        inputs.add(in);
    }

    /** Composite thread (via {@link #post}). */
    void remove(VideoInput in) {
        inputs.remove(in);
        in.close();
    }

    /** Composite thread (via {@link #post}): one more codec to encode the composite in. */
    void add(CompositeEncoders e) {
        encoders.add(e);
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        while (running) {
            runCommands();
            long t0 = System.nanoTime();
            try {
                frame(t0);
                long cost = System.nanoTime() - t0;
                lastFrameCostNanos = cost;
                maxFrameCostNanos = Math.max(maxFrameCostNanos, cost);
                frames++;
            } catch (RuntimeException e) {
                // the next frame tries again, on the frame clock: a persistent fault must not spin
                long failed = ++failedFrames;
                if ((failed & (failed - 1)) == 0) { // 1st, 2nd, 4th, 8th…: no log flood at 30/s
                    LOG.error("room {}: composite frame failed ({} so far)", roomId, failed, e);
                }
            }
            next += FRAME_NANOS;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    if (!running) {
                        break;
                    }
                }
            } else if (-sleep > FRAME_NANOS) {
                lateFrames++;
                next = System.nanoTime(); // behind by more than a frame: skip rather than burst
            }
        }
        for (VideoInput in : inputs) {
            in.close();
        }
        for (CompositeEncoders e : encoders) {
            e.close();
        }
        outputs.close();
    }

    private void runCommands() {
        Runnable c;
        while ((c = commands.poll()) != null) {
            try {
                c.run();
            } catch (RuntimeException e) {
                LOG.error("room {}: composite command failed", roomId, e);
            }
        }
    }

    private void frame(long now) {
        for (VideoInput in : inputs) {
            in.drain(now);
        }
        List<I420Frame> frames = outputs.compose(inputs);
        GridLayout.Layout layout = outputs.composer().layout();
        int tileWidth = layout.tiles().isEmpty() ? WIDTH : layout.tiles().get(0).w();
        for (VideoInput in : inputs) {
            in.fitLayer(tileWidth);
        }
        long pts90k = (now - start) / 1_000_000L * 90L;
        boolean handedOver = false;
        for (CompositeEncoders e : encoders) {
            handedOver |= e.encode(frames, pts90k, now);
        }
        recordLatency(handedOver, layout.count());
    }

    /** Input pictures in the composite just handed over: their completion to now. */
    private void recordLatency(boolean handedOver, int shown) {
        long now = System.nanoTime();
        for (int i = 0; i < inputs.size(); i++) {
            VideoInput in = inputs.get(i);
            if (i >= shown) {
                in.takeNewPicture(); // no tile: never in a composite, never counted
            } else if (handedOver) {
                long completed = in.takeNewPicture();
                if (completed != VideoInput.NONE) {
                    latency.record(now - completed);
                }
            } // else: not handed over (encoder dropped or failed); the next composite contains it
        }
    }

    long frames() {
        return frames;
    }

    long lastFrameCostNanos() {
        return lastFrameCostNanos;
    }

    long maxFrameCostNanos() {
        return maxFrameCostNanos;
    }

    long lateFrames() {
        return lateFrames;
    }

    long failedFrames() {
        return failedFrames;
    }

    CompositorStats.Latency latency() {
        return latency.snapshot();
    }

    /** Stops the thread and waits for it (it frees the codecs on its way out; the producers are the caller's). */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
