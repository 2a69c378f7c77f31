package dev.chorus.media.sim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A plain line chart drawn with Java2D: title, a legend row, x and y axes starting at 0 with labelled
 * ticks and a light grid. The first series may be drawn as a filled area (the capacity), and it is
 * stroked last so the other lines never hide it. Values above the y range run along its top edge.
 */
public final class LineChart {
    static {
        // Plots are written by command-line tools and tests on machines without a display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 58;
    private static final int BOTTOM = 46;
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color AXIS = new Color(0x55, 0x55, 0x55);

    /** One line: x and y of equal length; {@code fill} shades the area under it. */
    public record Series(String name, Color color, float width, boolean fill, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException(name + ": " + x.length + " x values, " + y.length + " y values");
            }
        }
    }

    private final String title;
    private final String subtitle;
    private final String xLabel;
    private final String yLabel;
    private final double yTop;
    private final List<Series> series;

    /**
     * @param yTop the y axis ends at the next tick at or above this (values above are clipped);
     *     ≤ 0 = the largest value
     */
    public LineChart(String title, String subtitle, String xLabel, String yLabel, double yTop, List<Series> series) {
        this.title = title;
        this.subtitle = subtitle;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.yTop = yTop;
        this.series = List.copyOf(series);
    }

    /** Where the data goes in an image of this size (the rest is title, legend, axes and labels). */
    public static Rectangle plotArea(int width, int height) {
        return new Rectangle(LEFT, TOP, width - LEFT - RIGHT, height - TOP - BOTTOM);
    }

    public void writePng(Path file, int width, int height) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(render(width, height), "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    public BufferedImage render(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            Rectangle area = plotArea(width, height);
            Ticks xTicks = Ticks.covering(maxOf(true));
            Ticks yTicks = Ticks.covering(yTop > 0 ? yTop : maxOf(false));
            Scale scale = new Scale(area, xTicks.top(), yTicks.top());
            drawGrid(g, area, scale, xTicks, yTicks);
            drawSeries(g, area, scale);
            drawAxes(g, area, scale, xTicks, yTicks);
            drawTitleAndLegend(g, width);
        } finally {
            g.dispose();
        }
        return image;
    }

    private double maxOf(boolean x) {
        double max = 0;
        for (Series s : series) {
            for (double v : x ? s.x() : s.y()) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        return max;
    }

    /** Data to pixel coordinates; both axes start at 0. */
    private record Scale(Rectangle area, double xMax, double yMax) {
        double px(double x) {
            return area.x + x / xMax * area.width;
        }

        double py(double y) {
            return area.y + area.height - y / yMax * area.height;
        }
    }

    private void drawGrid(Graphics2D g, Rectangle area, Scale scale, Ticks xTicks, Ticks yTicks) {
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1f));
        for (double t : yTicks.values()) {
            int y = (int) Math.round(scale.py(t));
            g.drawLine(area.x, y, area.x + area.width, y);
        }
        for (double t : xTicks.values()) {
            int x = (int) Math.round(scale.px(t));
            g.drawLine(x, area.y, x, area.y + area.height);
        }
    }

    private void drawSeries(Graphics2D g, Rectangle area, Scale scale) {
        java.awt.Shape oldClip = g.getClip();
        g.clip(area);
        if (!series.isEmpty() && series.get(0).fill()) {
            Series s = series.get(0);
            Path2D.Double p = path(s, scale);
            if (s.x().length > 0) {
                p.lineTo(scale.px(s.x()[s.x().length - 1]), scale.py(0));
                p.lineTo(scale.px(s.x()[0]), scale.py(0));
                p.closePath();
                Color c = s.color();
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 28));
                g.fill(p);
            }
        }
        // the first series (the capacity) last, so it stays visible where others follow it exactly
        List<Series> order = new ArrayList<>(series.subList(Math.min(1, series.size()), series.size()));
        if (!series.isEmpty()) {
            order.add(series.get(0));
        }
        for (Series s : order) {
            g.setColor(s.color());
            g.setStroke(new BasicStroke(s.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
            g.draw(path(s, scale));
        }
        g.setClip(oldClip);
    }

    /** The series as a polyline; a missing value (NaN) breaks the line. */
    private static Path2D.Double path(Series s, Scale scale) {
        Path2D.Double p = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < s.x().length; i++) {
            double x = s.x()[i];
            double y = s.y()[i];
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                pen = false;
                continue;
            }
            // above the axis: drawn along its top edge (the chart says it is cut off)
            double py = Math.max(scale.py(y), scale.area().y + 1);
            if (pen) {
                p.lineTo(scale.px(x), py);
            } else {
                p.moveTo(scale.px(x), py);
                pen = true;
            }
        }
        return p;
    }

    private void drawAxes(Graphics2D g, Rectangle area, Scale scale, Ticks xTicks, Ticks yTicks) {
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(area.x, area.y + area.height, area.x + area.width, area.y + area.height);
        g.drawLine(area.x, area.y, area.x, area.y + area.height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        for (double t : yTicks.values()) {
            int y = (int) Math.round(scale.py(t));
            g.drawLine(area.x - 4, y, area.x, y);
            String label = yTicks.label(t);
            g.drawString(label, area.x - 7 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }
        int base = area.y + area.height;
        for (double t : xTicks.values()) {
            int x = (int) Math.round(scale.px(t));
            g.drawLine(x, base, x, base + 4);
            String label = xTicks.label(t);
            g.drawString(label, x - fm.stringWidth(label) / 2, base + 6 + fm.getAscent());
        }
        g.drawString(xLabel, area.x + area.width / 2 - fm.stringWidth(xLabel) / 2, base + 8 + 2 * fm.getHeight());
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(yLabel, -(area.y + area.height / 2) - fm.stringWidth(yLabel) / 2, fm.getAscent() + 4);
        r.dispose();
    }

    private void drawTitleAndLegend(Graphics2D g, int width) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        FontMetrics tf = g.getFontMetrics();
        int titleX = LEFT;
        g.drawString(title, titleX, 6 + tf.getAscent());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        if (subtitle != null && !subtitle.isEmpty()) {
            g.setColor(AXIS);
            g.drawString(subtitle, Math.max(titleX + tf.stringWidth(title) + 16, width - RIGHT - fm.stringWidth(subtitle)),
                    6 + tf.getAscent());
        }
        int x = LEFT;
        int y = TOP - 12;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(new BasicStroke(Math.max(2f, s.width())));
            g.drawLine(x, y - 4, x + 22, y - 4);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), x + 27, y);
            x += 27 + fm.stringWidth(s.name()) + 22;
        }
    }

    /** Round tick values from 0 to the first tick at or above a maximum: 1, 2 or 5 × 10^n apart. */
    record Ticks(double step, int count) {
        static Ticks covering(double max) {
            if (!(max > 0) || !Double.isFinite(max)) {
                return new Ticks(1, 1);
            }
            double raw = max / 6;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = magnitude;
            for (double m : new double[] {1, 2, 5, 10}) {
                if (m * magnitude >= raw) {
                    step = m * magnitude;
                    break;
                }
            }
            return new Ticks(step, (int) Math.ceil(max / step - 1e-9));
        }

        double top() {
            return step * count;
        }

        List<Double> values() {
            List<Double> v = new ArrayList<>();
            for (int i = 0; i <= count; i++) {
                v.add(i * step);
            }
            return v;
        }

        String label(double v) {
            // through the tick index, so 0.1 steps print 0.3 and not 0.30000000000000004
            return java.math.BigDecimal.valueOf(Math.round(v / step)).multiply(java.math.BigDecimal.valueOf(step))
                    .stripTrailingZeros().toPlainString();
        }
    }
}
