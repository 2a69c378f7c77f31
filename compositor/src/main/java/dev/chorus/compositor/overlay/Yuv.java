package dev.chorus.compositor.overlay;

/**
 * A colour as 8-bit BT.601 limited-range Y'CbCr, the matrix and range WebRTC's VP8/H.264 encoders assume
 * for I420 input.
 */
public record Yuv(int y, int u, int v) {
    public Yuv {
        if ((y | u | v) >>> 8 != 0) {
            throw new IllegalArgumentException("component out of 0..255: " + y + "," + u + "," + v);
        }
    }

    /** From a packed 0xRRGGBB colour (alpha bits ignored). */
    public static Yuv fromRgb(int rgb) {
        return fromRgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    }

    public static Yuv fromRgb(int r, int g, int b) {
        return new Yuv(
                clamp(Math.round(luma(r, g, b, 255))),
                clamp(Math.round(cb(r, g, b, 255))),
                clamp(Math.round(cr(r, g, b, 255))));
    }

    /*
     * Premultiplied forms: with r, g, b already multiplied by alpha/255, the offsets scale with alpha
     * too, so the result can be added to a destination weighted by (255 - alpha).
     */

    static double luma(int r, int g, int b, int alpha) {
        return 16.0 * alpha / 255 + (65.481 * r + 128.553 * g + 24.966 * b) / 255;
    }

    static double cb(int r, int g, int b, int alpha) {
        return 128.0 * alpha / 255 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255;
    }

    static double cr(int r, int g, int b, int alpha) {
        return 128.0 * alpha / 255 + (112.0 * r - 93.786 * g - 18.214 * b) / 255;
    }

    static int clamp(long v) {
        return (int) Math.max(0, Math.min(255, v));
    }
}
