package dev.chorus.compositor.encode;

import org.bytedeco.ffmpeg.global.avutil;

/** FFmpeg constants bytedeco does not map (C macros) and error-text formatting. */
public final class FfmpegErrors {
    /** AVERROR(EAGAIN) on Linux. */
    public static final int EAGAIN = -11;
    /** AV_FRAME_FLAG_CORRUPT: (1 << 0) in libavutil/frame.h. */
    public static final int FRAME_FLAG_CORRUPT = 1;
    /** AV_FRAME_FLAG_KEY: (1 << 1) in libavutil/frame.h. */
    public static final int FRAME_FLAG_KEY = 1 << 1;

    private FfmpegErrors() {}

    public static String describe(int err) {
        byte[] buf = new byte[128];
        if (avutil.av_strerror(err, buf, buf.length) < 0) {
            return "error " + err;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII) + " (" + err + ")";
    }
}
