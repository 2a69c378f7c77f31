package dev.chorus.compositor.compose;

import dev.chorus.compositor.frame.I420Frame;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An I420 picture in native memory for libswscale: planes and strides aligned to 64 bytes (swscale's
 * SIMD paths want aligned data and warns and slows down otherwise). Heap frames are copied in and out
 * row by row through a direct-buffer view (plain Java memcpy, no JNI per row). The memory only grows;
 * nothing is allocated per call once it is big enough.
 */
final class NativePlanes implements AutoCloseable {
    private static final int ALIGN = 64;

    private BytePointer memory;
    private ByteBuffer view;
    private long base;
    private int capacity;
    private int width;
    private int height;
    private int yStride;
    private int cStride;
    private int uOffset;
    private int vOffset;
    /** Plane pointers handed to sws_scale; written as raw addresses through {@link #addresses}. */
    final PointerPointer<BytePointer> data = new PointerPointer<>(4);
    private final LongPointer addresses = new LongPointer(data);
    final IntPointer strides = new IntPointer(4);

    /** Lays out a {@code width x height} picture (contents undefined) and points {@link #data} at (0, 0). */
    void resize(int width, int height) {
        this.width = width;
        this.height = height;
        yStride = align(width);
        cStride = align((width + 1) / 2);
        int ch = (height + 1) / 2;
        uOffset = yStride * height;
        vOffset = uOffset + cStride * ch;
        int needed = vOffset + cStride * ch;
        if (needed > capacity) {
            close();
            memory = new BytePointer((long) needed + ALIGN);
            int misalignment = (int) (memory.address() % ALIGN);
            int skip = misalignment == 0 ? 0 : ALIGN - misalignment;
            base = memory.address() + skip;
            // asByteBuffer() starts at the allocation, ignoring position: slice to the aligned start.
            view = memory.limit((long) skip + needed).asByteBuffer().slice(skip, needed);
            capacity = needed;
        }
        strides.put(0, yStride).put(1, cStride).put(2, cStride).put(3, 0);
        pointAt(0, 0);
    }

    /** Points {@link #data} at (x, y) of the picture; x and y must be even. */
    void pointAt(int x, int y) {
        addresses.put(0, base + (long) y * yStride + x);
        addresses.put(1, base + uOffset + (long) (y / 2) * cStride + x / 2);
        addresses.put(2, base + vOffset + (long) (y / 2) * cStride + x / 2);
        addresses.put(3, 0L);
    }

    /** Resizes to {@code src}'s size and copies its pixels in. */
    void load(I420Frame src) {
        resize(src.width(), src.height());
        copyRows(src.y(), width, 0, yStride, width, height, true);
        int cw = src.chromaWidth();
        int ch = src.chromaHeight();
        copyRows(src.u(), cw, uOffset, cStride, cw, ch, true);
        copyRows(src.v(), cw, vOffset, cStride, cw, ch, true);
    }

    /** Copies the whole picture into {@code dst} with its top-left at (x, y) (even). */
    void storeInto(I420Frame dst, int x, int y) {
        int dw = dst.width();
        copyRows(dst.y(), dw, 0, yStride, width, height, false, y * dw + x);
        int dcw = dst.chromaWidth();
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        int chromaStart = (y / 2) * dcw + x / 2;
        copyRows(dst.u(), dcw, uOffset, cStride, cw, ch, false, chromaStart);
        copyRows(dst.v(), dcw, vOffset, cStride, cw, ch, false, chromaStart);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    private void copyRows(byte[] heap, int heapStride, int nativeOffset, int nativeStride, int w, int h, boolean in) {
        copyRows(heap, heapStride, nativeOffset, nativeStride, w, h, in, 0);
    }

    private void copyRows(byte[] heap, int heapStride, int nativeOffset, int nativeStride, int w, int h,
                          boolean in, int heapStart) {
        for (int r = 0; r < h; r++) {
            int n = nativeOffset + r * nativeStride;
            int j = heapStart + r * heapStride;
            if (in) {
                view.put(n, heap, j, w);
            } else {
                view.get(n, heap, j, w);
            }
        }
    }

    private static int align(int v) {
        return (v + ALIGN - 1) / ALIGN * ALIGN;
    }

    @Override
    public void close() {
        if (memory != null) {
            memory.close();
            memory = null;
            view = null;
            capacity = 0;
        }
    }

    /** Frees the pointer arrays too; the object is unusable afterwards. */
    void release() {
        close();
        data.close();
        strides.close();
    }
}
