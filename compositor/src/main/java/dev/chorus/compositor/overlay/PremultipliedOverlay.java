package dev.chorus.compositor.overlay;

import dev.chorus.compositor.frame.I420Frame;

/**
 * A rendered overlay converted once to premultiplied I420 (coverage plus colour already weighted by it),
 * so that blending per frame is {@code dst = colour + dst * (255 - alpha) / 255} in integers with no
 * allocation. Chroma uses the 2x2 average of the premultiplied samples, i.e. area coverage.
 */
final class PremultipliedOverlay {
    final int width;
    final int height;
    private final byte[] alpha;
    private final byte[] luma;
    private final byte[] chromaAlpha;
    private final byte[] cb;
    private final byte[] cr;

    /** From a TYPE_INT_ARGB_PRE raster, row-major {@code width x height}. */
    PremultipliedOverlay(int[] argbPre, int width, int height) {
        this.width = width;
        this.height = height;
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        alpha = new byte[width * height];
        luma = new byte[width * height];
        chromaAlpha = new byte[cw * ch];
        cb = new byte[cw * ch];
        cr = new byte[cw * ch];
        double[] sumA = new double[cw * ch];
        double[] sumU = new double[cw * ch];
        double[] sumV = new double[cw * ch];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int p = argbPre[row * width + col];
                int a = p >>> 24;
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                alpha[row * width + col] = (byte) a;
                luma[row * width + col] = (byte) Yuv.clamp(Math.round(Yuv.luma(r, g, b, a)));
                int c = (row / 2) * cw + col / 2;
                sumA[c] += a;
                sumU[c] += Yuv.cb(r, g, b, a);
                sumV[c] += Yuv.cr(r, g, b, a);
            }
        }
        for (int c = 0; c < cw * ch; c++) {
            // Missing samples of an odd edge count as transparent: divide by 4 always.
            chromaAlpha[c] = (byte) Yuv.clamp(Math.round(sumA[c] / 4));
            cb[c] = (byte) Yuv.clamp(Math.round(sumU[c] / 4));
            cr[c] = (byte) Yuv.clamp(Math.round(sumV[c] / 4));
        }
    }

    /** Coverage 0..255 at (x, y) of the overlay. */
    int alphaAt(int x, int y) {
        return alpha[y * width + x] & 0xff;
    }

    /**
     * Blends onto {@code dst} with the overlay's top-left at (x, y) rounded down to even (chroma
     * alignment); parts outside {@code dst} are clipped.
     */
    void blendInto(I420Frame dst, int x, int y) {
        x &= ~1;
        y &= ~1;
        blendPlane(alpha, luma, width, height, dst.y(), dst.width(), dst.width(), dst.height(), x, y);
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        int dcw = dst.chromaWidth();
        int dch = dst.chromaHeight();
        blendPlane(chromaAlpha, cb, cw, ch, dst.u(), dcw, dcw, dch, x / 2, y / 2);
        blendPlane(chromaAlpha, cr, cw, ch, dst.v(), dcw, dcw, dch, x / 2, y / 2);
    }

    private static void blendPlane(byte[] alpha, byte[] colour, int w, int h,
                                   byte[] dst, int stride, int dstW, int dstH, int x, int y) {
        int c0 = Math.max(0, -x);
        int c1 = Math.min(w, dstW - x);
        int r0 = Math.max(0, -y);
        int r1 = Math.min(h, dstH - y);
        for (int r = r0; r < r1; r++) {
            int s = r * w;
            int d = (y + r) * stride + x;
            for (int c = c0; c < c1; c++) {
                int a = alpha[s + c] & 0xff;
                if (a == 0) {
                    continue;
                }
                // t / 255 rounded, as (t + 128 + ((t + 128) >> 8)) >> 8: exact for t <= 255 * 255.
                int t = (dst[d + c] & 0xff) * (255 - a) + 128;
                int out = (colour[s + c] & 0xff) + ((t + (t >> 8)) >> 8);
                dst[d + c] = (byte) (out > 255 ? 255 : out);
            }
        }
    }
}
