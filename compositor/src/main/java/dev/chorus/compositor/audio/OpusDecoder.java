package dev.chorus.compositor.audio;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16P;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * FFmpeg's Opus decoder producing one 20 ms frame of 48 kHz mono s16 PCM per RTP payload.
 *
 * <p>The decoder is opened mono, so libavcodec downmixes stereo streams itself; a multi-channel
 * frame that still arrives is averaged here. FFmpeg's Opus decoder always outputs 48 kHz (it
 * resamples SILK internally), so no swresample stage is needed; a frame at another rate or in an
 * unexpected sample format is counted as an error and yields silence rather than wrong-speed audio.
 *
 * <p>Only 20 ms packets map 1:1 onto mixer ticks: a longer packet is truncated to its first 960
 * samples and a shorter one padded with silence (both counted in {@link #sizeMismatches()}).
 * Garbage payloads are counted in {@link #errors()} and yield silence; nothing here throws after
 * construction. Native packet/frame structs are reused; JavaCPP's field getters still create a
 * couple of small pointer wrappers per decode. Not thread-safe: one decoder per input stream,
 * used by the mixer thread.
 */
public final class OpusDecoder implements AutoCloseable {
    private static final int MAX_CHANNELS = 8;
    /** Opus packets carry at most 120 ms. */
    private static final int MAX_SAMPLES = AudioFrames.SAMPLE_RATE * 120 / 1000;

    private AVCodecContext ctx;
    private AVPacket packet;
    private AVFrame frame;
    /** Native copy of the payload: libavcodec copies it again (with padding) since it is not refcounted. */
    private BytePointer in;
    private final float[] floats = new float[MAX_SAMPLES * MAX_CHANNELS];
    private final short[] shorts = new short[MAX_SAMPLES * MAX_CHANNELS];
    private long decoded;
    private long errors;
    private long sizeMismatches;

    public OpusDecoder() {
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_OPUS);
        if (codec == null) {
            throw new IllegalStateException("FFmpeg has no Opus decoder");
        }
        ctx = avcodec_alloc_context3(codec);
        ctx.sample_rate(AudioFrames.SAMPLE_RATE);
        // Without extradata the decoder takes its output channel count from ch_layout.
        av_channel_layout_default(ctx.ch_layout(), 1);
        // Corrupt payloads come from the network and are counted in errors(); demote the decoder's
        // per-packet error lines to debug level so a bad sender cannot flood the log.
        ctx.log_level_offset(AV_LOG_DEBUG - AV_LOG_ERROR);
        int r = avcodec_open2(ctx, codec, (AVDictionary) null);
        if (r < 0) {
            avcodec_free_context(ctx);
            ctx = null;
            throw new IllegalStateException("avcodec_open2(opus decoder) failed: " + r);
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        in = new BytePointer(AudioFrames.MAX_PAYLOAD);
    }

    /**
     * Decodes {@code payload[off, off+len)} into {@code pcm[0, 960)}. Returns true if audio was
     * decoded; on any error (including bad arguments or a closed decoder) {@code pcm} holds silence
     * and false is returned. {@code pcm} shorter than 960 samples is the one case left untouched.
     */
    public boolean decode(byte[] payload, int off, int len, short[] pcm) {
        if (pcm == null || pcm.length < AudioFrames.FRAME_SAMPLES) {
            errors++;
            return false;
        }
        Arrays.fill(pcm, 0, AudioFrames.FRAME_SAMPLES, (short) 0);
        if (ctx == null || payload == null || off < 0 || len <= 0 || len > AudioFrames.MAX_PAYLOAD
                || off > payload.length - len) {
            errors++;
            return false;
        }
        in.position(0).put(payload, off, len);
        packet.data(in.position(0)).size(len);
        int r = avcodec_send_packet(ctx, packet);
        packet.data(null).size(0);
        if (r < 0) {
            errors++;
            return false;
        }
        int produced = 0;
        // One packet gives one frame; drain anyway so a stray extra frame cannot wedge the decoder.
        while (avcodec_receive_frame(ctx, frame) >= 0) {
            if (produced == 0) {
                produced = convert(pcm);
            }
            av_frame_unref(frame);
        }
        if (produced <= 0) {
            errors++;
            return false;
        }
        if (produced != AudioFrames.FRAME_SAMPLES) {
            sizeMismatches++;
        }
        decoded++;
        return true;
    }

    /** Copies the current frame's first 960 samples into pcm as mono s16; returns samples in the frame or -1. */
    private int convert(short[] pcm) {
        int n = frame.nb_samples();
        int ch = frame.ch_layout().nb_channels();
        int fmt = frame.format();
        if (frame.sample_rate() != AudioFrames.SAMPLE_RATE || n <= 0 || n > MAX_SAMPLES || ch < 1
                || ch > MAX_CHANNELS) {
            return -1;
        }
        int keep = Math.min(n, AudioFrames.FRAME_SAMPLES);
        if (fmt == AV_SAMPLE_FMT_FLT || fmt == AV_SAMPLE_FMT_FLTP) {
            boolean planar = fmt == AV_SAMPLE_FMT_FLTP;
            readFloats(planar, n, ch);
            for (int i = 0; i < keep; i++) {
                float sum = 0;
                for (int c = 0; c < ch; c++) {
                    sum += floats[planar ? c * n + i : i * ch + c];
                }
                pcm[i] = toS16(sum / ch);
            }
        } else if (fmt == AV_SAMPLE_FMT_S16 || fmt == AV_SAMPLE_FMT_S16P) {
            boolean planar = fmt == AV_SAMPLE_FMT_S16P;
            readShorts(planar, n, ch);
            for (int i = 0; i < keep; i++) {
                int sum = 0;
                for (int c = 0; c < ch; c++) {
                    sum += shorts[planar ? c * n + i : i * ch + c];
                }
                pcm[i] = (short) (sum / ch);
            }
        } else {
            return -1;
        }
        return n;
    }

    private void readFloats(boolean planar, int n, int ch) {
        if (planar) {
            for (int c = 0; c < ch; c++) {
                new FloatPointer(frame.extended_data(c)).get(floats, c * n, n);
            }
        } else {
            new FloatPointer(frame.extended_data(0)).get(floats, 0, n * ch);
        }
    }

    private void readShorts(boolean planar, int n, int ch) {
        if (planar) {
            for (int c = 0; c < ch; c++) {
                new ShortPointer(frame.extended_data(c)).get(shorts, c * n, n);
            }
        } else {
            new ShortPointer(frame.extended_data(0)).get(shorts, 0, n * ch);
        }
    }

    static short toS16(float f) {
        int v = Math.round(f * 32768f);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }

    /** Payloads decoded into audio. */
    public long decoded() {
        return decoded;
    }

    /** Payloads (or calls) that yielded silence because of an error. */
    public long errors() {
        return errors;
    }

    /** Decoded packets that were not exactly 20 ms long. */
    public long sizeMismatches() {
        return sizeMismatches;
    }

    @Override
    public void close() {
        if (ctx == null) {
            return;
        }
        avcodec_free_context(ctx);
        av_packet_free(packet);
        av_frame_free(frame);
        in.close();
        ctx = null;
        packet = null;
        frame = null;
        in = null;
    }
}
