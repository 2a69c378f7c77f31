package dev.chorus.compositor.overlay;

import dev.chorus.compositor.frame.I420Frame;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.text.BreakIterator;
import java.util.Locale;
import java.util.Objects;

/**
 * What a tile shows for a participant without video: a background colour derived from the participant
 * id (stable across sessions and renames) with the name's initials large in the middle. Rendered with
 * Java2D only when id, name or size change; copied into the canvas per frame. Not thread-safe.
 */
public final class NameCard {
    static {
        Headless.ensure();
    }

    private String participantId;
    private String displayName;
    private final I420Frame picture = new I420Frame();
    private boolean rendered;
    private int renders;

    /** The card colour for a participant, 0xRRGGBB: a hue from the id, muted so white text reads well. */
    public static int colourFor(String participantId) {
        int hash = participantId.hashCode() * 0x9E3779B1; // spread similar ids over the hue circle
        float hue = (hash >>> 8) / (float) (1 << 24);
        return Color.HSBtoRGB(hue, 0.55f, 0.55f) & 0xffffff;
    }

    /**
     * Up to two initials, upper-cased: the first grapheme of the first and of the last word ("Ada
     * Lovelace" → "AL", "cher" → "C"); "?" for a blank name.
     */
    public static String initials(String name) {
        String[] words = name.strip().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return "?";
        }
        String first = firstGrapheme(words[0]);
        String last = words.length > 1 ? firstGrapheme(words[words.length - 1]) : "";
        return (first + last).toUpperCase(Locale.ROOT);
    }

    /**
     * Makes the card show {@code displayName} in {@code participantId}'s colour at {@code width x height}
     * (rounded down to even). Renders only if something changed.
     *
     * @return whether it rendered
     */
    public boolean update(String participantId, String displayName, int width, int height) {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(displayName, "displayName");
        width &= ~1;
        height &= ~1;
        if (width < 2 || height < 2) {
            throw new IllegalArgumentException("card too small: " + width + "x" + height);
        }
        if (rendered && width == picture.width() && height == picture.height()
                && participantId.equals(this.participantId) && displayName.equals(this.displayName)) {
            return false;
        }
        this.participantId = participantId;
        this.displayName = displayName;
        render(width, height);
        rendered = true;
        renders++;
        return true;
    }

    /** The rendered card; valid after {@link #update}. */
    public I420Frame picture() {
        return picture;
    }

    /** How many times the card was rendered with Java2D. */
    public int renderCount() {
        return renders;
    }

    /** Copies the card with its top-left at (x, y), rounded down to even; must fit inside {@code dst}. */
    public void copyInto(I420Frame dst, int x, int y) {
        x &= ~1;
        y &= ~1;
        int w = picture.width();
        int h = picture.height();
        if (x < 0 || y < 0 || x + w > dst.width() || y + h > dst.height()) {
            throw new IllegalArgumentException("card " + w + "x" + h + " at " + x + "," + y + " outside " + dst);
        }
        for (int r = 0; r < h; r++) {
            System.arraycopy(picture.y(), r * w, dst.y(), (y + r) * dst.width() + x, w);
        }
        int cw = picture.chromaWidth();
        int dcw = dst.chromaWidth();
        for (int r = 0; r < picture.chromaHeight(); r++) {
            System.arraycopy(picture.u(), r * cw, dst.u(), (y / 2 + r) * dcw + x / 2, cw);
            System.arraycopy(picture.v(), r * cw, dst.v(), (y / 2 + r) * dcw + x / 2, cw);
        }
    }

    private void render(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(colourFor(participantId)));
            g.fillRect(0, 0, w, h);
            String text = initials(displayName);
            FontRenderContext frc = new FontRenderContext(null, true, true);
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(6, Math.round(Math.min(h * 0.38f, w * 0.25f))));
            text = TextFit.ellipsize(text, font, frc, w * 0.9);
            if (!text.isEmpty()) {
                TextLayout layout = new TextLayout(text, font, frc);
                // Center the ink, not the advance box, so initials sit optically in the middle.
                Rectangle2D ink = layout.getBounds();
                g.setColor(Color.WHITE);
                layout.draw(g, (float) ((w - ink.getWidth()) / 2 - ink.getX()),
                        (float) ((h - ink.getHeight()) / 2 - ink.getY()));
            }
        } finally {
            g.dispose();
        }
        // Opaque picture: the premultiplied overlay conversion is exact here (alpha 255 everywhere).
        int[] argb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        picture.resize(w, h);
        picture.fill(0, 128, 128);
        new PremultipliedOverlay(argb, w, h).blendInto(picture, 0, 0);
    }

    private static String firstGrapheme(String word) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(word);
        int end = it.next();
        return end == BreakIterator.DONE ? word : word.substring(0, end);
    }
}
