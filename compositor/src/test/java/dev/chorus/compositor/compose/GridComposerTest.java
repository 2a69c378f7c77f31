package dev.chorus.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.layout.GridLayout;
import dev.chorus.compositor.layout.Tile;
import dev.chorus.compositor.overlay.NameCard;
import dev.chorus.compositor.overlay.NameLabel;
import dev.chorus.compositor.overlay.Yuv;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GridComposerTest {
    static final Yuv RED = Yuv.fromRgb(0xff0000);
    static final Yuv GREEN = Yuv.fromRgb(0x00ff00);
    static final Yuv BLUE = Yuv.fromRgb(0x0000ff);
    private static final Style STYLE = Style.DEFAULT;

    static List<TileInput> rgbInputs() {
        return List.of(
                TileInput.of("p-red", "Red", Frames.solid(640, 360, RED), false),
                TileInput.of("p-green", "Green", Frames.solid(640, 360, GREEN), false),
                TileInput.of("p-blue", "Blue", Frames.solid(640, 360, BLUE), false));
    }

    private static int cx(Tile t) {
        return t.x() + t.w() / 2;
    }

    private static int cy(Tile t) {
        return t.y() + t.h() / 2;
    }

    @Test
    void eachTileShowsItsVideoAndGapsShowTheBackground() {
        try (GridComposer composer = new GridComposer(1280, 720)) {
            I420Frame out = composer.compose(rgbInputs());
            List<Tile> tiles = composer.layout().tiles();
            assertEquals(3, tiles.size());
            Yuv[] colours = {RED, GREEN, BLUE};
            for (int i = 0; i < 3; i++) {
                Tile t = tiles.get(i);
                assertTrue(Frames.near(out, cx(t), cy(t), colours[i], 2), "tile " + i + " " + Frames.describe(out, cx(t), cy(t)));
                assertTrue(Frames.near(out, t.x() + 2, t.y() + 2, colours[i], 2), "tile " + i + " corner");
                assertTrue(Frames.near(out, t.right() - 2, t.bottom() - 2, colours[i], 2), "tile " + i + " corner");
            }
            Tile a = tiles.get(0);
            Tile b = tiles.get(1);
            Tile c = tiles.get(2);
            int gap = composer.layout().gap();
            int[][] background = {
                    {a.right() + gap / 2, cy(a)}, // between the two top tiles
                    {cx(a), a.bottom() + gap / 2}, // between the rows
                    {0, 0}, {1279, 719}, {a.x() / 2, cy(a)},
                    {c.x() - gap - 4, cy(c)}, {c.right() + gap + 4, cy(c)}, // beside the centered last tile
                    {b.right() + 1, b.y()}};
            for (int[] p : background) {
                assertTrue(Frames.near(out, p[0], p[1], STYLE.background(), 0), "background " + Frames.describe(out, p[0], p[1]));
            }
        }
    }

    @Test
    void cameraOffTileShowsTheNameCard() {
        List<TileInput> inputs = new ArrayList<>(rgbInputs());
        inputs.add(TileInput.of("p-off", "Camera Off", null, false));
        try (GridComposer composer = new GridComposer(1280, 720)) {
            I420Frame out = composer.compose(inputs);
            Tile t = composer.layout().tiles().get(3);
            Yuv card = Yuv.fromRgb(NameCard.colourFor("p-off"));
            assertTrue(Frames.near(out, t.x() + 6, t.y() + 6, card, 1), Frames.describe(out, t.x() + 6, t.y() + 6));
            assertFalse(Frames.near(out, t.x() + 6, t.y() + 6, STYLE.background(), 4));
            int bright = 0;
            for (int x = t.x(); x < t.right(); x++) {
                bright += out.lumaAt(x, cy(t)) > 200 ? 1 : 0;
            }
            assertTrue(bright > 10, "initials in the middle: " + bright);
        }
    }

    @Test
    void highlightBorderOnlyAroundTheSpeakingTile() {
        List<TileInput> inputs = new ArrayList<>(rgbInputs());
        TileInput green = inputs.get(1);
        inputs.set(1, TileInput.of(green.participantId(), green.displayName(), green.video(), true));
        try (GridComposer composer = new GridComposer(1280, 720)) {
            I420Frame out = composer.compose(inputs);
            Yuv[] colours = {RED, GREEN, BLUE};
            for (int i = 0; i < 3; i++) {
                Tile t = composer.layout().tiles().get(i);
                int[][] edges = {{t.x() + 1, cy(t)}, {t.right() - 2, cy(t)}, {cx(t), t.y() + 1}, {cx(t), t.bottom() - 2}};
                for (int[] p : edges) {
                    Yuv expected = i == 1 ? STYLE.highlight() : colours[i];
                    assertTrue(Frames.near(out, p[0], p[1], expected, 2), "tile " + i + " edge " + Frames.describe(out, p[0], p[1]));
                }
                assertTrue(Frames.near(out, cx(t), cy(t), colours[i], 2), "centre of tile " + i + " is video");
                // The border is inside the tile: the gap just outside stays background.
                assertTrue(Frames.near(out, t.x() - 2, cy(t), STYLE.background(), 0), "outside tile " + i);
            }
        }
    }

    @Test
    void otherAspectIsLetterboxedOnTheTileBackground() {
        List<TileInput> inputs = List.of(TileInput.of("p-4x3", "Four Three", Frames.solid(640, 480, RED), false));
        try (GridComposer composer = new GridComposer(1280, 720)) {
            I420Frame out = composer.compose(inputs);
            Tile t = composer.layout().tiles().get(0);
            Tile fit = t.fit(640, 480);
            assertTrue(fit.x() > t.x() + 50, "pillarbox: " + fit);
            assertTrue(Frames.near(out, t.x() + 20, t.y() + 20, STYLE.tileBackground(), 0), Frames.describe(out, t.x() + 20, t.y() + 20));
            assertTrue(Frames.near(out, t.right() - 20, cy(t), STYLE.tileBackground(), 0), "right bar");
            assertTrue(Frames.near(out, cx(t), cy(t), RED, 2), "video centred");
        }
    }

    @Test
    void labelsSitInsideTheirTilesAtTheBottomLeft() {
        for (int n = 1; n <= 16; n++) {
            for (Tile t : GridLayout.compute(n, 1280, 720).tiles()) {
                NameLabel label = new NameLabel();
                int h = TileDecor.labelHeight(t);
                label.update("A rather long participant name that will not fit", h, TileDecor.labelMaxWidth(t));
                Tile rect = new Tile(TileDecor.labelX(t), TileDecor.labelY(t, h), label.width(), label.height());
                int border = TileDecor.borderThickness(t);
                Tile inner = new Tile(t.x() + border, t.y() + border, t.w() - 2 * border, t.h() - 2 * border);
                assertTrue(inner.contains(rect), n + ": label " + rect + " inside " + inner);
                assertTrue(rect.x() - t.x() < t.w() / 10 && t.bottom() - rect.bottom() < t.h() / 10, "bottom-left " + rect);
            }
        }
        try (GridComposer composer = new GridComposer(1280, 720)) {
            I420Frame out = composer.compose(rgbInputs());
            Tile t = composer.layout().tiles().get(0);
            int h = TileDecor.labelHeight(t);
            int x = TileDecor.labelX(t) + 3;
            int y = TileDecor.labelY(t, h) + h / 2;
            assertTrue(out.lumaAt(x, y) < RED.y() - 20, "label box darkens the video: " + Frames.describe(out, x, y));
        }
    }

    @Test
    void layoutIsRecomputedOnlyWhenTheCountChangesAndOverflowShowsTheFirstSixteen() {
        try (GridComposer composer = new GridComposer(1280, 720)) {
            List<TileInput> three = rgbInputs();
            composer.compose(three);
            GridLayout.Layout first = composer.layout();
            composer.compose(three);
            assertSame(first, composer.layout());
            List<TileInput> many = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                many.add(TileInput.of("p" + i, "P " + i, i == 0 ? Frames.solid(320, 180, GREEN) : null, i == 0));
            }
            composer.compose(many);
            assertNotSame(first, composer.layout());
            assertEquals(16, composer.layout().count());
            Tile lead = composer.layout().tiles().get(0);
            assertTrue(Frames.near(composer.canvas(), cx(lead), cy(lead), GREEN, 2), "first input in the first tile");
        }
    }

    @Test
    void steadyStateComposeAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<TileInput> inputs = new ArrayList<>(rgbInputs());
        inputs.add(TileInput.of("p-off", "Camera Off", null, true));
        try (OutputSet outputs = new OutputSet()) {
            for (int i = 0; i < 300; i++) {
                outputs.compose(inputs);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                outputs.compose(inputs);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 16 * 1024, "allocated " + allocated + " bytes in 100 frames");
        }
    }
}
