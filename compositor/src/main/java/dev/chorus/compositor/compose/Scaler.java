package dev.chorus.compositor.compose;

import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.layout.Tile;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;

/**
 * Scales I420 pictures (or rectangles of them) into rectangles of other I420 pictures with libswscale.
 *
 * <p>Frames live on the heap and swscale needs native memory, so each call copies the source into a
 * reused native buffer, scales into a second native buffer the size of the destination rectangle and
 * copies that back into the rectangle. Both buffers are 64-byte aligned, which swscale's SIMD code
 * wants; scaling straight into a native mirror of the canvas at the rectangle's offset would hand it
 * unaligned row starts for most tiles. The copies are cheap next to the filtering (a 640x360 source
 * into a 406x228 tile took about 0.12 ms all told). No allocation per call once buffers and contexts
 * exist. Not thread-safe.
 */
public final class Scaler implements AutoCloseable {
    private final SwsContexts contexts;
    private final NativePlanes source = new NativePlanes();
    private final NativePlanes target = new NativePlanes();
    private boolean closed;

    /** Bilinear: smooth for both up- and downscaling (swscale widens the filter when shrinking). */
    public Scaler() {
        this(swscale.SWS_BILINEAR);
    }

    /** With explicit swscale flags, e.g. {@code SWS_FAST_BILINEAR}. */
    public Scaler(int swsFlags) {
        contexts = new SwsContexts(swsFlags);
    }

    /** Scales all of {@code src} into {@code rect} of {@code dst}. */
    public void scale(I420Frame src, I420Frame dst, Tile rect) {
        scale(src, 0, 0, src.width(), src.height(), dst, rect.x(), rect.y(), rect.w(), rect.h());
    }

    /** Scales all of {@code src} to fill all of {@code dst} (e.g. the 640x360 output from the 1280x720 one). */
    public void downscale(I420Frame src, I420Frame dst) {
        scale(src, 0, 0, src.width(), src.height(), dst, 0, 0, dst.width(), dst.height());
    }

    /**
     * Scales the rectangle (srcX, srcY, srcW, srcH) of {@code src} into (dstX, dstY, dstW, dstH) of
     * {@code dst}; pixels of {@code dst} outside it are untouched. Rectangle origins must be even (chroma
     * sites); both rectangles must lie inside their frames.
     */
    public void scale(I420Frame src, int srcX, int srcY, int srcW, int srcH,
                      I420Frame dst, int dstX, int dstY, int dstW, int dstH) {
        if (closed) {
            throw new IllegalStateException("scaler closed");
        }
        checkRect("source", src, srcX, srcY, srcW, srcH);
        checkRect("destination", dst, dstX, dstY, dstW, dstH);
        SwsContext ctx = contexts.get(srcW, srcH, dstW, dstH);
        source.load(src);
        source.pointAt(srcX, srcY);
        target.resize(dstW, dstH);
        int rows = swscale.sws_scale(ctx, source.data, source.strides, 0, srcH, target.data, target.strides);
        if (rows != dstH) {
            throw new IllegalStateException("sws_scale wrote " + rows + " rows, expected " + dstH);
        }
        target.storeInto(dst, dstX, dstY);
    }

    /** Number of cached swscale contexts (one per distinct size pair). */
    public int cachedContexts() {
        return contexts.size();
    }

    private static void checkRect(String what, I420Frame f, int x, int y, int w, int h) {
        if (((x | y) & 1) != 0 || x < 0 || y < 0 || w <= 0 || h <= 0
                || x + w > f.width() || y + h > f.height()) {
            throw new IllegalArgumentException(what + " rect " + x + "," + y + " " + w + "x" + h
                    + " invalid for " + f + " (origin must be even and inside)");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            contexts.close();
            source.release();
            target.release();
        }
    }
}
