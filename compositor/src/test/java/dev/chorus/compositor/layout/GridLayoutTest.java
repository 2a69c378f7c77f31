package dev.chorus.compositor.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GridLayoutTest {
    private static final int[][] CANVASES = {{1280, 720}, {640, 360}, {1920, 1080}, {720, 1280}, {1000, 1000}};

    @Test
    void capacityIsTheSmallestGridThatHoldsEveryone() {
        int[] expected = {1, 1, 2, 4, 4, 6, 6, 9, 9, 9, 12, 12, 12, 16, 16, 16, 16, 16, 16, 16, 16};
        for (int n = 0; n <= 20; n++) {
            assertEquals(expected[n], GridLayout.capacityFor(n), "n=" + n);
        }
        int[][] shapes = {{1, 1}, {2, 1}, {2, 2}, {2, 2}, {3, 2}, {3, 2}, {3, 3}, {3, 3}, {3, 3},
                {4, 3}, {4, 3}, {4, 3}, {4, 4}, {4, 4}, {4, 4}, {4, 4}, {4, 4}};
        for (int n = 1; n <= 17; n++) {
            GridLayout.Layout l = GridLayout.compute(n, 1280, 720);
            assertEquals(shapes[n - 1][0], l.columns(), "columns n=" + n);
            assertEquals(shapes[n - 1][1], l.rows(), "rows n=" + n);
        }
    }

    @Test
    void everyCountGivesEqualEvenNonOverlappingCenteredTilesInsideTheCanvas() {
        for (int[] canvas : CANVASES) {
            int cw = canvas[0];
            int ch = canvas[1];
            for (int n = 1; n <= 20; n++) {
                String where = n + " on " + cw + "x" + ch;
                GridLayout.Layout l = GridLayout.compute(n, cw, ch);
                List<Tile> tiles = l.tiles();
                assertEquals(Math.min(n, GridLayout.MAX_TILES), tiles.size(), where);
                Tile first = tiles.get(0);
                Tile canvasRect = new Tile(0, 0, cw, ch);
                int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = 0, maxY = 0;
                for (int i = 0; i < tiles.size(); i++) {
                    Tile t = tiles.get(i);
                    assertTrue(canvasRect.contains(t), where + " tile " + t + " inside canvas");
                    assertEquals(0, (t.x() | t.y() | t.w() | t.h()) & 1, where + " even " + t);
                    assertEquals(first.w(), t.w(), where + " equal width");
                    assertEquals(first.h(), t.h(), where + " equal height");
                    // 16:9 cells, within the rounding to even (1 px on the derived side).
                    assertTrue(Math.abs(t.h() - t.w() * 9 / 16.0) <= 1 || Math.abs(t.w() - t.h() * 16 / 9.0) <= 1,
                            where + " aspect " + t);
                    assertTrue(t.x() >= l.gap() && t.y() >= l.gap(), where + " framed by the gap");
                    for (int j = 0; j < i; j++) {
                        assertFalse(t.overlaps(tiles.get(j)), where + " " + t + " overlaps " + tiles.get(j));
                    }
                    minX = Math.min(minX, t.x());
                    minY = Math.min(minY, t.y());
                    maxX = Math.max(maxX, t.right());
                    maxY = Math.max(maxY, t.bottom());
                }
                // Centered up to the rounding of the offset to even.
                assertTrue(Math.abs(minX - (cw - maxX)) <= 2, where + " centered horizontally");
                assertTrue(Math.abs(minY - (ch - maxY)) <= 2, where + " centered vertically");
                // Tiles fill the space: the grid touches the gap margin on at least one axis.
                assertTrue(minX <= l.gap() + 2 || minY <= l.gap() + 2, where + " grid as large as it can be");
            }
        }
    }

    @Test
    void partialLastRowIsCentered() {
        GridLayout.Layout l = GridLayout.compute(7, 1280, 720); // 3x3 with one tile in the last row
        Tile last = l.tiles().get(6);
        Tile middleAbove = l.tiles().get(4);
        assertEquals(middleAbove.x(), last.x());
        assertTrue(last.y() > middleAbove.y());
    }

    @Test
    void zeroParticipantsGivesNoTilesAndBadInputIsRejected() {
        assertEquals(0, GridLayout.compute(0, 1280, 720).count());
        assertThrows(IllegalArgumentException.class, () -> GridLayout.compute(-1, 1280, 720));
        assertThrows(IllegalArgumentException.class, () -> GridLayout.compute(4, 4, 4));
    }

    @Test
    void fitPreservesAspectCenteredAndEven() {
        int[][] sources = {{640, 360}, {1280, 720}, {480, 640}, {320, 240}, {641, 359}, {1920, 1080},
                {360, 640}, {100, 1000}, {1000, 10}, {2, 2}};
        for (int n : new int[] {1, 2, 4, 9, 16}) {
            for (Tile tile : GridLayout.compute(n, 1280, 720).tiles()) {
                for (int[] s : sources) {
                    String where = s[0] + "x" + s[1] + " into " + tile;
                    Tile f = tile.fit(s[0], s[1]);
                    assertTrue(tile.contains(f), where + " inside: " + f);
                    assertEquals(0, (f.x() | f.y() | f.w() | f.h()) & 1, where + " even: " + f);
                    assertTrue(f.w() == tile.w() || f.h() == tile.h(), where + " touches two edges: " + f);
                    double hError = Math.abs(f.h() - (double) f.w() * s[1] / s[0]);
                    double wError = Math.abs(f.w() - (double) f.h() * s[0] / s[1]);
                    boolean clamped = f.w() == 2 || f.h() == 2;
                    assertTrue(clamped || Math.min(hError, wError) <= 1.0, where + " aspect kept: " + f);
                    assertTrue(Math.abs((f.x() - tile.x()) - (tile.right() - f.right())) <= 2, where + " centered x");
                    assertTrue(Math.abs((f.y() - tile.y()) - (tile.bottom() - f.bottom())) <= 2, where + " centered y");
                }
            }
        }
    }

    @Test
    void sameAspectFillsTheTile() {
        Tile tile = GridLayout.compute(4, 1280, 720).tiles().get(0);
        assertEquals(tile, tile.fit(tile.w() * 2, tile.h() * 2));
    }
}
