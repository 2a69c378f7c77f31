package dev.chorus.compositor.bench;

import dev.chorus.compositor.compose.OutputSet;
import dev.chorus.compositor.compose.Style;
import dev.chorus.compositor.compose.TileInput;
import dev.chorus.compositor.decode.DecodeResult;
import dev.chorus.compositor.decode.VideoDecoder;
import dev.chorus.compositor.encode.EncodedFrameSink;
import dev.chorus.compositor.encode.TestPictures;
import dev.chorus.compositor.encode.VideoEncoder;
import dev.chorus.compositor.frame.I420Frame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * One MCU composite frame as {@code room.CompositeVideo.frame} does it: decode the next frame of each
 * of {@code inputs} 640x360 VP8 streams, compose the 1280x720 grid with names (+ 640x360 and 320x180
 * downscales), encode the three sizes (VP8 at 1.5M/500k/150k). {@code decode}, {@code compose} and
 * {@code encode} time the parts alone. RTP reassembly (copy + depacketize) and packetizing are left out.
 * Also prints this thread's CPU time per op over the measured iterations: on a shared machine the
 * wall-clock score includes waiting for a core, CPU time does not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompositeFrameBenchmark {
    static final int W = 1280;
    static final int H = 720;
    static final int FPS = 30;
    static final int IN_W = 640;
    static final int IN_H = 360;
    /** Input and composite loop length; each input's sequence starts with its keyframe. */
    static final int SEQUENCE = 60;
    /** Per layer (quarter, half, full), as CompositeVideo.BITRATES. */
    static final int[] BITRATES = {150_000, 500_000, 1_500_000};
    static final String[] NAMES = {"Alice Martin", "Bob", "Chen Wei", "Dana Kowalski", "Emeka", "Fatima Zahra",
            "Gustav Lindqvist", "Hana", "Ignacio Fernandez"};

    @Param({"4", "9"})
    public int inputs;

    private byte[][][] coded; // [input][frame] VP8 frames
    private int[] position;
    private VideoDecoder[] decoders;
    private final List<TileInput> tiles = new ArrayList<>();
    private final OutputSet outputs = new OutputSet(W, H, Style.DEFAULT);
    private final VideoEncoder[] encoders = new VideoEncoder[3];
    private final EncodedFrameSink[] sinks = new EncodedFrameSink[3];
    private final long[] encodedBytes = new long[3];
    private long frameNo;
    /** Only for {@link #encode}: a copy of each composite of one loop, so the encoder sees moving content. */
    private List<List<I420Frame>> ring;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long ops;
    private boolean measuring;
    private long iterationCpu0;
    private long iterationOps0;
    private long measuredCpuNanos;
    private long measuredOps;

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        coded = new byte[inputs][][];
        position = new int[inputs];
        decoders = new VideoDecoder[inputs];
        for (int i = 0; i < inputs; i++) {
            coded[i] = encodeSequence(i * 11); // a different phase per input
            decoders[i] = VideoDecoder.create("VP8");
            I420Frame picture = new I420Frame();
            // Start each input at another point of its loop so the keyframes do not all fall on one frame.
            for (int n = 0; n <= i * SEQUENCE / inputs; n++) {
                decodeNext(i, picture);
            }
            tiles.add(TileInput.of("p" + i, NAMES[i % NAMES.length], picture, i == 0));
        }
        for (int i = 0; i < 3; i++) {
            I420Frame f = outputs.output(2 - i);
            encoders[i] = VideoEncoder.create("VP8", f.width(), f.height(), FPS, BITRATES[i]);
            int layer = i;
            sinks[i] = frame -> encodedBytes[layer] += frame.length();
        }
        if (params.getBenchmark().endsWith(".encode")) {
            ring = new ArrayList<>();
            for (int n = 0; n < SEQUENCE; n++) {
                decodeAll();
                List<I420Frame> copy = new ArrayList<>();
                for (I420Frame f : outputs.compose(tiles)) {
                    I420Frame c = new I420Frame();
                    c.copyFrom(f);
                    copy.add(c);
                }
                ring.add(copy);
            }
        }
    }

    /**
     * Moving test pictures at 640x360, VP8 at 500 kbps (a browser's middle simulcast layer). The encoder
     * may drop a picture that would overshoot (EncoderSetup): the sequence is the frames it did send.
     */
    private static byte[][] encodeSequence(int phase) {
        byte[][] out = new byte[SEQUENCE][];
        I420Frame f = new I420Frame(IN_W, IN_H);
        int[] sent = {0};
        try (VideoEncoder enc = VideoEncoder.create("VP8", IN_W, IN_H, FPS, 500_000)) {
            for (int n = 0; sent[0] < SEQUENCE; n++) {
                if (n >= 2 * SEQUENCE) {
                    throw new IllegalStateException("input encoder dropped half its frames");
                }
                TestPictures.draw(f, n + phase);
                if (enc.encode(f, n * 3000L, fr -> out[sent[0]++] = Arrays.copyOf(fr.data(), fr.length())) < 0) {
                    throw new IllegalStateException("input encoder failed at frame " + n);
                }
            }
        }
        return out;
    }

    private void decodeNext(int i, I420Frame picture) {
        byte[] b = coded[i][position[i]];
        position[i] = (position[i] + 1) % SEQUENCE;
        if (decoders[i].decode(b, 0, b.length, frameNo, picture) != DecodeResult.PICTURE) {
            throw new IllegalStateException("input " + i + " did not decode"); // the benchmark would be void
        }
    }

    private int encodeAll(List<I420Frame> frames) {
        long pts90k = frameNo++ * (90_000 / FPS); // 30 fps media time, so rate control behaves as live
        int n = 0;
        for (int i = 0; i < 3; i++) {
            n += encoders[i].encode(frames.get(2 - i), pts90k, sinks[i]);
        }
        return n;
    }

    private void decodeAll() {
        for (int i = 0; i < inputs; i++) {
            decodeNext(i, tiles.get(i).video());
        }
    }

    @Benchmark
    public int frame() {
        ops++;
        decodeAll();
        return encodeAll(outputs.compose(tiles));
    }

    @Benchmark
    public void decode() {
        ops++;
        decodeAll();
    }

    @Benchmark
    public List<I420Frame> compose() {
        ops++;
        return outputs.compose(tiles);
    }

    @Benchmark
    public int encode() {
        ops++;
        return encodeAll(ring.get((int) (frameNo % SEQUENCE)));
    }

    // Level.Iteration helpers run on the benchmark thread, outside the timed region.
    @Setup(Level.Iteration)
    public void startIteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
        iterationOps0 = ops;
        iterationCpu0 = threads.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        if (measuring) {
            measuredCpuNanos += threads.getCurrentThreadCpuTime() - iterationCpu0;
            measuredOps += ops - iterationOps0;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // A plain StringBuilder: printf/concat bootstrap allocates ~0.4 MB, which -prof gc would
        // charge to the last iteration.
        StringBuilder sb = new StringBuilder().append("\nCPU time ").append(measuredCpuNanos / Math.max(1, measuredOps) / 1000)
                .append(" us/op over ").append(measuredOps).append(" measured ops");
        long frames = encoders[0].framesEncoded();
        if (frames > 0) { // shows the encoders ran at their real rates (the content is not too easy)
            sb.append("; ").append(frames).append(" frames encoded, kbps 320x180/640x360/1280x720:");
            for (long b : encodedBytes) {
                sb.append(' ').append(b * 8 * FPS / frames / 1000);
            }
        }
        System.out.println(sb);
        for (VideoDecoder d : decoders) {
            d.close();
        }
        for (VideoEncoder e : encoders) {
            e.close();
        }
        outputs.close();
    }
}
