package dev.chorus.compositor.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.compositor.decode.DecodeResult;
import dev.chorus.compositor.decode.VideoDecoder;
import dev.chorus.compositor.encode.EncodedFrame;
import dev.chorus.compositor.encode.VideoCodec;
import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.rtp.FrameAssembler;
import dev.chorus.compositor.rtp.H264Depacketizer;
import dev.chorus.compositor.rtp.Vp8Depacketizer;
import dev.chorus.media.sfu.CodecParams;
import dev.chorus.media.sfu.MediaServer;
import dev.chorus.media.sfu.Producer;
import dev.chorus.media.sfu.ProducerTap;
import dev.chorus.media.sfu.Router;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The composite in both codecs, read back through taps on a real router as a receiver would:
 * every layer decodes to its size, H.264 encoders run only while someone receives that producer,
 * and a receiver arriving later at a layer gets its keyframe on request.
 */
@Timeout(60)
class RoomCompositorCodecsTest {
    static final int[][] SIZES = {{320, 180}, {640, 360}, {1280, 720}};
    MediaServer media;
    Router router;
    RoomCompositor compositor;
    final List<LayerReader> readers = new ArrayList<>();

    /** One layer of a composite producer: packets copied on the worker, decoded on the test thread. */
    static final class LayerReader {
        final ConcurrentLinkedQueue<byte[]> packets = new ConcurrentLinkedQueue<>();
        final VideoDecoder decoder;
        final FrameAssembler assembler;
        final I420Frame picture = new I420Frame();
        final List<byte[]> keyFrames = new ArrayList<>();
        ProducerTap tap;
        int pictures;

        LayerReader(VideoCodec codec) {
            decoder = VideoDecoder.create(codec);
            assembler = codec == VideoCodec.H264 ? new H264Depacketizer(this::decode) : new Vp8Depacketizer(this::decode);
        }

        private void decode(EncodedFrame f) {
            if (f.keyFrame()) {
                keyFrames.add(Arrays.copyOf(f.data(), f.length()));
            }
            if (decoder.decode(f.data(), 0, f.length(), f.timestamp(), picture) == DecodeResult.PICTURE) {
                pictures++;
            }
        }

        /** Decodes what arrived; true once a picture of {@code w}x{@code h} came out. */
        boolean decoded(int w, int h) {
            byte[] p;
            while ((p = packets.poll()) != null) {
                assembler.push(p, 0, p.length);
            }
            return pictures > 0 && picture.width() == w && picture.height() == h;
        }
    }

    @BeforeEach
    void start() throws Exception {
        media = new MediaServer("127.0.0.1", 0, null, 1);
        router = media.createRouter("codecs");
        compositor = RoomCompositor.start(router, "codecs");
        compositor.addParticipant("ada", "Ada"); // a name card: something to encode
    }

    @AfterEach
    void stop() {
        for (LayerReader r : readers) {
            r.decoder.close();
        }
        compositor.close();
        media.close();
    }

    LayerReader read(Producer p, int layer, VideoCodec codec) {
        LayerReader r = new LayerReader(codec);
        r.tap = router.tap(p, layer, (buf, off, len, at) -> r.packets.add(Arrays.copyOfRange(buf, off, off + len)))
                .join();
        readers.add(r);
        return r;
    }

    static void await(String what, BooleanSupplier ok) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void vp8IsTheDefaultAndEveryLayerDecodes() throws Exception {
        Producer vp8 = compositor.videoProducer();
        assertSame(vp8, compositor.videoProducer("VP8"));
        assertEquals("VP8", vp8.params().codecs().get(0).name());
        assertNull(compositor.videoProducer("VP9"), "a codec the compositor does not encode");
        await("VP8 encoding", () -> compositor.stats().videoCodecs().equals(List.of("VP8")));
        // the encoders already run: each late reader gets its layer's keyframe on request
        for (int layer = 0; layer < 3; layer++) {
            LayerReader r = read(vp8, layer, VideoCodec.VP8);
            int[] size = SIZES[layer];
            await("VP8 layer " + layer + " decodes at " + size[0] + "x" + size[1], () -> r.decoded(size[0], size[1]));
        }
        assertEquals(List.of("VP8"), compositor.stats().videoCodecs(), "no H.264 unless asked for");
    }

