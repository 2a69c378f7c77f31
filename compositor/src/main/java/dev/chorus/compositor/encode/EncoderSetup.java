package dev.chorus.compositor.encode;

import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.global.avutil;

/** The real-time settings each encoder is opened with (what WebRTC senders use). */
final class EncoderSetup {
    /** Keyframes come on request (PLI, new receiver); the periodic one is only a safety net. */
    static final int KEYFRAME_INTERVAL = 3000;

    private EncoderSetup() {}

    static void configure(AVCodecContext ctx, VideoCodec codec, int width, int height, int fps, int bitrateBps) {
        ctx.width(width);
        ctx.height(height);
        ctx.pix_fmt(avutil.AV_PIX_FMT_YUV420P);
        // pts are the caller's 90 kHz media clock, so the encoder's rate control sees real frame spacing.
        ctx.time_base(av_make_q(1, 90_000));
        ctx.framerate(av_make_q(fps, 1));
        ctx.gop_size(KEYFRAME_INTERVAL);
        ctx.max_b_frames(0);
        ctx.thread_count(1);
        setRate(ctx, bitrateBps);
        if (codec == VideoCodec.VP8) {
            configureVp8(ctx);
        } else {
            configureH264(ctx);
        }
    }

    /** Target = min = max selects libvpx's CBR mode; the 1 s buffer bounds how far a frame may overshoot. */
    static void setRate(AVCodecContext ctx, int bitrateBps) {
        ctx.bit_rate(bitrateBps);
        ctx.rc_min_rate(bitrateBps);
        ctx.rc_max_rate(bitrateBps);
        ctx.rc_buffer_size(bitrateBps);
    }

    private static void configureVp8(AVCodecContext ctx) {
        // Quantizer range libwebrtc uses for VP8 (2..56): 63 looks too blocky for a composite.
        ctx.qmin(2);
        ctx.qmax(56);
        set(ctx, "deadline", "realtime");
        set(ctx, "cpu-used", "10");
        set(ctx, "lag-in-frames", "0");
        set(ctx, "auto-alt-ref", "0");
        // After a requested keyframe libvpx's one-pass CBR codes a small keyframe and then a delta frame
        // of 15-20 mean frames (measured: 33 kB at 640x360 / 500 kbit/s), which takes half a second to
        // pace out: every receiver of the layer freezes on each PLI. Mode 2 drops a frame that overshoots
        // that far instead (one frame skipped), at slightly lower quality for the next second.
        set(ctx, "screen-content-mode", "2");
        // "default": each frame decodable after a lost one as long as its references arrived.
        set(ctx, "error-resilient", "default");
    }

    private static void configureH264(AVCodecContext ctx) {
        // Profile left unset: FFmpeg rejects 66 and maps coder=cavlc to CONSTRAINED_BASELINE (578),
        // which openh264 does not know and replaces by its default baseline profile_idc 66 (a warning
        // in the log) without FMO/ASO/B-slices: the constrained subset WebRTC signals (tested).
        set(ctx, "rc_mode", "bitrate");
        // openh264 only holds the bitrate when it may skip frames (it warns otherwise); a skipped
        // frame makes encode() return 0, as libwebrtc's openh264 wrapper does.
        set(ctx, "allow_skip_frames", "1");
        set(ctx, "coder", "cavlc");
    }

    private static void set(AVCodecContext ctx, String key, String value) {
        int ret = av_opt_set(ctx.priv_data(), key, value, 0);
        if (ret < 0) {
            throw new IllegalStateException("encoder option " + key + "=" + value + ": " + FfmpegErrors.describe(ret));
        }
    }
}
