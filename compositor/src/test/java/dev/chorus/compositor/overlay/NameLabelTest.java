package dev.chorus.compositor.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.compositor.frame.I420Frame;
import org.junit.jupiter.api.Test;

class NameLabelTest {
    private static final Yuv VIDEO = Yuv.fromRgb(0x3070c0);

    @Test
    void blendChangesTheLabelRegionAndNothingElse() {
        NameLabel label = new NameLabel();
        label.update("Ada Lovelace", 32, 400);
        I420Frame frame = new I420Frame(640, 360);
        frame.fill(VIDEO.y(), VIDEO.u(), VIDEO.v());
        I420Frame before = new I420Frame();
        before.copyFrom(frame);
        int x = 40;
        int y = 300;
        label.blendInto(frame, x, y);

        int w = label.width();
        int h = label.height();
        assertEquals(32, h);
        assertTrue(w > 32 && w <= 400, "width " + w);
        for (int row = 0; row < frame.height(); row++) {
            for (int col = 0; col < frame.width(); col++) {
                boolean inside = col >= x && col < x + w && row >= y && row < y + h;
                int i = row * frame.width() + col;
                if (!inside) {
                    assertEquals(before.y()[i], frame.y()[i], "luma outside the label at " + col + "," + row);
                }
            }
        }
        int cw = frame.chromaWidth();
        for (int row = 0; row < frame.chromaHeight(); row++) {
            for (int col = 0; col < cw; col++) {
                boolean inside = col >= x / 2 && col < (x + w) / 2 && row >= y / 2 && row < (y + h) / 2;
                if (!inside) {
                    assertEquals(before.u()[row * cw + col], frame.u()[row * cw + col], "cb outside");
                    assertEquals(before.v()[row * cw + col], frame.v()[row * cw + col], "cr outside");
                }
            }
        }
        // The box darkens the left padding (no text there); somewhere the white text is brighter than video.
        assertTrue(frame.lumaAt(x + 3, y + h / 2) < VIDEO.y() - 20, "box darkens");
        int brightest = 0;
        int changed = 0;
        for (int row = y; row < y + h; row++) {
            for (int col = x; col < x + w; col++) {
                brightest = Math.max(brightest, frame.lumaAt(col, row));
                changed += frame.lumaAt(col, row) != before.lumaAt(col, row) ? 1 : 0;
            }
        }
        assertTrue(brightest > 200, "white text, brightest " + brightest);
        assertTrue(changed > w * h * 8 / 10, "most of the label region changed: " + changed + " of " + w * h);
        // Rounded corners: the very corner stays (nearly) untouched.
        assertTrue(Math.abs(frame.lumaAt(x, y) - VIDEO.y()) < 10, "rounded corner");
        // The text is neutral grey/white on a grey box: chroma pulled towards 128.
        int u = frame.u()[(y / 2 + h / 4) * cw + x / 2 + 1] & 0xff;
        assertTrue(Math.abs(u - 128) < Math.abs(VIDEO.u() - 128), "chroma blended towards neutral");
    }

    @Test
    void blendIsClippedAtTheFrameEdges() {
        NameLabel label = new NameLabel();
        label.update("Clipped", 24, 300);
        I420Frame frame = new I420Frame(64, 32);
        frame.fill(100, 128, 128);
        label.blendInto(frame, 40, 20); // runs off the right and bottom edges
        label.blendInto(frame, -40, -10); // and off the top-left
        assertNotEquals(100, frame.lumaAt(50, 28));
    }

    @Test
    void rendersOncePerNameOrSizeChangeNotPerFrame() {
        NameLabel label = new NameLabel();
        I420Frame frame = new I420Frame(320, 180);
        for (int i = 0; i < 100; i++) {
            label.update("Grace Hopper", 24, 300);
            label.blendInto(frame, 10, 140);
        }
        assertEquals(1, label.renderCount());
        assertTrue(label.update("Grace B. Hopper", 24, 300));
        assertFalse(label.update("Grace B. Hopper", 24, 300));
        assertEquals(2, label.renderCount());
        assertTrue(label.update("Grace B. Hopper", 30, 300));
        assertEquals(3, label.renderCount());
        assertTrue(label.update("Grace B. Hopper", 30, 200));
        assertEquals(4, label.renderCount());
    }

    @Test
    void longNamesAreEllipsizedToTheMaximumWidth() {
        NameLabel shortLabel = new NameLabel();
        shortLabel.update("Al", 28, 200);
        NameLabel longLabel = new NameLabel();
        longLabel.update("Bartholomew Maximilian Featherstonehaugh-Cholmondeley the Third", 28, 200);
        assertTrue(shortLabel.width() < 100, "short label hugs its text: " + shortLabel.width());
        assertTrue(longLabel.width() <= 200 && longLabel.width() >= 190, "long label capped: " + longLabel.width());
    }

    @Test
    void anyUnicodeRendersText() {
        for (String name : new String[] {"Zoë Ångström", "李小龙", "محمد علي", "Ольга", "🎸 Jimi"}) {
            NameLabel label = new NameLabel();
            label.update(name, 32, 400);
            int opaque = 0;
            for (int row = 0; row < label.height(); row++) {
                for (int col = 0; col < label.width(); col++) {
                    opaque += label.alphaAt(col, row) > 240 ? 1 : 0;
                }
            }
            // The box alone is ~150/255 opaque; glyph pixels add near-opaque white.
            assertTrue(opaque > 20, name + ": text pixels " + opaque);
        }
    }

    @Test
    void heightForTileScalesAndStaysEvenWithinBounds() {
        assertEquals(12, NameLabel.heightForTile(50));
        assertEquals(48, NameLabel.heightForTile(2000));
        int h = NameLabel.heightForTile(230);
        assertEquals(0, h & 1);
        assertTrue(h >= 24 && h <= 26, "h " + h);
    }
}
