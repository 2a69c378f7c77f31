package dev.chorus.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.layout.Tile;
import dev.chorus.compositor.overlay.Yuv;
import org.junit.jupiter.api.Test;

class ScalerTest {
    @Test
    void gradientScaledIntoASubRectangleKeepsItsValuesAndLeavesTheRestAlone() {
        I420Frame src = Frames.gradient(640, 360);
        I420Frame dst = Frames.solid(1280, 720, new Yuv(50, 60, 70));
        Tile rect = new Tile(102, 64, 410, 230);
        try (Scaler scaler = new Scaler()) {
            scaler.scale(src, dst, rect);
        }
        for (int row = 0; row < 720; row++) {
            for (int col = 0; col < 1280; col++) {
                boolean inside = col >= rect.x() && col < rect.right() && row >= rect.y() && row < rect.bottom();
                if (!inside) {
                    assertEquals(50, dst.lumaAt(col, row), "luma outside at " + col + "," + row);
                }
            }
        }
        for (int row = 0; row < 360; row++) {
            for (int col = 0; col < 640; col++) {
                boolean inside = col >= rect.x() / 2 && col < rect.right() / 2
                        && row >= rect.y() / 2 && row < rect.bottom() / 2;
                if (!inside) {
                    assertEquals(60, dst.u()[row * 640 + col] & 0xff, "cb outside");
                    assertEquals(70, dst.v()[row * 640 + col] & 0xff, "cr outside");
                }
            }
        }
        for (int i = 1; i < 10; i++) {
            int col = rect.x() + rect.w() * i / 10;
            int row = rect.y() + rect.h() * i / 10;
            double fx = (col - rect.x() + 0.5) / rect.w();
            double fy = (row - rect.y() + 0.5) / rect.h();
            assertEquals(16 + 219 * fx, dst.lumaAt(col, row), 3, "luma at " + col + "," + row);
            assertEquals(16 + 224 * fy, Frames.u(dst, col, row), 4, "cb at " + col + "," + row);
            assertEquals(128, Frames.v(dst, col, row), 1, "cr at " + col + "," + row);
        }
        // Monotone along the row: bilinear never overshoots.
        int mid = rect.y() + rect.h() / 2;
        for (int col = rect.x() + 1; col < rect.right(); col++) {
            assertTrue(dst.lumaAt(col, mid) >= dst.lumaAt(col - 1, mid), "monotone at " + col);
        }
    }

    @Test
    void sourceRectangleIsCropped() {
        I420Frame src = Frames.gradient(640, 360);
        I420Frame dst = new I420Frame(320, 180);
        try (Scaler scaler = new Scaler()) {
            // The right half of the source, shrunk to the full destination.
            scaler.scale(src, 320, 0, 320, 360, dst, 0, 0, 320, 180);
        }
        assertEquals(16 + 219 * 320 / 639, dst.lumaAt(0, 90), 3);
        assertEquals(235, dst.lumaAt(319, 90), 3);
        assertEquals(16 + 219 * 480 / 639, dst.lumaAt(160, 90), 3);
    }

    @Test
    void oddSourceSizesScale() {
        I420Frame src = Frames.gradient(641, 359);
        I420Frame dst = Frames.solid(400, 300, new Yuv(0, 0, 0));
        try (Scaler scaler = new Scaler()) {
            scaler.scale(src, dst, new Tile(0, 0, 320, 180));
        }
        assertEquals(16, dst.lumaAt(0, 90), 3);
        assertEquals(235, dst.lumaAt(319, 90), 3);
        assertEquals(16 + 219 * 0.5, dst.lumaAt(160, 90), 3);
        assertEquals(0, dst.lumaAt(320, 90));
    }

    @Test
    void contextsAreCachedPerSizePair() {
        I420Frame a = Frames.gradient(640, 360);
        I420Frame b = Frames.gradient(320, 240);
        I420Frame dst = new I420Frame(1280, 720);
        try (Scaler scaler = new Scaler()) {
            for (int i = 0; i < 10; i++) {
                scaler.scale(a, dst, new Tile(0, 0, 410, 230));
                scaler.scale(a, dst, new Tile(420, 0, 410, 230));
                scaler.scale(b, dst, new Tile(0, 240, 306, 230));
            }
            assertEquals(2, scaler.cachedContexts());
        }
    }

    @Test
    void downscaleFillsTheDestinationWithSimilarColours() {
        I420Frame src = new I420Frame(1280, 720);
        Yuv left = Yuv.fromRgb(0xd03020);
        Yuv right = Yuv.fromRgb(0x2040e0);
        src.fill(left.y(), left.u(), left.v());
        Planes.fillRect(src, 640, 0, 640, 720, right);
        I420Frame half = new I420Frame(640, 360);
        I420Frame quarter = new I420Frame(320, 180);
        try (Scaler scaler = new Scaler()) {
            scaler.downscale(src, half);
            scaler.downscale(half, quarter);
        }
        assertTrue(Frames.near(half, 100, 180, left, 2), Frames.describe(half, 100, 180));
        assertTrue(Frames.near(half, 540, 180, right, 2), Frames.describe(half, 540, 180));
        assertTrue(Frames.near(quarter, 50, 90, left, 2), Frames.describe(quarter, 50, 90));
        assertTrue(Frames.near(quarter, 270, 90, right, 2), Frames.describe(quarter, 270, 90));
    }

    @Test
    void oddOriginsAndOutOfBoundsRectanglesAreRejected() {
        I420Frame src = new I420Frame(64, 64);
        I420Frame dst = new I420Frame(64, 64);
        try (Scaler scaler = new Scaler()) {
            assertThrows(IllegalArgumentException.class, () -> scaler.scale(src, dst, new Tile(1, 0, 32, 32)));
            assertThrows(IllegalArgumentException.class, () -> scaler.scale(src, dst, new Tile(40, 0, 32, 32)));
        }
    }
}
