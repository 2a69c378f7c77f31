package dev.chorus.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.layout.Tile;
import dev.chorus.compositor.overlay.Yuv;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputSetTest {
    @Test
    void threeSizesWithTheSameColoursInTheSamePlaces() {
        try (OutputSet set = new OutputSet()) {
            List<I420Frame> out = set.compose(GridComposerTest.rgbInputs());
            int[][] sizes = {{1280, 720}, {640, 360}, {320, 180}};
            for (int i = 0; i < 3; i++) {
                assertEquals(sizes[i][0], out.get(i).width());
                assertEquals(sizes[i][1], out.get(i).height());
            }
            Yuv[] colours = {GridComposerTest.RED, GridComposerTest.GREEN, GridComposerTest.BLUE};
            for (int t = 0; t < 3; t++) {
                Tile tile = set.composer().layout().tiles().get(t);
                for (int i = 0; i < 3; i++) {
                    int scale = 1 << i;
                    int x = (tile.x() + tile.w() / 2) / scale;
                    int y = (tile.y() + tile.h() / 3) / scale;
                    assertTrue(Frames.near(out.get(i), x, y, colours[t], 3),
                            "output " + i + " tile " + t + " " + Frames.describe(out.get(i), x, y));
                }
            }
            Yuv bg = Style.DEFAULT.background();
            assertTrue(Frames.near(out.get(2), 1, 1, bg, 1), "background survives downscaling");
            assertSame(out, set.compose(GridComposerTest.rgbInputs()), "reused");
        }
    }
}
