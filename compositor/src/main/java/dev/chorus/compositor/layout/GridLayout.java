package dev.chorus.compositor.layout;

import java.util.ArrayList;
import java.util.List;

/**
 * Places up to {@link #MAX_TILES} equal 16:9 tiles on a canvas. The grid is the smallest of 1x1, 2x1,
 * 2x2, 3x2, 3x3, 4x3, 4x4 that holds everyone; tiles are separated (and framed) by a small gap, the grid
 * is centered and a partly filled last row is centered too. All coordinates and sizes are even.
 *
 * <p>With more than {@link #MAX_TILES} participants only the first {@link #MAX_TILES} of the caller's
 * order get a tile, so the caller must order by priority (active speaker first, then recent speakers).
 *
 * <p>Computing is cheap but allocates; callers cache the {@link Layout} and recompute only when the
 * participant count or the canvas changes.
 */
public final class GridLayout {
    public static final int MAX_TILES = 16;
    private static final int[] CAPACITIES = {1, 2, 4, 6, 9, 12, 16};
    private static final int[] COLUMNS = {1, 2, 2, 3, 3, 4, 4};
    private static final int[] ROWS = {1, 1, 2, 2, 3, 3, 4};

    /** A computed grid: {@code tiles.get(i)} is the i-th participant's tile (min(n, 16) tiles). */
    public record Layout(int canvasWidth, int canvasHeight, int columns, int rows, int gap, List<Tile> tiles) {
        public Layout {
            tiles = List.copyOf(tiles);
        }

        /** Number of participants shown (tiles placed). */
        public int count() {
            return tiles.size();
        }

        /** Tiles the grid has room for (columns x rows). */
        public int capacity() {
            return columns * rows;
        }
    }

    private GridLayout() {}

    /** Grid capacity for {@code participants}: the smallest of 1, 2, 4, 6, 9, 12, 16 that fits, capped at 16. */
    public static int capacityFor(int participants) {
        return CAPACITIES[gridIndex(participants)];
    }

    public static Layout compute(int participants, int canvasWidth, int canvasHeight) {
        if (participants < 0) {
            throw new IllegalArgumentException("negative participant count " + participants);
        }
        if (canvasWidth < 8 || canvasHeight < 8) {
            throw new IllegalArgumentException("canvas too small " + canvasWidth + "x" + canvasHeight);
        }
        if (participants == 0) {
            return new Layout(canvasWidth, canvasHeight, 0, 0, gapFor(canvasWidth, canvasHeight), List.of());
        }
        int g = gridIndex(participants);
        int cols = COLUMNS[g];
        int rows = ROWS[g];
        int count = Math.min(participants, MAX_TILES);
        int gap = gapFor(canvasWidth, canvasHeight);
        // Largest 16:9 cell that fits both the column and the row budget (gaps also frame the grid).
        int maxW = (canvasWidth - (cols + 1) * gap) / cols;
        int maxH = (canvasHeight - (rows + 1) * gap) / rows;
        int w;
        int h;
        if ((long) maxW * 9 <= (long) maxH * 16) {
            w = maxW & ~1;
            h = Math.min(evenRound(w * 9 / 16.0), maxH & ~1);
        } else {
            h = maxH & ~1;
            w = Math.min(evenRound(h * 16 / 9.0), maxW & ~1);
        }
        if (w < 2 || h < 2) {
            throw new IllegalArgumentException(
                    "canvas " + canvasWidth + "x" + canvasHeight + " too small for " + cols + "x" + rows);
        }
        int x0 = (canvasWidth - (cols * w + (cols - 1) * gap)) / 2 & ~1;
        int y0 = (canvasHeight - (rows * h + (rows - 1) * gap)) / 2 & ~1;
        List<Tile> tiles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int row = i / cols;
            int col = i % cols;
            int inRow = Math.min(cols, count - row * cols);
            int rowShift = (cols - inRow) * (w + gap) / 2 & ~1;
            tiles.add(new Tile(x0 + rowShift + col * (w + gap), y0 + row * (h + gap), w, h));
        }
        return new Layout(canvasWidth, canvasHeight, cols, rows, gap, tiles);
    }

    /** About 1% of the short side (8 px at 720p), even, at least 2. */
    static int gapFor(int canvasWidth, int canvasHeight) {
        return Math.max(2, (int) Math.round(Math.min(canvasWidth, canvasHeight) / 90.0) & ~1);
    }

    private static int evenRound(double v) {
        return 2 * (int) Math.round(v / 2);
    }

    private static int gridIndex(int participants) {
        for (int i = 0; i < CAPACITIES.length; i++) {
            if (CAPACITIES[i] >= participants) {
                return i;
            }
        }
        return CAPACITIES.length - 1;
    }
}
