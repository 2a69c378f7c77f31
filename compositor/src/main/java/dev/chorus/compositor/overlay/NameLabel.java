package dev.chorus.compositor.overlay;

import dev.chorus.compositor.frame.I420Frame;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.LineMetrics;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Objects;

/**
 * A participant's name as white bold text on a rounded, semi-transparent dark box. Text rendering is
 * far too slow for every frame, so the label is rendered with Java2D only when the name or the size
 * changes, kept as a premultiplied I420 overlay and alpha-blended per frame. Not thread-safe.
 */
public final class NameLabel {
    static {
        Headless.ensure();
    }

    private static final Color BOX = new Color(0, 0, 0, 150);
    private static final int MIN_HEIGHT = 12;
    private static final int MAX_HEIGHT = 48;

    private String name;
    private int height;
    private int maxWidth;
    private PremultipliedOverlay overlay;
    private int renders;

    /** Label height for a tile: about 11% of the tile height, even, within 12..48 px. */
    public static int heightForTile(int tileHeight) {
        return Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, (int) Math.round(tileHeight * 0.11))) & ~1;
    }

    /**
     * Makes the label show {@code name} at {@code height} px, at most {@code maxWidth} px wide (longer
     * names are ellipsized). Renders only if one of the three changed.
     *
     * @return whether it rendered
     */
    public boolean update(String name, int height, int maxWidth) {
        Objects.requireNonNull(name, "name");
        if (height < 2 || maxWidth < 2) {
            throw new IllegalArgumentException("label too small: " + maxWidth + "x" + height);
        }
        if (overlay != null && height == this.height && maxWidth == this.maxWidth && name.equals(this.name)) {
            return false;
        }
        this.name = name;
        this.height = height & ~1;
        this.maxWidth = maxWidth & ~1;
        overlay = render(name, this.height, this.maxWidth);
        renders++;
        return true;
    }

    public int width() {
        return overlay == null ? 0 : overlay.width;
    }

    public int height() {
        return overlay == null ? 0 : overlay.height;
    }

    /** How many times the label was rendered with Java2D (not blended). */
    public int renderCount() {
        return renders;
    }

    /** Coverage 0..255 of the rendered label at (x, y), for inspection. */
    public int alphaAt(int x, int y) {
        return overlay.alphaAt(x, y);
    }

    /**
     * Alpha-blends the label with its top-left at (x, y), rounded down to even; clipped to {@code dst}.
     * Does nothing before the first {@link #update}.
     */
    public void blendInto(I420Frame dst, int x, int y) {
        if (overlay != null) {
            overlay.blendInto(dst, x, y);
        }
    }

    private static PremultipliedOverlay render(String name, int h, int maxW) {
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(6, Math.round(h * 0.6f)));
        FontRenderContext frc = new FontRenderContext(null, true, true);
        int pad = Math.max(2, Math.round(h * 0.35f));
        String text = TextFit.ellipsize(name, font, frc, maxW - 2.0 * pad);
        int textW = (int) Math.ceil(TextFit.advance(text, font, frc));
        int w = Math.max(2, Math.min(maxW, textW + 2 * pad + 1) & ~1);

        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(BOX);
            g.fillRoundRect(0, 0, w, h, h / 2, h / 2);
            if (!text.isEmpty()) {
                LineMetrics lm = font.getLineMetrics(text, frc);
                float baseline = (h - lm.getAscent() - lm.getDescent()) / 2 + lm.getAscent();
                g.setColor(Color.WHITE);
                new TextLayout(text, font, frc).draw(g, pad, baseline);
            }
        } finally {
            g.dispose();
        }
        int[] argb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        return new PremultipliedOverlay(argb, w, h);
    }
}
