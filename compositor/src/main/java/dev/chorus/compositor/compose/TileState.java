package dev.chorus.compositor.compose;

import dev.chorus.compositor.layout.Tile;
import dev.chorus.compositor.overlay.NameCard;
import dev.chorus.compositor.overlay.NameLabel;

/** What the composer keeps per participant between frames: rendered label, name card, last fit. */
final class TileState {
    final NameLabel label = new NameLabel();
    private NameCard card;
    /** Compose pass that last used this state; stale states are dropped. */
    long lastUsed;
    private Tile fitTile;
    private int fitSrcW;
    private int fitSrcH;
    private Tile fit;

    NameCard card() {
        if (card == null) {
            card = new NameCard();
        }
        return card;
    }

    /** {@code tile.fit(srcW, srcH)}, recomputed only when an input changes (it allocates). */
    Tile fit(Tile tile, int srcW, int srcH) {
        if (fit == null || tile != fitTile || srcW != fitSrcW || srcH != fitSrcH) {
            fit = tile.fit(srcW, srcH);
            fitTile = tile;
            fitSrcW = srcW;
            fitSrcH = srcH;
        }
        return fit;
    }
}
