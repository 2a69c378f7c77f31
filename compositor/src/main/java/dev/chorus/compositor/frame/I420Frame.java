package dev.chorus.compositor.frame;

import java.util.Arrays;

/**
 * A planar YUV 4:2:0 picture in heap arrays, tightly packed (luma stride = width, chroma stride =
 * (width + 1) / 2): the one picture type decoders, the compositor and encoders exchange. Mutable and
 * reusable; not thread-safe — hand a frame to another thread only with a happens-before edge.
 */
public final class I420Frame {
    private int width;
    private int height;
    private byte[] y = new byte[0];
    private byte[] u = new byte[0];
    private byte[] v = new byte[0];
    /** Capture or decode time, {@link System#nanoTime()} scale; 0 if unknown. */
    public long timestampNanos;

    public I420Frame() {}

    public I420Frame(int width, int height) {
        resize(width, height);
    }

    /** Makes the planes fit {@code width x height} (reusing the arrays when big enough). */
    public void resize(int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height > 16_384L * 16_384L) {
            throw new IllegalArgumentException("bad frame size " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        int luma = width * height;
        int chroma = chromaWidth() * chromaHeight();
        if (y.length < luma) {
            y = new byte[luma];
        }
        if (u.length < chroma) {
            u = new byte[chroma];
            v = new byte[chroma];
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int chromaWidth() {
        return (width + 1) / 2;
    }

    public int chromaHeight() {
        return (height + 1) / 2;
    }

    /** Luma plane; row r starts at r * width(). May be longer than width() * height(). */
    public byte[] y() {
        return y;
    }

    /** Cb plane; row r starts at r * chromaWidth(). */
    public byte[] u() {
        return u;
    }

    /** Cr plane; row r starts at r * chromaWidth(). */
    public byte[] v() {
        return v;
    }

    /** Fills the whole picture with one colour. */
    public void fill(int luma, int cb, int cr) {
        Arrays.fill(y, 0, width * height, (byte) luma);
        Arrays.fill(u, 0, chromaWidth() * chromaHeight(), (byte) cb);
        Arrays.fill(v, 0, chromaWidth() * chromaHeight(), (byte) cr);
    }

    /** Copies {@code other} into this frame (resizing it). */
    public void copyFrom(I420Frame other) {
        resize(other.width, other.height);
        System.arraycopy(other.y, 0, y, 0, width * height);
        System.arraycopy(other.u, 0, u, 0, chromaWidth() * chromaHeight());
        System.arraycopy(other.v, 0, v, 0, chromaWidth() * chromaHeight());
        timestampNanos = other.timestampNanos;
    }

    /** Luma sample at (x, y), 0..255. */
    public int lumaAt(int x, int yPos) {
        return y[yPos * width + x] & 0xff;
    }

    @Override
    public String toString() {
        return "I420Frame[" + width + "x" + height + "]";
    }
}
