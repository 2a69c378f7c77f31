package dev.chorus.compositor.rtp;

import static org.junit.jupiter.api.Assertions.*;

import dev.chorus.compositor.decode.DecodeResult;
import dev.chorus.compositor.decode.VideoDecoder;
import dev.chorus.compositor.encode.EncodedFrame;
import dev.chorus.compositor.encode.TestPictures;
import dev.chorus.compositor.encode.VideoCodec;
import dev.chorus.compositor.encode.VideoEncoder;
import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.rtp.RtpPackets.Pkt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Encoder → packetizer → (reorder, loss) → depacketizer → decoder, with real FFmpeg codecs. */
class CodecPipelineTest {
    static final int W = 640;
    static final int H = 360;

    /** Holds what the depacketizer output and what the decoder made of it. */
    static final class Receiver {
        final VideoDecoder decoder;
        final I420Frame picture = new I420Frame();
        final List<Long> decodedTimestamps = new ArrayList<>();
        final List<Boolean> keys = new ArrayList<>();
        final FrameAssembler depacketizer;

        Receiver(VideoCodec codec) {
            decoder = VideoDecoder.create(codec);
            depacketizer = RtpPackets.depacketizer(codec, (EncodedFrame f) -> {
                keys.add(f.keyFrame());
                DecodeResult r = decoder.decode(f.data(), 0, f.length(), f.timestamp(), picture);
                if (r == DecodeResult.PICTURE) {
                    decodedTimestamps.add(f.timestamp());
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void reorderedPacketsDecodeToTheSourcePictures(VideoCodec codec) {
        Random rnd = new Random(5);
        FramePacketizer packetizer = RtpPackets.packetizer(codec, 65_500, 500); // wraps the sequence number
        Receiver rx = new Receiver(codec);
        I420Frame src = new I420Frame(W, H);
        I420Frame expected = new I420Frame(W, H);
        int repeats = 0;
        try (VideoEncoder enc = VideoEncoder.create(codec, W, H, 30, 1_500_000); rx.decoder) {
            for (int n = 0; n < 30; n++) {
                TestPictures.draw(src, n);
                List<Pkt> pkts = new ArrayList<>();
                enc.encode(src, 3000L * n, f -> pkts.addAll(RtpPackets.packetize(packetizer, f)));
                // Reverse a few adjacent packets and repeat one: within the reorder window.
                if (pkts.size() >= 3) {
                    Collections.swap(pkts, 0, 1 + rnd.nextInt(pkts.size() - 1));
                    pkts.add(pkts.get(rnd.nextInt(pkts.size())));
                    repeats++;
                }
                pkts.forEach(p -> RtpPackets.push(rx.depacketizer, p));
                assertEquals(List.of(3000L * n), rx.decodedTimestamps.subList(n, n + 1), "frame " + n + " decoded");
                assertEquals(W, rx.picture.width());
                assertEquals(H, rx.picture.height());
                TestPictures.draw(expected, n);
                double mad = TestPictures.boxLumaMad(expected, rx.picture, n);
                assertTrue(mad < 12, "box luma mean abs diff " + mad + " at frame " + n);
            }
            assertFalse(rx.depacketizer.needsKeyFrame());
            // Repeats of packets whose frame was already output count as late, others as duplicates.
            assertTrue(repeats > 0);
            assertEquals(repeats, rx.depacketizer.duplicates() + rx.depacketizer.latePackets());
            assertEquals(0, rx.depacketizer.packetsLost());
            assertEquals(0, rx.decoder.errors());
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void aLostPacketDropsFramesUntilTheRequestedKeyframe(VideoCodec codec) {
        FramePacketizer packetizer = RtpPackets.packetizer(codec, 1000, 400);
        Receiver rx = new Receiver(codec);
        I420Frame src = new I420Frame(W, H);
        I420Frame expected = new I420Frame(W, H);
        int lossFrame = 10;
        int pliSeenAt = -1;
        try (VideoEncoder enc = VideoEncoder.create(codec, W, H, 30, 1_500_000); rx.decoder) {
            for (int n = 0; n < 40; n++) {
                if (pliSeenAt < 0 && n > lossFrame && rx.depacketizer.needsKeyFrame()) {
                    pliSeenAt = n; // the receiver sends a PLI; the sender asks its encoder for a keyframe
                    enc.requestKeyFrame();
                }
                TestPictures.draw(src, n);
                List<Pkt> pkts = new ArrayList<>();
                enc.encode(src, 3000L * n, f -> pkts.addAll(RtpPackets.packetize(packetizer, f)));
                if (n == lossFrame) {
                    assertTrue(pkts.size() >= 2, "frame should span packets");
                    pkts.remove(pkts.size() / 2);
                }
                pkts.forEach(p -> RtpPackets.push(rx.depacketizer, p));
            }
            assertTrue(pliSeenAt > lossFrame, "loss noticed (needsKeyFrame) within the reorder window");
            // Declared lost once the newest timestamp is 100 ms past the frame: at frame 14, seen before 15.
            assertTrue(pliSeenAt <= lossFrame + 5, "noticed at " + pliSeenAt);
            assertTrue(rx.depacketizer.packetsLost() >= 1);
            assertFalse(rx.depacketizer.needsKeyFrame(), "recovered");
            // Every frame before the loss and every frame from the keyframe on was decoded; none between.
            for (int n = 0; n < 40; n++) {
                boolean decoded = rx.decodedTimestamps.contains(3000L * n);
                assertEquals(n < lossFrame || n >= pliSeenAt, decoded, "frame " + n);
            }
            TestPictures.draw(expected, 39);
            assertTrue(TestPictures.boxLumaMad(expected, rx.picture, 39) < 12);
            assertEquals(0, rx.decoder.errors(), "no broken frame reached the decoder");
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void encodeTimeAt720p(VideoCodec codec) {
        I420Frame src = new I420Frame(1280, 720);
        try (VideoEncoder enc = VideoEncoder.create(codec, 1280, 720, 30, 2_500_000)) {
            long bytes = 0;
            long[] sz = new long[1];
            for (int n = 0; n < 10; n++) { // warm-up
                TestPictures.draw(src, n);
                enc.encode(src, 3000L * n, f -> sz[0] += f.length());
            }
            long total = 0;
            int frames = 60;
            for (int n = 10; n < 10 + frames; n++) {
                TestPictures.draw(src, n);
                long t0 = System.nanoTime();
                enc.encode(src, 3000L * n, f -> sz[0] += f.length());
                total += System.nanoTime() - t0;
            }
            System.out.printf("%s 1280x720 encode: %.2f ms/frame%n", codec, total / 1e6 / frames);
            assertEquals(0, enc.errors());
        }
    }
}
