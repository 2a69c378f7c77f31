package dev.chorus.media.bwe;

/**
 * Instruction returned by {@link ProbeController#nextProbe}: send about {@link #bytes()} bytes of
 * padding or RTX now, tagged with cluster {@link #id()}, no later than {@link #deadlineNanos()}.
 * One reused instance per controller: read it before the next call.
 */
public final class ProbeCluster {
    int id;
    long targetBps;
    int bytes;
    long deadlineNanos;

    public int id() {
        return id;
    }

    /** Rate the cluster as a whole (media sent meanwhile included) should reach. */
    public long targetBps() {
        return targetBps;
    }

    /** Bytes due now; send whole packets, rounding up is fine. */
    public int bytes() {
        return bytes;
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public String toString() {
        return "ProbeCluster[id=" + id + ", target=" + targetBps + ", bytes=" + bytes + "]";
    }
}
