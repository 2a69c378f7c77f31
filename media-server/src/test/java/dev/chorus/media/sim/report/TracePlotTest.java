package dev.chorus.media.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plot read back as pixels: the lines are where the values say, on a linear axis from 0. */
class TracePlotTest {
    private static final Rectangle AREA = LineChart.plotArea(TracePlot.WIDTH, TracePlot.HEIGHT);

    @Test
    void capacityAndPolicyLinesAreWhereTheirValuesAre(@TempDir Path dir) throws Exception {
        // 20 s: capacity 1000 kbit/s, then 2000 from 10 s on; gcc forwards a steady 500
        double[] t = new double[200];
        double[] capacity = new double[200];
        double[] gcc = new double[200];
        for (int i = 0; i < t.length; i++) {
            t[i] = (i + 1) / 10.0;
            capacity[i] = t[i] < 10 ? 1000 : 2000;
            gcc[i] = 500;
        }
        Path file = dir.resolve("plots/step.png");
        TracePlot.chart("step", List.of(
                new LineChart.Series("capacity", TracePlot.CAPACITY, 1.6f, true, t, capacity),
                new LineChart.Series("gcc forwarded", TracePlot.colorOf("gcc"), 1.3f, false, t, gcc)))
                .writePng(file, TracePlot.WIDTH, TracePlot.HEIGHT);

        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(TracePlot.WIDTH, image.getWidth());
        assertEquals(TracePlot.HEIGHT, image.getHeight());
        // the x axis runs 0 … 20 s: 5 s is a quarter of the plot's width in, 15 s three quarters
        int at5 = AREA.x + AREA.width / 4;
        int at15 = AREA.x + AREA.width * 3 / 4;
        double cap1000 = lineRow(image, at5, TracePlotTest::isCapacity);
        double cap2000 = lineRow(image, at15, TracePlotTest::isCapacity);
        double gcc500 = lineRow(image, at5, TracePlotTest::isGccBlue);
        assertEquals(gcc500, lineRow(image, at15, TracePlotTest::isGccBlue), 1.5, "gcc is flat");
        double bottom = AREA.y + AREA.height; // 0 kbit/s
        double per500 = bottom - gcc500;
        assertTrue(per500 > 20, "500 kbit/s is well above the x axis: " + per500 + " px");
        assertEquals(per500, gcc500 - cap1000, 2.5, "500 → 1000 kbit/s is as far as 0 → 500");
        assertEquals(2 * per500, cap1000 - cap2000, 2.5, "1000 → 2000 kbit/s is twice that");
    }

    @Test
    void aCapacityFarAboveTheVideoAndABurstAreCutOffAtTheTopOfTheAxis(@TempDir Path dir) throws Exception {
        double[] t = new double[300];
        double[] capacity = new double[300];
        double[] gcc = new double[300];
        for (int i = 0; i < t.length; i++) {
            t[i] = (i + 1) / 10.0;
            capacity[i] = 35000;
            gcc[i] = i == 150 ? 9000 : 1500; // one 100 ms burst at 15.1 s
        }
        Path file = dir.resolve("wired.png");
        TracePlot.chart("wired", List.of(
                new LineChart.Series("capacity", TracePlot.CAPACITY, 1.6f, true, t, capacity),
                new LineChart.Series("gcc forwarded", TracePlot.colorOf("gcc"), 1.3f, false, t, gcc)))
                .writePng(file, TracePlot.WIDTH, TracePlot.HEIGHT);
        BufferedImage image = ImageIO.read(file.toFile());
        int at10 = AREA.x + AREA.width / 3; // the x axis runs 0 … 30 s
        // the axis goes to 2 × the forwarded bitrate (not its burst), 3000: gcc's 1500 is half way up
        assertEquals(AREA.y + AREA.height / 2.0, lineRow(image, at10, TracePlotTest::isGccBlue), 2.5);
        assertEquals(AREA.y + 1, lineRow(image, at10, TracePlotTest::isCapacity), 2.5);
    }

    @Test
    void aBlankChartHasNoLines() {
        BufferedImage image = new LineChart("empty", "", "time (s)", "kbit/s", 0, List.of())
                .render(TracePlot.WIDTH, TracePlot.HEIGHT);
        assertFalse(hasRow(image, AREA.x + AREA.width / 2, TracePlotTest::isCapacity));
    }

    /** The mean row of the pixels in column {@code x} of the plot area that match {@code colour}. */
    private static double lineRow(BufferedImage image, int x, IntPredicate colour) {
        double sum = 0;
        int n = 0;
        for (int y = AREA.y; y < AREA.y + AREA.height; y++) {
            if (colour.test(image.getRGB(x, y))) {
                sum += y;
                n++;
            }
        }
        assertTrue(n > 0 && n < 6, n + " matching pixels in column " + x);
        return sum / n;
    }

    private static boolean hasRow(BufferedImage image, int x, IntPredicate colour) {
        for (int y = AREA.y; y < AREA.y + AREA.height; y++) {
            if (colour.test(image.getRGB(x, y))) {
                return true;
            }
        }
        return false;
    }

    /** The capacity line is dark grey; the axes are left and bottom edges, the grid is light. */
    private static boolean isCapacity(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        return Math.max(r, Math.max(g, b)) < 0x80 && Math.abs(r - g) < 16 && Math.abs(g - b) < 16;
    }

    private static boolean isGccBlue(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int b = rgb & 0xFF;
        return b - r > 60;
    }
}
