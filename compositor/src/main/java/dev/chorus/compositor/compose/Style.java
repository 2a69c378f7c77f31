package dev.chorus.compositor.compose;

import dev.chorus.compositor.overlay.Yuv;

/**
 * Colours of the composite: canvas background (gaps and margins), tile background (letterbox and
 * pillarbox bars) and the active speaker's border.
 */
public record Style(Yuv background, Yuv tileBackground, Yuv highlight) {
    public static final Style DEFAULT = new Style(
            Yuv.fromRgb(0x1b1d22), Yuv.fromRgb(0x000000), Yuv.fromRgb(0x2fd16a));
}
