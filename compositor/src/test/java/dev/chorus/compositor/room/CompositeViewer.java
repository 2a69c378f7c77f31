package dev.chorus.compositor.room;

import dev.chorus.compositor.decode.DecodeResult;
import dev.chorus.compositor.decode.VideoDecoder;
import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.rtp.Vp8Depacketizer;
import dev.chorus.media.sfu.Producer;
import dev.chorus.media.sfu.ProducerTap;
import dev.chorus.media.sfu.Router;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A receiver of the composite, in the test: a {@link ProducerTap} on one of its layers, whose packets
 * the test thread depacketizes and decodes ({@link #poll}); asks for a keyframe while it has none.
 */
final class CompositeViewer implements AutoCloseable {
    private final ConcurrentLinkedQueue<byte[]> packets = new ConcurrentLinkedQueue<>();
    private final ProducerTap tap;
    private final VideoDecoder decoder = VideoDecoder.create("VP8");
    private final I420Frame picture = new I420Frame();
    private final Vp8Depacketizer depacketizer = new Vp8Depacketizer(f -> {
        if (this.decoder.decode(f.data(), 0, f.length(), 0, this.picture) == DecodeResult.PICTURE) {
            this.decoded++;
        }
    });
    private long decoded;
    private long lastKeyFrameRequest;

    CompositeViewer(Router router, Producer composite, int layer) {
        tap = router.tap(composite, layer, (buf, off, len, at) -> packets.add(Arrays.copyOfRange(buf, off, off + len)))
                .join();
    }

    /** Test thread: decodes what arrived; returns the number of pictures decoded so far. */
    long poll() {
        byte[] p;
        while ((p = packets.poll()) != null) {
            depacketizer.push(p, 0, p.length);
        }
        long now = System.nanoTime();
        if ((depacketizer.needsKeyFrame() || decoder.needsKeyFrame()) && now - lastKeyFrameRequest > 500_000_000L) {
            lastKeyFrameRequest = now;
            tap.requestKeyFrame();
        }
        return decoded;
    }

    long decoded() {
        return decoded;
    }

    /** The last decoded composite picture (empty before the first). */
    I420Frame picture() {
        return picture;
    }

    long decodeErrors() {
        return decoder.errors();
    }

    @Override
    public void close() {
        tap.close().join();
        decoder.close();
    }
}
