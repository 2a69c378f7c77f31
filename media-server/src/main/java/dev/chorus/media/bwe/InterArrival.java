package dev.chorus.media.bwe;

/**
 * Groups packets into send-time bursts and yields the deltas between consecutive groups, the input
 * of the trendline filter. A group is the packets sent within 5 ms of its first one (a video frame
 * leaves the pacer as such a burst); comparing whole groups rather than single packets removes the
 * noise of the sender's own pacing. Packets that arrive in a burst the network compressed (they
 * arrive faster than they were sent, within 5 ms of the previous one) join the current group.
 *
 * <p>After {@link #add} returns true, {@link #sendDeltaNanos()}, {@link #arrivalDeltaNanos()} and
 * {@link #arrivalNanos()} describe the group that just completed relative to the one before it.
 */
public final class InterArrival {
    static final long GROUP_NANOS = 5_000_000L;
    private static final long BURST_DELTA_NANOS = 5_000_000L;
    private static final long MAX_BURST_NANOS = 100_000_000L;
    /** An arrival jump this much larger than the send gap means the receiver's clock jumped. */
    private static final long ARRIVAL_JUMP_NANOS = 3_000_000_000L;
    private static final int REORDERS_BEFORE_RESET = 3;

    private boolean haveCurrent;
    private long curFirstSend;
    private long curLastSend;
    private long curFirstArrival;
    private long curLastArrival;
    private boolean havePrevious;
    private long prevLastSend;
    private long prevLastArrival;
    private int reorders;

    private long sendDelta;
    private long arrivalDelta;
    private long completedArrival;

    /** Feeds one received packet (in sequence order); true when a group delta is available. */
    public boolean add(long sendNanos, long arrivalNanos) {
        if (!haveCurrent) {
            startGroup(sendNanos, arrivalNanos);
            return false;
        }
        if (sendNanos < curFirstSend) {
            return false; // sent before the current group: reordered, no usable delta
        }
        boolean produced = false;
        if (sendNanos - curFirstSend > GROUP_NANOS && !inBurst(sendNanos, arrivalNanos)) {
            if (havePrevious) {
                long sd = curLastSend - prevLastSend;
                long ad = curLastArrival - prevLastArrival;
                if (ad < 0 || ad - sd > ARRIVAL_JUMP_NANOS) {
                    if (++reorders >= REORDERS_BEFORE_RESET) {
                        havePrevious = false; // consistently odd: start over
                        reorders = 0;
                    }
                } else {
                    reorders = 0;
                    sendDelta = sd;
                    arrivalDelta = ad;
                    completedArrival = curLastArrival;
                    produced = true;
                }
            }
            havePrevious = true;
            prevLastSend = curLastSend;
            prevLastArrival = curLastArrival;
            startGroup(sendNanos, arrivalNanos);
            return produced;
        }
        curLastSend = Math.max(curLastSend, sendNanos);
        curLastArrival = Math.max(curLastArrival, arrivalNanos);
        return false;
    }

    private boolean inBurst(long sendNanos, long arrivalNanos) {
        long ad = arrivalNanos - curLastArrival;
        long sd = sendNanos - curLastSend;
        if (sd == 0) {
            return true;
        }
        return ad - sd < 0 && ad <= BURST_DELTA_NANOS && arrivalNanos - curFirstArrival < MAX_BURST_NANOS;
    }

    private void startGroup(long sendNanos, long arrivalNanos) {
        haveCurrent = true;
        curFirstSend = sendNanos;
        curLastSend = sendNanos;
        curFirstArrival = arrivalNanos;
        curLastArrival = arrivalNanos;
    }

    public long sendDeltaNanos() {
        return sendDelta;
    }

    public long arrivalDeltaNanos() {
        return arrivalDelta;
    }

    /** Arrival time of the last packet of the group that completed. */
    public long arrivalNanos() {
        return completedArrival;
    }

    public void reset() {
        haveCurrent = false;
        havePrevious = false;
        reorders = 0;
    }
}
