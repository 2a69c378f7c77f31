package dev.chorus.compositor.compose;

import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.overlay.Yuv;
import java.util.Arrays;

/** Filling rectangles of I420 frames. */
final class Planes {
    private Planes() {}

    /** Fills (x, y, w, h), with x and y even, clipped to the frame. */
    static void fillRect(I420Frame f, int x, int y, int w, int h, Yuv c) {
        int x1 = Math.min(f.width(), x + w);
        int y1 = Math.min(f.height(), y + h);
        x = Math.max(0, x);
        y = Math.max(0, y);
        if (x >= x1 || y >= y1) {
            return;
        }
        byte luma = (byte) c.y();
        for (int r = y; r < y1; r++) {
            Arrays.fill(f.y(), r * f.width() + x, r * f.width() + x1, luma);
        }
        int cw = f.chromaWidth();
        int cx0 = x / 2;
        int cx1 = (x1 + 1) / 2;
        for (int r = y / 2; r < (y1 + 1) / 2; r++) {
            Arrays.fill(f.u(), r * cw + cx0, r * cw + cx1, (byte) c.u());
            Arrays.fill(f.v(), r * cw + cx0, r * cw + cx1, (byte) c.v());
        }
    }

    /** A frame of {@code t} pixels wide drawn inside the rectangle's edges. */
    static void border(I420Frame f, int x, int y, int w, int h, int t, Yuv c) {
        fillRect(f, x, y, w, t, c);
        fillRect(f, x, y + h - t, w, t, c);
        fillRect(f, x, y + t, t, h - 2 * t, c);
        fillRect(f, x + w - t, y + t, t, h - 2 * t, c);
    }
}
