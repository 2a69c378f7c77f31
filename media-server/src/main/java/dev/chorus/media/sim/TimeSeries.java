package dev.chorus.media.sim;

import java.util.Arrays;

/** One run's 100 ms samples, column by column (kbit/s unless said otherwise). */
public final class TimeSeries {
    public enum Column {
        TIME_S("time_s"),
        CAPACITY("capacity_kbps"),
        ALLOWED("allowed_kbps"),
        ESTIMATE("estimate_kbps"),
        ALLOCATED("allocated_kbps"),
        FORWARDED("forwarded_kbps"),
        PADDING("padding_kbps"),
        DELIVERED("delivered_kbps"),
        LAYER("layer");

        final String header;

        Column(String header) {
            this.header = header;
        }

        public String header() {
            return header;
        }
    }

    private double[][] data = new double[Column.values().length][1024];
    private int size;

    void add(double... values) {
        if (size == data[0].length) {
            for (int c = 0; c < data.length; c++) {
                data[c] = Arrays.copyOf(data[c], size * 2);
            }
        }
        for (int c = 0; c < data.length; c++) {
            data[c][size] = values[c];
        }
        size++;
    }

    public int size() {
        return size;
    }

    public double get(Column c, int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return data[c.ordinal()][i];
    }
}
