package dev.chorus.compositor.encode;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import dev.chorus.compositor.frame.I420Frame;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Real-time video encoder: VP8 through libvpx, H.264 (constrained baseline, Annex-B) through
 * libopenh264. One frame in, at most one frame out (no lag, no B-frames). Reuses its native frame,
 * packet and output buffer. Not thread-safe. Errors are counted and reported by return value.
 */
public final class VideoEncoder implements AutoCloseable {
    private final VideoCodec codec;
    private final int fps;
    private int width;
    private int height;
    private int bitrateBps;
    private AVCodecContext ctx;
    private AVFrame frame;
    private final AVPacket packet;
    private final EncodedFrame out = new EncodedFrame(256 * 1024);
    private boolean keyFrameRequested = true;
    private long lastPts = Long.MIN_VALUE;
    private long framesEncoded;
    private long keyFramesEncoded;
    private long errors;
    private boolean closed;

    private VideoEncoder(VideoCodec codec, int width, int height, int fps, int bitrateBps) {
        this.codec = codec;
        this.fps = fps;
        this.bitrateBps = bitrateBps;
        this.packet = av_packet_alloc();
        open(width, height);
    }

    /**
     * Opens an encoder; throws IllegalArgumentException for bad settings and IllegalStateException when
     * FFmpeg cannot open it (configuration problems, not data problems).
     */
    public static VideoEncoder create(VideoCodec codec, int width, int height, int fps, int bitrateBps) {
        if (codec == null || width <= 0 || height <= 0 || fps <= 0 || fps > 240 || bitrateBps < 10_000) {
            throw new IllegalArgumentException("bad encoder settings " + codec + " " + width + "x" + height
                    + " " + fps + " fps " + bitrateBps + " bps");
        }
        return new VideoEncoder(codec, width, height, fps, bitrateBps);
    }

    public static VideoEncoder create(String codecName, int width, int height, int fps, int bitrateBps) {
        VideoCodec codec = VideoCodec.fromName(codecName);
        if (codec == null) {
            throw new IllegalArgumentException("unknown video codec " + codecName);
        }
        return create(codec, width, height, fps, bitrateBps);
    }

    private void open(int w, int h) {
        AVCodec encoder = avcodec_find_encoder_by_name(codec.encoderName());
        if (encoder == null) {
            throw new IllegalStateException("FFmpeg has no encoder " + codec.encoderName());
        }
        AVCodecContext c = avcodec_alloc_context3(encoder);
        EncoderSetup.configure(c, codec, w, h, fps, bitrateBps);
        int ret = avcodec_open2(c, encoder, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (ret < 0) {
            avcodec_free_context(c);
            throw new IllegalStateException("cannot open " + codec.encoderName() + " " + w + "x" + h + ": "
                    + FfmpegErrors.describe(ret));
        }
        AVFrame f = av_frame_alloc();
        f.format(AV_PIX_FMT_YUV420P);
        f.width(w);
        f.height(h);
        ret = av_frame_get_buffer(f, 0);
        if (ret < 0) {
            av_frame_free(f);
            avcodec_free_context(c);
            throw new IllegalStateException("cannot allocate frame: " + FfmpegErrors.describe(ret));
        }
        ctx = c;
        frame = f;
        width = w;
        height = h;
        keyFrameRequested = true;
    }

    private void freeCodec() {
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (ctx != null) {
            avcodec_free_context(ctx);
            ctx = null;
        }
    }

    /**
     * Encodes {@code in} (a size change reopens the encoder, which starts with a keyframe) and hands
     * the result to {@code sink}. Returns the number of frames handed out (0 when the encoder dropped
     * the picture) or -1 on error (counted). A pts not above the previous one is bumped by one tick,
     * because the encoders reject non-increasing timestamps.
     */
    public int encode(I420Frame in, long pts90k, EncodedFrameSink sink) {
        if (closed || in == null || sink == null || in.width() <= 0) {
            errors++;
            return -1;
        }
        if (in.width() != width || in.height() != height) {
            try {
                freeCodec();
                open(in.width(), in.height());
            } catch (IllegalStateException e) {
                errors++;
                return -1;
            }
        }
        long pts = pts90k > lastPts ? pts90k : lastPts + 1;
        if (av_frame_make_writable(frame) < 0) {
            errors++;
            return -1;
        }
        FramePlanes.copy(in, frame);
        frame.pts(pts);
        frame.duration(90_000 / fps);
        boolean forceKey = keyFrameRequested;
        frame.pict_type(forceKey ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        frame.flags(forceKey ? frame.flags() | FfmpegErrors.FRAME_FLAG_KEY : frame.flags() & ~FfmpegErrors.FRAME_FLAG_KEY);
        int ret = avcodec_send_frame(ctx, frame);
        if (ret < 0) {
            errors++;
            return -1;
        }
        lastPts = pts;
        keyFrameRequested = false;
        return drain(sink);
    }

    private int drain(EncodedFrameSink sink) {
        int emitted = 0;
        while (true) {
            int ret = avcodec_receive_packet(ctx, packet);
            if (ret == FfmpegErrors.EAGAIN || ret == AVERROR_EOF()) {
                return emitted;
            }
            if (ret < 0) {
                errors++;
                return -1;
            }
            int size = packet.size();
            byte[] dst = out.ensureCapacity(size);
            packet.data().position(0).get(dst, 0, size);
            out.setLength(size);
            out.setKeyFrame((packet.flags() & AV_PKT_FLAG_KEY) != 0);
            out.setTimestamp(packet.pts());
            av_packet_unref(packet);
            framesEncoded++;
            if (out.keyFrame()) {
                keyFramesEncoded++;
            }
            emitted++;
            sink.onFrame(out);
        }
    }

    /** The next encoded frame will be a keyframe (e.g. a receiver sent a PLI). */
    public void requestKeyFrame() {
        keyFrameRequested = true;
    }

    /**
     * Changes the target bitrate from the next frame on. FFmpeg's libvpx and openh264 wrappers read
     * the rate only when opened (measured: changing the context's rate fields between frames has no
     * effect), so the encoder is reopened now and its next frame is a keyframe; callers should change
     * the rate in coarse steps, not per frame.
     */
    public void setBitrate(int bps) {
        if (closed || bps < 10_000 || bps == bitrateBps) {
            return;
        }
        bitrateBps = bps;
        freeCodec();
        try {
            open(width, height);
        } catch (IllegalStateException e) {
            errors++;
        }
    }

    public int bitrate() {
        return bitrateBps;
    }

    public VideoCodec codec() {
        return codec;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long framesEncoded() {
        return framesEncoded;
    }

    public long keyFramesEncoded() {
        return keyFramesEncoded;
    }

    public long errors() {
        return errors;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        freeCodec();
        av_packet_free(packet);
    }
}
