package dev.chorus.compositor.room;

import dev.chorus.compositor.compose.TileInput;
import dev.chorus.compositor.decode.DecodeResult;
import dev.chorus.compositor.decode.VideoDecoder;
import dev.chorus.compositor.encode.EncodedFrame;
import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.rtp.FrameAssembler;
import dev.chorus.compositor.rtp.H264Depacketizer;
import dev.chorus.compositor.rtp.Vp8Depacketizer;
import dev.chorus.media.sfu.ProducerTap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One participant's tile in the composite. Packets from its {@link ProducerTap} (media worker thread)
 * are copied into pooled slots ({@link #offer}); the composite thread drains them through the frame
 * assembler (jitter buffer) and the decoder into the tile's picture. A lost reference asks the
 * publisher for a keyframe at most once a second (the producer's policy throttles as well).
 * Everything but {@link #offer}, {@link #discardQueued} and the volatile setters runs on the composite thread.
 */
final class VideoInput implements TileInput {
    /** No new picture since the last composite handed over. */
    static final long NONE = Long.MIN_VALUE;
    private static final int QUEUE = 256;
    private static final long KEY_FRAME_RETRY_NANOS = 1_000_000_000L;

    private final String participantId;
    private final String name;
    private volatile boolean speaking;
    private final ArrayBlockingQueue<InputPacket> free = new ArrayBlockingQueue<>(QUEUE);
    private final ArrayBlockingQueue<InputPacket> filled = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong packetsDropped = new AtomicLong();
    // stats: packets written by the media worker, the rest by the composite thread; read by stats()
    private volatile long packets;
    private volatile long pictures;
    private volatile long keyFrameRequests;
    private volatile long lastPictureNanos = NONE;
    private final I420Frame picture = new I420Frame();
    private boolean hasPicture;
    private ProducerTap tap;
    private FrameAssembler assembler;
    private VideoDecoder decoder;
    private String codec;
    private int layer = -1;
    private long lastKeyFrameRequest = Long.MIN_VALUE;
    private long now;
    /** Offer time of the packet being pushed: if it completes a frame, that frame's completion. */
    private long pushedOfferedNanos;
    /** Completion time of {@link #picture} while no handed-over composite contains it yet, else NONE. */
    private long newPictureCompletedNanos = NONE;

    VideoInput(String participantId, String name) {
        this.participantId = participantId;
        this.name = name;
        for (int i = 0; i < QUEUE; i++) {
            free.add(new InputPacket());
        }
    }

    /** Media worker thread: copies one RTP packet (the tap's buffer is reused after the call). */
    void offer(byte[] buf, int off, int len) {
        InputPacket p = len <= InputPacket.MAX_BYTES ? free.poll() : null;
        if (p == null) {
            packetsDropped.incrementAndGet(); // composite thread behind or an oversized packet
            return;
        }
        packets++; // single writer: the tap's worker thread
        System.arraycopy(buf, off, p.data, 0, len);
        p.length = len;
        p.offeredNanos = System.nanoTime();
        filled.offer(p);
    }

    /** Any thread, once the tap that filled the queue is closed: its packets are of no more use. */
    void discardQueued() {
        filled.drainTo(free);
    }

    /**
     * Composite thread: reads {@code newTap} from now on (null: camera off, the name card shows). The
     * new tap delivers from the moment it exists, usually before this runs, and its first packets are
     * typically its keyframe: they stay queued for the new pipeline rather than being discarded.
     */
    void setTap(ProducerTap newTap, String codecName) {
        tap = newTap;
        layer = -1;
        lastKeyFrameRequest = Long.MIN_VALUE; // a new stream asks for its keyframe at once
        hasPicture = false;
        newPictureCompletedNanos = NONE;
        if (newTap == null) {
            discardQueued();
        }
        if (newTap == null || !codecName.equalsIgnoreCase(String.valueOf(codec))) {
            closeCodec();
        }
        if (newTap != null && assembler == null) {
            decoder = VideoDecoder.create(codecName); // first: if it throws, there is no half pipeline
            codec = codecName;
            assembler = "H264".equalsIgnoreCase(codecName) ? new H264Depacketizer(this::decode)
                    : new Vp8Depacketizer(this::decode);
        }
    }

    /** Composite thread: decodes what arrived; asks for a keyframe when the picture cannot continue. */
    void drain(long nowNanos) {
        now = nowNanos;
        if (assembler == null) {
            return; // packets of a tap whose setTap has not run yet wait for it
        }
        InputPacket p;
        while ((p = filled.poll()) != null) {
            pushedOfferedNanos = p.offeredNanos;
            assembler.push(p.data, 0, p.length);
            free.offer(p);
        }
        if (tap != null && (assembler.needsKeyFrame() || decoder.needsKeyFrame())
                && (lastKeyFrameRequest == Long.MIN_VALUE || nowNanos - lastKeyFrameRequest >= KEY_FRAME_RETRY_NANOS)) {
            lastKeyFrameRequest = nowNanos;
            keyFrameRequests++;
            tap.requestKeyFrame();
        }
    }

    private void decode(EncodedFrame f) {
        if (decoder.decode(f.data(), 0, f.length(), now, picture) == DecodeResult.PICTURE) {
            hasPicture = true;
            newPictureCompletedNanos = pushedOfferedNanos;
            pictures++;
            lastPictureNanos = now;
        }
    }

    /** Composite thread: read the simulcast layer that suits a tile {@code tileWidth} wide. */
    void fitLayer(int tileWidth) {
        if (tap == null) {
            return;
        }
        int want = tileWidth > 640 ? 2 : tileWidth > 320 ? 1 : 0;
        if (want != layer) {
            layer = want;
            tap.setLayer(want);
        }
    }

    void setSpeaking(boolean s) {
        speaking = s;
    }

    @Override
    public String participantId() {
        return participantId;
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public I420Frame video() {
        return hasPicture ? picture : null;
    }

    @Override
    public boolean speaking() {
        return speaking;
    }

    /**
     * Composite thread: when the picture shown now was completed (its last packet offered), if no
     * handed-over composite contained it yet, else {@link #NONE}; then it counts as handed over.
     */
    long takeNewPicture() {
        long t = newPictureCompletedNanos;
        newPictureCompletedNanos = NONE;
        return t;
    }

    long packetsDropped() {
        return packetsDropped.get();
    }

    /** Any thread: this tile's counters ({@code tap} is the one its owner set last, or null). */
    CompositorStats.Input stats(ProducerTap tap, long nowNanos) {
        long last = lastPictureNanos;
        return new CompositorStats.Input(participantId, name, tap == null ? -1 : tap.targetLayer(),
                tap == null ? -1 : tap.currentLayer(), packets, packetsDropped.get(), pictures, keyFrameRequests,
                last == NONE ? -1 : Math.max(0, (nowNanos - last) / 1_000_000L));
    }

    private void closeCodec() {
        if (decoder != null) {
            decoder.close();
        }
        decoder = null;
        assembler = null;
        codec = null;
    }

    /** Composite thread. */
    void close() {
        closeCodec();
    }
}
