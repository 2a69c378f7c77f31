package dev.chorus.compositor.compose;

import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.layout.GridLayout;
import dev.chorus.compositor.layout.Tile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Composes the participants' pictures into one grid picture: background, each video letterboxed into
 * its tile, a name card for participants without video, a name label at each tile's bottom-left and a
 * border around the active speaker. The canvas, layout, labels, cards and swscale contexts are reused,
 * so a steady call allocates nothing. Not thread-safe: one composer per output, one thread at a time.
 */
public final class GridComposer implements AutoCloseable {
    private final int width;
    private final int height;
    private final Style style;
    private final I420Frame canvas;
    private final Scaler scaler = new Scaler();
    private final Map<String, TileState> states = new HashMap<>();
    private GridLayout.Layout layout;
    private long pass;

    public GridComposer(int width, int height) {
        this(width, height, Style.DEFAULT);
    }

    public GridComposer(int width, int height, Style style) {
        if ((width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("canvas must have even size: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.style = style;
        this.canvas = new I420Frame(width, height);
        this.layout = GridLayout.compute(0, width, height);
    }

    /**
     * Composes {@code inputs} in order (first gets the first tile; beyond {@link GridLayout#MAX_TILES}
     * the rest are not shown, so put the active speaker first) and returns the canvas, which is
     * overwritten by the next call.
     */
    public I420Frame compose(List<? extends TileInput> inputs) {
        int n = Math.min(inputs.size(), GridLayout.MAX_TILES);
        if (layout.count() != n) {
            layout = GridLayout.compute(n, width, height);
        }
        pass++;
        boolean created = false;
        canvas.fill(style.background().y(), style.background().u(), style.background().v());
        for (int i = 0; i < n; i++) {
            TileInput in = inputs.get(i);
            Tile tile = layout.tiles().get(i);
            TileState state = states.get(in.participantId());
            if (state == null) {
                state = new TileState();
                states.put(in.participantId(), state);
                created = true;
            }
            state.lastUsed = pass;
            drawTile(in, tile, state);
        }
        // Forget participants who left; only checked when the set may have changed, to avoid iterating.
        if (created || states.size() > n) {
            states.values().removeIf(s -> s.lastUsed != pass);
        }
        canvas.timestampNanos = System.nanoTime();
        return canvas;
    }

    private void drawTile(TileInput in, Tile tile, TileState state) {
        String name = in.displayName() == null || in.displayName().isBlank() ? in.participantId() : in.displayName();
        I420Frame video = in.video();
        if (video != null) {
            Tile fit = state.fit(tile, video.width(), video.height());
            if (fit.w() != tile.w() || fit.h() != tile.h()) {
                Planes.fillRect(canvas, tile.x(), tile.y(), tile.w(), tile.h(), style.tileBackground());
            }
            scaler.scale(video, canvas, fit);
        } else {
            state.card().update(in.participantId(), name, tile.w(), tile.h());
            state.card().copyInto(canvas, tile.x(), tile.y());
        }
        if (in.speaking()) {
            Planes.border(canvas, tile.x(), tile.y(), tile.w(), tile.h(), TileDecor.borderThickness(tile),
                    style.highlight());
        }
        int labelHeight = TileDecor.labelHeight(tile);
        if (labelHeight >= 8) { // below that no text is legible; skip rather than draw a smudge
            state.label.update(name, labelHeight, TileDecor.labelMaxWidth(tile));
            state.label.blendInto(canvas, TileDecor.labelX(tile), TileDecor.labelY(tile, labelHeight));
        }
    }

    /** The current layout (recomputed when the number of inputs changes). */
    public GridLayout.Layout layout() {
        return layout;
    }

    /** The canvas the last {@link #compose} drew into. */
    public I420Frame canvas() {
        return canvas;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public Style style() {
        return style;
    }

    @Override
    public void close() {
        scaler.close();
        states.clear();
    }
}
