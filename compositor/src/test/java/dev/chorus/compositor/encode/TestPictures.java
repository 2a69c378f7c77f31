package dev.chorus.compositor.encode;

import dev.chorus.compositor.frame.I420Frame;

/** Synthetic moving pictures: a diagonal luma gradient with a bright box that moves every frame. */
public final class TestPictures {
    public static final int BOX = 64;

    private TestPictures() {}

    /** Box top-left x for frame {@code n}. */
    public static int boxX(I420Frame f, int n) {
        return (n * 8) % (f.width() - BOX);
    }

    public static int boxY(I420Frame f, int n) {
        return (n * 4) % (f.height() - BOX);
    }

    /** Draws frame {@code n} into {@code f}. */
    public static void draw(I420Frame f, int n) {
        int w = f.width();
        int h = f.height();
        byte[] y = f.y();
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                y[r * w + c] = (byte) (16 + ((r + c + n) * 160 / (w + h + n)) % 160);
            }
        }
        int bx = boxX(f, n);
        int by = boxY(f, n);
        for (int r = by; r < by + BOX; r++) {
            for (int c = bx; c < bx + BOX; c++) {
                // A checker inside the box so misplaced blocks show up as a large difference.
                y[r * w + c] = (byte) ((((r - by) / 8 + (c - bx) / 8) & 1) == 0 ? 235 : 60);
            }
        }
        int cw = f.chromaWidth();
        for (int r = 0; r < f.chromaHeight(); r++) {
            for (int c = 0; c < cw; c++) {
                f.u()[r * cw + c] = (byte) (96 + (c * 64 / cw));
                f.v()[r * cw + c] = (byte) (160 - (r * 64 / f.chromaHeight()));
            }
        }
    }

    /** Mean absolute luma difference over the box of frame {@code n}. */
    public static double boxLumaMad(I420Frame expected, I420Frame actual, int n) {
        int bx = boxX(expected, n);
        int by = boxY(expected, n);
        long sum = 0;
        for (int r = by; r < by + BOX; r++) {
            for (int c = bx; c < bx + BOX; c++) {
                sum += Math.abs(expected.lumaAt(c, r) - actual.lumaAt(c, r));
            }
        }
        return sum / (double) (BOX * BOX);
    }

    /** Mean absolute luma difference over the whole picture. */
    public static double lumaMad(I420Frame expected, I420Frame actual) {
        long sum = 0;
        for (int r = 0; r < expected.height(); r++) {
            for (int c = 0; c < expected.width(); c++) {
                sum += Math.abs(expected.lumaAt(c, r) - actual.lumaAt(c, r));
            }
        }
        return sum / (double) (expected.width() * expected.height());
    }
}
