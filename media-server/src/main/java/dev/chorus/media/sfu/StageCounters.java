package dev.chorus.media.sfu;

/**
 * Packets, bytes, drops and time spent in one pipeline stage. Written by the one media thread that
 * owns the transport; read racily by stats (plain longs are fine for monitoring).
 */
public final class StageCounters {
    private final String name;
    private long packets;
    private long bytes;
    private long drops;
    private long nanos;

    public StageCounters(String name) {
        this.name = name;
    }

    public void pass(int len, long startNanos) {
        packets++;
        bytes += len;
        nanos += System.nanoTime() - startNanos;
    }

    public void drop() {
        drops++;
    }

    public String name() {
        return name;
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }

    public long drops() {
        return drops;
    }

    public long nanos() {
        return nanos;
    }

    @Override
    public String toString() {
        return name + "{packets=" + packets + ", bytes=" + bytes + ", drops=" + drops + ", us=" + nanos / 1000 + "}";
    }
}
