package dev.chorus.compositor.room;

import dev.chorus.compositor.encode.VideoEncoder;
import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.overlay.Yuv;
import dev.chorus.compositor.rtp.Vp8Packetizer;
import dev.chorus.media.sfu.CodecParams;
import dev.chorus.media.sfu.LayerParams;
import dev.chorus.media.sfu.LocalProducer;
import dev.chorus.media.sfu.MediaKind;
import dev.chorus.media.sfu.Producer;
import dev.chorus.media.sfu.ProducerParams;
import dev.chorus.media.sfu.Router;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A participant's camera as the compositor sees it: a single-stream VP8 producer fed in-process. Each
 * {@link #sendFrame} draws a solid colour with a moving checker box along the top quarter, encodes it
 * (keyframes only when the encoder starts or a keyframe request came back), packetizes into small
 * packets (so every frame spans several) and sends them, optionally through a one-shot mangler.
 */
final class TestCamera implements AutoCloseable {
    static final int WIDTH = 320;
    static final int HEIGHT = 180;
    static final int PAYLOAD_TYPE = 96;
    private static final int BOX = 40;
    private static final AtomicInteger SSRCS = new AtomicInteger(0x2000);

    final long ssrc = SSRCS.incrementAndGet();
    final AtomicInteger keyFrameRequests = new AtomicInteger();
    private final LocalProducer out;
    private final VideoEncoder encoder = VideoEncoder.create("VP8", WIDTH, HEIGHT, 30, 400_000);
    private final Vp8Packetizer packetizer = new Vp8Packetizer(ssrc, PAYLOAD_TYPE, 65_300, 0, 64); // 64 B: even a small delta frame spans 3+ packets
    private final I420Frame picture = new I420Frame(WIDTH, HEIGHT);
    private volatile boolean keyFrameWanted;
    /** False: requests are counted but never answered (its only keyframe is the first frame). */
    volatile boolean answersKeyFrameRequests = true;
    /** Sends on every n-th tick of {@link McuRoom}'s 30 Hz clock (1: 30 fps, 3: 10 fps). */
    volatile int everyNthTick = 1;
    private volatile Yuv colour;
    private UnaryOperator<List<byte[]>> mangler;
    private int frames;
    private int keyFrames;
    private boolean lastWasKey;

    TestCamera(Router router, Yuv colour) {
        this(router, colour, "VP8");
    }

    /** {@code codecName}: what the producer says it sends (the packets are VP8 whatever it says). */
    TestCamera(Router router, Yuv colour, String codecName) {
        this.colour = colour;
        ProducerParams params = new ProducerParams("cam-" + ssrc, MediaKind.VIDEO, "cam-" + ssrc,
                List.of(new CodecParams(PAYLOAD_TYPE, codecName, 90000, 0, "", -1)), Map.of(),
                List.of(new LayerParams("", ssrc, 0)), false);
        out = router.createLocalProducer(params, layer -> {
            keyFrameRequests.incrementAndGet();
            keyFrameWanted = answersKeyFrameRequests;
        }).join();
    }

    Producer producer() {
        return out.producer();
    }

    /** From the next frame on the picture has this colour. */
    void setColour(Yuv c) {
        colour = c;
    }

    /** The next frame's packets (copies, in order) go through {@code m}; what it returns is sent. */
    void mangleNextFrame(UnaryOperator<List<byte[]>> m) {
        mangler = m;
    }

    /** Test thread: one frame, 1/30 s of media time after the previous one. */
    void sendFrame() {
        Yuv c = colour;
        picture.fill(c.y(), c.u(), c.v());
        int bx = (frames * 6) % (WIDTH - BOX);
        for (int r = 0; r < BOX; r++) {
            for (int col = 0; col < BOX; col++) {
                picture.y()[r * WIDTH + bx + col] = (byte) ((((r / 8) + (col / 8)) & 1) == 0 ? 235 : 30);
            }
        }
        if (keyFrameWanted) {
            keyFrameWanted = false;
            encoder.requestKeyFrame();
        }
        List<byte[]> packets = new ArrayList<>();
        encoder.encode(picture, 3000L * frames, f -> {
            lastWasKey = f.keyFrame();
            if (f.keyFrame()) {
                keyFrames++;
            }
            packetizer.packetize(f, (buf, len, key) -> packets.add(Arrays.copyOf(buf, len)));
        });
        frames++;
        UnaryOperator<List<byte[]>> m = mangler;
        mangler = null;
        for (byte[] p : m == null ? packets : m.apply(packets)) {
            send(p);
        }
    }

    /** Sends one raw packet as this camera's (any bytes). */
    void send(byte[] p) {
        out.send(p, 0, p.length);
    }

    /** Frames sent so far. */
    int frames() {
        return frames;
    }

    /** Keyframes encoded so far. */
    int keyFrames() {
        return keyFrames;
    }

    boolean lastWasKey() {
        return lastWasKey;
    }

    /** Sequence number the next packet will carry. */
    int nextSequenceNumber() {
        return packetizer.nextSequenceNumber();
    }

    @Override
    public void close() {
        out.close().join();
        encoder.close();
    }
}
