package dev.chorus.compositor.decode;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import dev.chorus.compositor.encode.FfmpegErrors;
import dev.chorus.compositor.encode.VideoCodec;
import dev.chorus.compositor.frame.I420Frame;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's VP8 or H.264 decoder, single-threaded and without output delay: one compressed frame in,
 * at most one picture out, as a tightly packed {@link I420Frame}. After an error (or before the
 * first keyframe) it reports {@link #needsKeyFrame()} and withholds delta pictures, which would be
 * decoded against broken references, until a keyframe decodes. Bad input never throws. Not thread-safe.
 */
public final class VideoDecoder implements AutoCloseable {
    private final VideoCodec codec;
    private final AVCodecContext ctx;
    private final AVPacket packet;
    private final AVFrame frame;
    private final PictureCopier copier = new PictureCopier();
    /** Reused native input buffer (FFmpeg wants zeroed padding after the data). */
    private BytePointer input;
    private int inputCapacity;
    private boolean needsKeyFrame = true;
    private long framesDecoded;
    private long errors;
    private long picturesWithheld;
    private boolean closed;

    private VideoDecoder(VideoCodec codec) {
        this.codec = codec;
        AVCodec decoder = avcodec_find_decoder(codec.ffmpegId());
        if (decoder == null) {
            throw new IllegalStateException("FFmpeg has no decoder for " + codec);
        }
        ctx = avcodec_alloc_context3(decoder);
        ctx.thread_count(1);
        // No frame reordering delay: WebRTC streams have no B-frames, so H.264 may output at once.
        ctx.flags(ctx.flags() | AV_CODEC_FLAG_LOW_DELAY);
        int ret = avcodec_open2(ctx, decoder, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (ret < 0) {
            avcodec_free_context(ctx);
            throw new IllegalStateException("cannot open " + codec + " decoder: " + FfmpegErrors.describe(ret));
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        ensureInput(64 * 1024);
    }

    public static VideoDecoder create(VideoCodec codec) {
        if (codec == null) {
            throw new IllegalArgumentException("codec");
        }
        return new VideoDecoder(codec);
    }

    /** By SDP codec name, "VP8" or "H264"; IllegalArgumentException for any other. */
    public static VideoDecoder create(String codecName) {
        VideoCodec codec = VideoCodec.fromName(codecName);
        if (codec == null) {
            throw new IllegalArgumentException("unsupported video codec " + codecName);
        }
        return new VideoDecoder(codec);
    }

    private void ensureInput(int size) {
        int needed = size + AV_INPUT_BUFFER_PADDING_SIZE;
        if (needed <= inputCapacity) {
            return;
        }
        if (input != null) {
            av_free(input);
        }
        inputCapacity = Math.max(needed, inputCapacity + (inputCapacity >> 1));
        Pointer p = av_malloc(inputCapacity);
        input = new BytePointer(p).capacity(inputCapacity);
    }

    /**
     * Decodes one complete compressed frame (VP8 frame / H.264 Annex-B access unit). On PICTURE
     * {@code out} holds the picture (resized as needed) with {@code timestampNanos}.
     */
    public DecodeResult decode(byte[] data, int off, int len, long timestampNanos, I420Frame out) {
        if (closed || out == null || data == null || off < 0 || len <= 0 || off > data.length - len) {
            return error();
        }
        ensureInput(len);
        input.position(0).put(data, off, len);
        // FFmpeg's bitstream readers may read past the end: the padding must be zero.
        Pointer.memset(input.position(len), 0, AV_INPUT_BUFFER_PADDING_SIZE);
        input.position(0);
        packet.data(input);
        packet.size(len);
        int ret = avcodec_send_packet(ctx, packet);
        packet.data(null);
        packet.size(0);
        if (ret < 0) {
            return error();
        }
        DecodeResult result = DecodeResult.NONE;
        while (true) {
            ret = avcodec_receive_frame(ctx, frame);
            if (ret == FfmpegErrors.EAGAIN || ret == AVERROR_EOF()) {
                return result;
            }
            if (ret < 0) {
                return error();
            }
            DecodeResult r = takePicture(timestampNanos, out);
            av_frame_unref(frame);
            if (r == DecodeResult.ERROR) {
                return error();
            }
            if (r == DecodeResult.PICTURE) {
                result = r;
            }
        }
    }

    private DecodeResult takePicture(long timestampNanos, I420Frame out) {
        int flags = frame.flags();
        if ((flags & FfmpegErrors.FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
            return DecodeResult.ERROR;
        }
        boolean key = (flags & FfmpegErrors.FRAME_FLAG_KEY) != 0;
        if (needsKeyFrame && !key) {
            picturesWithheld++;
            return DecodeResult.NONE;
        }
        if (!copier.copy(frame, out)) {
            return DecodeResult.ERROR;
        }
        needsKeyFrame = false;
        out.timestampNanos = timestampNanos;
        framesDecoded++;
        return DecodeResult.PICTURE;
    }

    private DecodeResult error() {
        errors++;
        needsKeyFrame = true;
        return DecodeResult.ERROR;
    }

    /** True before the first keyframe and after an error, until a keyframe decodes: ask the sender (PLI). */
    public boolean needsKeyFrame() {
        return needsKeyFrame;
    }

    public VideoCodec codec() {
        return codec;
    }

    public long framesDecoded() {
        return framesDecoded;
    }

    public long errors() {
        return errors;
    }

    /** Delta pictures decoded while waiting for a keyframe and therefore not output. */
    public long picturesWithheld() {
        return picturesWithheld;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        copier.close();
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(ctx);
        if (input != null) {
            av_free(input);
            input = null;
        }
    }
}
