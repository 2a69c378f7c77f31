package dev.chorus.compositor.decode;

import static org.junit.jupiter.api.Assertions.*;

import dev.chorus.compositor.encode.EncodedFrame;
import dev.chorus.compositor.encode.TestPictures;
import dev.chorus.compositor.encode.VideoCodec;
import dev.chorus.compositor.encode.VideoEncoder;
import dev.chorus.compositor.frame.I420Frame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VideoDecoderTest {
    static final int W = 320;
    static final int H = 240;

    record Coded(byte[] bytes, boolean key) {}

    static List<Coded> encode(VideoCodec codec, int frames, int... keyAt) {
        List<Coded> out = new ArrayList<>();
        try (VideoEncoder enc = VideoEncoder.create(codec, W, H, 30, 800_000)) {
            I420Frame f = new I420Frame(W, H);
            for (int n = 0; n < frames; n++) {
                for (int k : keyAt) {
                    if (k == n) {
                        enc.requestKeyFrame();
                    }
                }
                TestPictures.draw(f, n);
                int r = enc.encode(f, n * 3000L, (EncodedFrame fr) ->
                        out.add(new Coded(Arrays.copyOf(fr.data(), fr.length()), fr.keyFrame())));
                assertEquals(1, r, "one frame out per frame in (frame " + n + ")");
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void decodesWhatTheEncoderMade(VideoCodec codec) {
        List<Coded> coded = encode(codec, 20);
        I420Frame expected = new I420Frame(W, H);
        I420Frame out = new I420Frame();
        try (VideoDecoder dec = VideoDecoder.create(codec.name())) {
            assertTrue(dec.needsKeyFrame());
            for (int n = 0; n < coded.size(); n++) {
                byte[] b = coded.get(n).bytes();
                assertEquals(DecodeResult.PICTURE, dec.decode(b, 0, b.length, n * 1000L, out), "frame " + n);
                assertEquals(W, out.width());
                assertEquals(H, out.height());
                assertEquals(n * 1000L, out.timestampNanos);
                TestPictures.draw(expected, n);
                assertTrue(TestPictures.boxLumaMad(expected, out, n) < 12, "box mad " + TestPictures.boxLumaMad(expected, out, n));
                assertTrue(TestPictures.lumaMad(expected, out) < 6, "mad " + TestPictures.lumaMad(expected, out));
            }
            assertFalse(dec.needsKeyFrame());
            assertEquals(coded.size(), dec.framesDecoded());
            assertEquals(0, dec.errors());
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void corruptDataIsAnErrorAndTheNextKeyframeRecovers(VideoCodec codec) {
        List<Coded> coded = encode(codec, 12, 8);
        assertTrue(coded.get(8).key());
        I420Frame out = new I420Frame();
        try (VideoDecoder dec = VideoDecoder.create(codec)) {
            for (int n = 0; n < 4; n++) {
                byte[] b = coded.get(n).bytes();
                assertEquals(DecodeResult.PICTURE, dec.decode(b, 0, b.length, n, out));
            }
            // A truncated frame and pure garbage: errors, never exceptions.
            byte[] cut = coded.get(4).bytes();
            DecodeResult r1 = dec.decode(cut, 0, Math.min(cut.length, 6), 4, out);
            byte[] junk = new byte[500];
            new Random(3).nextBytes(junk);
            DecodeResult r2 = dec.decode(junk, 0, junk.length, 5, out);
            assertTrue(r1 == DecodeResult.ERROR || r2 == DecodeResult.ERROR, r1 + " " + r2);
            assertTrue(dec.errors() >= 1);
            assertTrue(dec.needsKeyFrame());
            for (int n = 5; n < 8; n++) {
                byte[] b = coded.get(n).bytes();
                assertNotEquals(DecodeResult.PICTURE, dec.decode(b, 0, b.length, n, out), "delta withheld " + n);
            }
            I420Frame expected = new I420Frame(W, H);
            for (int n = 8; n < 12; n++) {
                byte[] b = coded.get(n).bytes();
                assertEquals(DecodeResult.PICTURE, dec.decode(b, 0, b.length, n, out), "recovered at " + n);
                TestPictures.draw(expected, n);
                assertTrue(TestPictures.boxLumaMad(expected, out, n) < 12);
            }
            assertFalse(dec.needsKeyFrame());
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void badArgumentsAndRandomBytesNeverThrow(VideoCodec codec) {
        I420Frame out = new I420Frame();
        try (VideoDecoder dec = VideoDecoder.create(codec)) {
            assertEquals(DecodeResult.ERROR, dec.decode(null, 0, 10, 0, out));
            assertEquals(DecodeResult.ERROR, dec.decode(new byte[4], 2, 10, 0, out));
            assertEquals(DecodeResult.ERROR, dec.decode(new byte[4], 0, 0, 0, out));
            assertEquals(DecodeResult.ERROR, dec.decode(new byte[4], 0, 4, 0, null));
            Random rnd = new Random(11);
            for (int i = 0; i < 300; i++) {
                byte[] b = new byte[1 + rnd.nextInt(3000)];
                rnd.nextBytes(b);
                assertNotEquals(DecodeResult.PICTURE, dec.decode(b, 0, b.length, i, out));
            }
            // Still usable afterwards.
            byte[] key = encode(codec, 1).get(0).bytes();
            assertEquals(DecodeResult.PICTURE, dec.decode(key, 0, key.length, 0, out));
        }
        VideoDecoder closed = VideoDecoder.create(codec);
        closed.close();
        closed.close();
        assertEquals(DecodeResult.ERROR, closed.decode(new byte[10], 0, 10, 0, out));
    }
}
