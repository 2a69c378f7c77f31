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
 * Everything but {@link #offer} and the volatile setters runs on the composite thread.
 */
final class VideoInput implements TileInput {
    private static final int QUEUE = 256;
    private static final int SLOT_BYTES = 1500;
    private static final long KEY_FRAME_RETRY_NANOS = 1_000_000_000L;

    private final String participantId;
    private final String name;
    private volatile boolean speaking;
    private final ArrayBlockingQueue<byte[]> free = new ArrayBlockingQueue<>(QUEUE);
    private final ArrayBlockingQueue<byte[]> filled = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong packetsDropped = new AtomicLong();
    private final I420Frame picture = new I420Frame();
    private boolean hasPicture;
    private ProducerTap tap;
    private FrameAssembler assembler;
    private VideoDecoder decoder;
    private String codec;
    private int layer = -1;
    private long lastKeyFrameRequest = Long.MIN_VALUE;
    private long now;

    VideoInput(String participantId, String name) {
        this.participantId = participantId;
        this.name = name;
        for (int i = 0; i < QUEUE; i++) {
            free.add(new byte[SLOT_BYTES + 2]);
        }
    }

    /** Media worker thread: copies one RTP packet (the tap's buffer is reused after the call). */
    void offer(byte[] buf, int off, int len) {
        byte[] slot = len <= SLOT_BYTES ? free.poll() : null;
        if (slot == null) {
            packetsDropped.incrementAndGet(); // composite thread behind or an oversized packet
            return;
        }
        slot[0] = (byte) (len >> 8);
        slot[1] = (byte) len;
        System.arraycopy(buf, off, slot, 2, len);
        filled.offer(slot);
    }

    /** Composite thread: reads {@code newTap} from now on (null: camera off, the name card shows). */
    void setTap(ProducerTap newTap, String codecName) {
        tap = newTap;
        layer = -1;
        hasPicture = false;
        filled.drainTo(free);
        if (newTap == null || !codecName.equalsIgnoreCase(String.valueOf(codec))) {
            closeCodec();
        }
        if (newTap != null && assembler == null) {
            codec = codecName;
            assembler = "H264".equalsIgnoreCase(codecName) ? new H264Depacketizer(this::decode)
                    : new Vp8Depacketizer(this::decode);
            decoder = VideoDecoder.create(codecName);
        }
    }

    /** Composite thread: decodes what arrived; asks for a keyframe when the picture cannot continue. */
    void drain(long nowNanos) {
        now = nowNanos;
        byte[] slot;
        while ((slot = filled.poll()) != null) {
            int len = (slot[0] & 0xFF) << 8 | (slot[1] & 0xFF);
            if (assembler != null) {
                assembler.push(slot, 2, len);
            }
            free.offer(slot);
        }
        if (tap != null && assembler != null && (assembler.needsKeyFrame() || decoder.needsKeyFrame())
                && (lastKeyFrameRequest == Long.MIN_VALUE || nowNanos - lastKeyFrameRequest >= KEY_FRAME_RETRY_NANOS)) {
            lastKeyFrameRequest = nowNanos;
            tap.requestKeyFrame();
        }
    }

    private void decode(EncodedFrame f) {
        if (decoder.decode(f.data(), 0, f.length(), now, picture) == DecodeResult.PICTURE) {
            hasPicture = true;
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

    long packetsDropped() {
        return packetsDropped.get();
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
