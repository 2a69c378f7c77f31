package dev.chorus.compositor.compose;

import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.overlay.Yuv;

/** Test pictures and samplers. */
final class Frames {
    private Frames() {}

    static I420Frame solid(int w, int h, Yuv c) {
        I420Frame f = new I420Frame(w, h);
        f.fill(c.y(), c.u(), c.v());
        return f;
    }

    /** Luma rises left to right 16..235, Cb top to bottom 16..240, Cr constant 128. */
    static I420Frame gradient(int w, int h) {
        I420Frame f = new I420Frame(w, h);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                f.y()[r * w + c] = (byte) (16 + 219 * c / (w - 1));
            }
        }
        int cw = f.chromaWidth();
        int ch = f.chromaHeight();
        for (int r = 0; r < ch; r++) {
            for (int c = 0; c < cw; c++) {
                f.u()[r * cw + c] = (byte) (16 + 224 * r / (ch - 1));
                f.v()[r * cw + c] = (byte) 128;
            }
        }
        return f;
    }

    static int u(I420Frame f, int x, int y) {
        return f.u()[(y / 2) * f.chromaWidth() + x / 2] & 0xff;
    }

    static int v(I420Frame f, int x, int y) {
        return f.v()[(y / 2) * f.chromaWidth() + x / 2] & 0xff;
    }

    static boolean near(I420Frame f, int x, int y, Yuv c, int tolerance) {
        return Math.abs(f.lumaAt(x, y) - c.y()) <= tolerance
                && Math.abs(u(f, x, y) - c.u()) <= tolerance
                && Math.abs(v(f, x, y) - c.v()) <= tolerance;
    }

    static String describe(I420Frame f, int x, int y) {
        return "(" + f.lumaAt(x, y) + "," + u(f, x, y) + "," + v(f, x, y) + ") at " + x + "," + y;
    }
}
