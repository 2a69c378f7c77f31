package dev.chorus.compositor.overlay;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.text.BreakIterator;

/** Measuring and shortening text for Java2D rendering; TextLayout so bidi, shaping and font fallback count. */
final class TextFit {
    static final String ELLIPSIS = "\u2026";

    private TextFit() {}

    static double advance(String text, Font font, FontRenderContext frc) {
        return text.isEmpty() ? 0 : new TextLayout(text, font, frc).getAdvance();
    }

    /**
     * {@code text} if it fits {@code maxWidth}, else its longest prefix (cut at a grapheme boundary, so
     * no half surrogate pair or orphaned accent) followed by an ellipsis, or "" if not even that fits.
     */
    static String ellipsize(String text, Font font, FontRenderContext frc, double maxWidth) {
        if (advance(text, font, frc) <= maxWidth) {
            return text;
        }
        BreakIterator graphemes = BreakIterator.getCharacterInstance();
        graphemes.setText(text);
        int[] cuts = new int[text.length() + 1];
        int n = 0;
        for (int b = graphemes.first(); b != BreakIterator.DONE; b = graphemes.next()) {
            cuts[n++] = b;
        }
        // Binary search the largest grapheme count whose prefix + ellipsis fits (advance is monotone enough).
        int lo = 0;
        int hi = n - 1;
        String best = advance(ELLIPSIS, font, frc) <= maxWidth ? ELLIPSIS : "";
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            String candidate = text.substring(0, cuts[mid]).stripTrailing() + ELLIPSIS;
            if (advance(candidate, font, frc) <= maxWidth) {
                best = candidate;
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }
}
