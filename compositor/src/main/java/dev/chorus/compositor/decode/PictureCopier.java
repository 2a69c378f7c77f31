package dev.chorus.compositor.decode;

import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import dev.chorus.compositor.frame.I420Frame;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Turns a decoded AVFrame into a tightly packed {@link I420Frame}: yuv420p planes are copied row by
 * row (FFmpeg pads its strides); any other pixel format goes through swscale first. Holds the
 * swscale context and its target frame between calls.
 */
final class PictureCopier implements AutoCloseable {
    private SwsContext sws;
    private AVFrame converted;

    /** Returns false when the frame cannot be represented (bad size, strides or conversion failure). */
    boolean copy(AVFrame src, I420Frame dst) {
        int w = src.width();
        int h = src.height();
        if (w <= 0 || h <= 0 || w > 16_384 || h > 16_384) {
            return false;
        }
        int fmt = src.format();
        AVFrame planes = src;
        if (fmt != AV_PIX_FMT_YUV420P && fmt != AV_PIX_FMT_YUVJ420P) {
            planes = convert(src, w, h, fmt);
            if (planes == null) {
                return false;
            }
        }
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        if (planes.linesize(0) < w || planes.linesize(1) < cw || planes.linesize(2) < cw) {
            return false;
        }
        dst.resize(w, h);
        copyPlane(planes.data(0), planes.linesize(0), dst.y(), w, h);
        copyPlane(planes.data(1), planes.linesize(1), dst.u(), cw, ch);
        copyPlane(planes.data(2), planes.linesize(2), dst.v(), cw, ch);
        return true;
    }

    private static void copyPlane(BytePointer src, int stride, byte[] dst, int width, int height) {
        if (stride == width) {
            src.position(0).get(dst, 0, width * height);
            return;
        }
        for (int row = 0; row < height; row++) {
            src.position((long) row * stride).get(dst, row * width, width);
        }
    }

    private AVFrame convert(AVFrame src, int w, int h, int fmt) {
        sws = sws_getCachedContext(sws, w, h, fmt, w, h, AV_PIX_FMT_YUV420P, SWS_BILINEAR,
                null, null, (DoublePointer) null);
        if (sws == null) {
            return null;
        }
        if (converted == null || converted.width() != w || converted.height() != h) {
            if (converted != null) {
                av_frame_free(converted);
            }
            converted = av_frame_alloc();
            converted.format(AV_PIX_FMT_YUV420P);
            converted.width(w);
            converted.height(h);
            if (av_frame_get_buffer(converted, 0) < 0) {
                av_frame_free(converted);
                converted = null;
                return null;
            }
        }
        int rows = sws_scale(sws, src.data(), src.linesize(), 0, h, converted.data(), converted.linesize());
        return rows == h ? converted : null;
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (converted != null) {
            av_frame_free(converted);
            converted = null;
        }
    }
}
