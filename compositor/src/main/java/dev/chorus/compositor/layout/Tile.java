package dev.chorus.compositor.layout;

/**
 * A rectangle of the canvas, in pixels. Layouts only produce even coordinates and sizes so that a tile
 * maps onto whole I420 chroma samples.
 */
public record Tile(int x, int y, int w, int h) {
    public Tile {
        if (w < 0 || h < 0) {
            throw new IllegalArgumentException("negative tile size " + w + "x" + h);
        }
    }

    /** One past the last column. */
    public int right() {
        return x + w;
    }

    /** One past the last row. */
    public int bottom() {
        return y + h;
    }

    public boolean overlaps(Tile o) {
        return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
    }

    public boolean contains(Tile o) {
        return o.x >= x && o.y >= y && o.right() <= right() && o.bottom() <= bottom();
    }

    /**
     * The largest rectangle of a {@code srcW x srcH} picture's aspect that fits this tile, centered
     * (letterbox or pillarbox), with even position and size. The rounding to even costs at most 1 px of
     * aspect on the scaled side.
     */
    public Tile fit(int srcW, int srcH) {
        if (srcW <= 0 || srcH <= 0) {
            throw new IllegalArgumentException("bad source size " + srcW + "x" + srcH);
        }
        int fw;
        int fh;
        if ((long) srcW * h >= (long) srcH * w) { // source relatively wider: full width, bars top/bottom
            fw = w;
            fh = clampEven(evenRound((double) w * srcH / srcW), h);
        } else {
            fh = h;
            fw = clampEven(evenRound((double) h * srcW / srcH), w);
        }
        return new Tile(x + ((w - fw) / 2 & ~1), y + ((h - fh) / 2 & ~1), fw, fh);
    }

    private static int evenRound(double v) {
        return 2 * (int) Math.round(v / 2);
    }

    private static int clampEven(int v, int max) {
        return Math.max(Math.min(2, max), Math.min(v, max));
    }
}
