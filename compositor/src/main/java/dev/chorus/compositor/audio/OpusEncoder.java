package dev.chorus.compositor.audio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * libopus (through FFmpeg) encoding 20 ms frames of 48 kHz mono s16 PCM into Opus payloads.
 *
 * <p>Mono on purpose: the mix is mono, and WebRTC receivers negotiate "opus/48000/2" but decode a
 * mono Opus stream in it fine (the channel count inside each packet's TOC rules). Settings: 32
 * kbit/s VBR, application "voip" (speech-tuned SILK/hybrid), 20 ms frames. Delay is kept low by the
 * 20 ms frame and one-packet-per-frame output; application "lowdelay" is not used because it
 * disables SILK, which hurts speech at this bitrate. libopus has an algorithmic look-ahead of
 * 6.5 ms (the stream's pre-skip) that shows up as a small delay in the decoded signal.
 *
 * <p>The PCM goes through one native buffer allocated once; libavcodec copies it per frame.
 * Not thread-safe: one encoder per receiver, used by the mixer thread.
 */
public final class OpusEncoder implements AutoCloseable {
    public static final int DEFAULT_BITRATE = 32_000;

    private AVCodecContext ctx;
    private AVFrame frame;
    private AVPacket packet;
    private ShortPointer samples;
    private long pts;
    private long encoded;
    private long errors;

    public OpusEncoder() {
        this(DEFAULT_BITRATE);
    }

    public OpusEncoder(int bitrate) {
        AVCodec codec = avcodec_find_encoder_by_name("libopus");
        if (codec == null) {
            throw new IllegalStateException("FFmpeg has no libopus encoder");
        }
        ctx = avcodec_alloc_context3(codec);
        ctx.sample_rate(AudioFrames.SAMPLE_RATE);
        ctx.sample_fmt(AV_SAMPLE_FMT_S16);
        av_channel_layout_default(ctx.ch_layout(), 1);
        ctx.bit_rate(bitrate);
        ctx.time_base(av_make_q(1, AudioFrames.SAMPLE_RATE));
        AVDictionary opts = new AVDictionary(null);
        av_dict_set(opts, "application", "voip", 0);
        av_dict_set(opts, "frame_duration", String.valueOf(AudioFrames.FRAME_MILLIS), 0);
        av_dict_set(opts, "vbr", "on", 0);
        int r = avcodec_open2(ctx, codec, opts);
        av_dict_free(opts);
        if (r < 0) {
            avcodec_free_context(ctx);
            ctx = null;
            throw new IllegalStateException("avcodec_open2(libopus) failed: " + r);
        }
        if (ctx.frame_size() != AudioFrames.FRAME_SAMPLES) {
            int fs = ctx.frame_size();
            avcodec_free_context(ctx);
            ctx = null;
            throw new IllegalStateException("libopus frame size " + fs + ", expected " + AudioFrames.FRAME_SAMPLES);
        }
        samples = new ShortPointer(AudioFrames.FRAME_SAMPLES);
        frame = av_frame_alloc();
        frame.format(AV_SAMPLE_FMT_S16);
        frame.sample_rate(AudioFrames.SAMPLE_RATE);
        frame.nb_samples(AudioFrames.FRAME_SAMPLES);
        av_channel_layout_default(frame.ch_layout(), 1);
        // A frame over caller-owned memory (no AVBufferRef): libavcodec copies it on send, so the
        // same native buffer is refilled every frame.
        frame.data(0, new BytePointer(samples));
        frame.linesize(0, AudioFrames.FRAME_SAMPLES * 2);
        frame.extended_data(frame.data());
        packet = av_packet_alloc();
    }

    /**
     * Encodes {@code pcm[0, 960)} and copies the Opus payload into {@code out}. Returns the payload
     * length, or -1 on error (bad arguments, closed encoder, codec error, {@code out} too small).
     * {@code out} of {@link AudioFrames#MAX_PAYLOAD} bytes always suffices.
     */
    public int encode(short[] pcm, byte[] out) {
        if (ctx == null || pcm == null || pcm.length < AudioFrames.FRAME_SAMPLES || out == null) {
            errors++;
            return -1;
        }
        samples.position(0).put(pcm, 0, AudioFrames.FRAME_SAMPLES);
        frame.pts(pts);
        pts += AudioFrames.FRAME_SAMPLES;
        if (avcodec_send_frame(ctx, frame) < 0) {
            errors++;
            return -1;
        }
        int length = -1;
        // libopus emits one packet per 20 ms frame; draining keeps the encoder's queue empty anyway.
        while (avcodec_receive_packet(ctx, packet) >= 0) {
            int size = packet.size();
            if (length < 0 && size > 0 && size <= out.length) {
                packet.data().get(out, 0, size);
                length = size;
            }
            av_packet_unref(packet);
        }
        if (length < 0) {
            errors++;
            return -1;
        }
        encoded++;
        return length;
    }

    public long encoded() {
        return encoded;
    }

    public long errors() {
        return errors;
    }

    @Override
    public void close() {
        if (ctx == null) {
            return;
        }
        avcodec_free_context(ctx);
        frame.data(0, null); // not ours to free; extended_data aliases data
        av_frame_free(frame);
        av_packet_free(packet);
        samples.close();
        ctx = null;
        frame = null;
        packet = null;
        samples = null;
    }
}
