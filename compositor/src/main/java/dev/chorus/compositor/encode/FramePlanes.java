package dev.chorus.compositor.encode;

import dev.chorus.compositor.frame.I420Frame;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/** Copies a tightly packed {@link I420Frame} into an FFmpeg yuv420p frame's padded planes. */
final class FramePlanes {
    private FramePlanes() {}

    /** {@code dst} must be allocated for the same size; rows are copied one by one because the strides differ. */
    static void copy(I420Frame src, AVFrame dst) {
        copyPlane(src.y(), src.width(), src.height(), dst.data(0), dst.linesize(0));
        copyPlane(src.u(), src.chromaWidth(), src.chromaHeight(), dst.data(1), dst.linesize(1));
        copyPlane(src.v(), src.chromaWidth(), src.chromaHeight(), dst.data(2), dst.linesize(2));
    }

    private static void copyPlane(byte[] plane, int width, int height, BytePointer dst, int stride) {
        if (stride == width) {
            dst.position(0).put(plane, 0, width * height);
            return;
        }
        for (int row = 0; row < height; row++) {
            dst.position((long) row * stride).put(plane, row * width, width);
        }
    }
}
