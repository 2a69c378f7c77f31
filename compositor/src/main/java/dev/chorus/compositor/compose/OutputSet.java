package dev.chorus.compositor.compose;

import dev.chorus.compositor.frame.I420Frame;
import java.util.List;

/**
 * The composite at three qualities for simulcast-like delivery: full size composed directly (labels
 * rendered at full resolution), half and quarter size downscaled from it in a cascade (full → half →
 * quarter), each step a 2:1 bilinear shrink, cheaper than composing three times. Defaults to
 * 1280x720, 640x360, 320x180. Frames are reused: valid until the next {@link #compose}.
 */
public final class OutputSet implements AutoCloseable {
    private final GridComposer composer;
    private final Scaler scaler = new Scaler();
    private final I420Frame half;
    private final I420Frame quarter;
    private final List<I420Frame> outputs;

    public OutputSet() {
        this(1280, 720, Style.DEFAULT);
    }

    /** {@code width} and {@code height} must be multiples of 8 (so the quarter size stays even). */
    public OutputSet(int width, int height, Style style) {
        if (width % 8 != 0 || height % 8 != 0) {
            throw new IllegalArgumentException("output size must be multiples of 8: " + width + "x" + height);
        }
        composer = new GridComposer(width, height, style);
        half = new I420Frame(width / 2, height / 2);
        quarter = new I420Frame(width / 4, height / 4);
        outputs = List.of(composer.canvas(), half, quarter);
    }

    /** Composes and returns [full, half, quarter]; the list and frames are the same every call. */
    public List<I420Frame> compose(List<? extends TileInput> inputs) {
        I420Frame full = composer.compose(inputs);
        scaler.downscale(full, half);
        scaler.downscale(half, quarter);
        half.timestampNanos = full.timestampNanos;
        quarter.timestampNanos = full.timestampNanos;
        return outputs;
    }

    /** Output {@code index}: 0 full, 1 half, 2 quarter. */
    public I420Frame output(int index) {
        return outputs.get(index);
    }

    public List<I420Frame> outputs() {
        return outputs;
    }

    public GridComposer composer() {
        return composer;
    }

    @Override
    public void close() {
        composer.close();
        scaler.close();
    }
}