    @Test
    void h264StartsWithItsFirstReceiverDecodesAtEveryLayerAndStopsAfterTheLast() throws Exception {
        List<CodecParams> formats = RoomCompositor.videoFormats();
        assertEquals(List.of("VP8", "H264"), formats.stream().map(CodecParams::name).toList());
        Producer h264 = compositor.videoProducer("H264");
        assertNotNull(h264);
        assertSame(h264, compositor.videoProducer("h264"), "one H.264 composite, however often asked for");
        assertTrue(compositor.produced(h264));
        assertEquals(formats.get(1), h264.params().codecs().get(0));
        assertTrue(h264.params().codecs().get(0).fmtp().contains("packetization-mode=1"));
        assertEquals(3, h264.layerCount());

        Thread.sleep(300); // ~9 composite frames
        assertEquals(List.of("VP8"), compositor.stats().videoCodecs(), "nobody receives H.264 yet: not encoded");

        LayerReader low = read(h264, 0, VideoCodec.H264);
        await("H.264 layer 0 decodes at 320x180", () -> low.decoded(320, 180));
        assertEquals(List.of("VP8", "H264"), compositor.stats().videoCodecs());
        assertSps(low.keyFrames.get(0));
        // started before these readers came: their keyframes come on request, per layer
        LayerReader mid = read(h264, 1, VideoCodec.H264);
        LayerReader full = read(h264, 2, VideoCodec.H264);
        await("H.264 layers 1 and 2 decode", () -> mid.decoded(640, 360) & full.decoded(1280, 720));
        assertEquals(0, low.decoder.errors() + mid.decoder.errors() + full.decoder.errors());

        for (LayerReader r : List.copyOf(readers)) {
            r.tap.close().join();
        }
        assertEquals(0, h264.receiverCount());
        await("H.264 stops once nobody receives it", () -> compositor.stats().videoCodecs().equals(List.of("VP8")));
        assertFalse(h264.isClosed(), "the producer stays for the next H.264 receiver");

        LayerReader again = read(h264, 2, VideoCodec.H264);
        await("H.264 restarts for a new receiver", () -> again.decoded(1280, 720));
        assertSame(h264, compositor.videoProducer("H264"));
    }

    @Test
    void closingEndsEveryCodecsProducer() {
        Producer vp8 = compositor.videoProducer();
        Producer h264 = compositor.videoProducer("H264");
        compositor.close();
        assertTrue(vp8.isClosed() && h264.isClosed());
        assertNull(compositor.videoProducer("H264"));
    }

    /**
     * The keyframe's SPS says Constrained Baseline (profile_idc 66 with constraint_set1) at a level
     * within the signalled 3.1: what receivers of profile-level-id 42e01f decode.
     */
    static void assertSps(byte[] annexB) {
        for (int i = 0; i + 7 < annexB.length; i++) {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1 && (annexB[i + 3] & 0x1f) == 7) {
                int profile = annexB[i + 4] & 0xff;
                int constraints = annexB[i + 5] & 0xff;
                int level = annexB[i + 6] & 0xff;
                System.out.printf("H.264 SPS: profile_idc %d, constraint flags %02x, level_idc %d%n",
                        profile, constraints, level);
                assertEquals(66, profile, "Baseline");
                assertTrue((constraints & 0x40) != 0, "constraint_set1: Constrained Baseline");
                assertTrue(level <= 31, "level " + level + " within the signalled 3.1");
                return;
            }
        }
        throw new AssertionError("no SPS in the keyframe");
    }
}
