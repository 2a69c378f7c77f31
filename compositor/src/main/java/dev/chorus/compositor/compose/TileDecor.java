package dev.chorus.compositor.compose;

import dev.chorus.compositor.layout.Tile;
import dev.chorus.compositor.overlay.NameLabel;

/** Sizes of the per-tile decorations, derived from the tile so they scale with the grid. */
final class TileDecor {
    private TileDecor() {}

    /** Highlight border thickness: about 1.5% of the tile height, even, at least 2. */
    static int borderThickness(Tile t) {
        return Math.max(2, (int) Math.round(t.h() * 0.015) & ~1);
    }

    /** Distance of the label from the tile's left and bottom edges; clear of the border. */
    static int labelMargin(Tile t) {
        return borderThickness(t) + Math.max(2, t.h() / 40 & ~1);
    }

    static int labelHeight(Tile t) {
        return Math.min(NameLabel.heightForTile(t.h()), t.h() - 2 * labelMargin(t)) & ~1;
    }

    static int labelMaxWidth(Tile t) {
        return t.w() - 2 * labelMargin(t);
    }

    static int labelX(Tile t) {
        return t.x() + labelMargin(t);
    }

    static int labelY(Tile t, int labelHeight) {
        return t.y() + t.h() - labelMargin(t) - labelHeight;
    }
}
