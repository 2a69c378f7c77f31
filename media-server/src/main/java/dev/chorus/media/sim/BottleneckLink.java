package dev.chorus.media.sim;

import dev.chorus.media.sim.trace.CapacityTrace;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One direction of a bottleneck whose capacity follows a {@link CapacityTrace}: random loss at the
 * entrance, a drop-tail FIFO of {@link LinkConfig#queueBytes()}, serialisation at the capacity in force
 * (changing under a packet as the trace changes; an outage stalls it), then propagation delay and
 * jitter. Packets never overtake each other. Time is the caller's virtual clock in ns; the link keeps
 * exact departure and arrival times, so the caller may step it coarsely. Deterministic for a seed.
 */
final class BottleneckLink {
    private final CapacityTrace trace;
    private final LinkConfig config;
    private final Random random;
    private final ArrayDeque<SimPacket> queue = new ArrayDeque<>();
    private final ArrayDeque<SimPacket> flight = new ArrayDeque<>();
    private long queuedBytes;
    private long linkFreeAt;
    private long headFinish = -1;
    private long lastArrival;

    private long offered;
    private long randomDrops;
    private long queueDrops;
    private long deliveredPackets;
    private long deliveredBytes;
    private long maxQueueDelayNanos;

    BottleneckLink(CapacityTrace trace, LinkConfig config, long seed) {
        this.trace = trace;
        this.config = config;
        this.random = new Random(seed);
    }

    /** A packet reaches the bottleneck at {@code now}; false if it was lost or the queue was full. */
    boolean offer(SimPacket p, long now) {
        serve(now);
        offered++;
        double loss = trace.lossAt(now);
        if (Double.isNaN(loss)) {
            loss = config.lossRate();
        }
        if (loss > 0 && random.nextDouble() < loss) {
            randomDrops++;
            return false;
        }
        if (queuedBytes + p.size > config.queueBytes()) {
            queueDrops++;
            return false;
        }
        p.enqueuedNanos = now;
        queue.add(p);
        queuedBytes += p.size;
        return true;
    }

    /** Advances to {@code now}: every packet that has arrived by then goes to {@code deliver}, in order. */
    void advance(long now, Consumer<SimPacket> deliver) {
        serve(now);
        while (!flight.isEmpty() && flight.peek().arrivalNanos <= now) {
            SimPacket p = flight.poll();
            deliveredPackets++;
            deliveredBytes += p.size;
            deliver.accept(p);
        }
    }

    /** Moves packets whose serialisation has finished by {@code now} from the queue onto the wire. */
    private void serve(long now) {
        while (!queue.isEmpty()) {
            SimPacket head = queue.peek();
            if (headFinish < 0) {
                long start = Math.max(linkFreeAt, head.enqueuedNanos);
                headFinish = trace.transmitEndNanos(start, head.size * 8L);
            }
            if (headFinish > now) {
                return;
            }
            queue.poll();
            queuedBytes -= head.size;
            linkFreeAt = headFinish;
            maxQueueDelayNanos = Math.max(maxQueueDelayNanos, headFinish - head.enqueuedNanos);
            long arrival = headFinish + oneWayDelay(headFinish);
            head.arrivalNanos = Math.max(arrival, lastArrival); // jitter does not reorder
            lastArrival = head.arrivalNanos;
            flight.add(head);
            headFinish = -1;
        }
    }

    private long oneWayDelay(long t) {
        double rtt = trace.rttMsAt(t);
        long prop = rtt > 0 ? Math.round(rtt * 1e6 / 2) : config.propagationNanos();
        double jitterMs = trace.jitterMsAt(t);
        long jitter = Double.isNaN(jitterMs) ? config.jitterNanos() : Math.round(jitterMs * 1e6);
        return jitter > 0 ? prop + (long) (random.nextDouble() * jitter) : prop;
    }

    /** The one-way base delay in force at {@code t} (trace RTT / 2, else the configured one). */
    long propagationNanos(long t) {
        double rtt = trace.rttMsAt(t);
        return rtt > 0 ? Math.round(rtt * 1e6 / 2) : config.propagationNanos();
    }

    long queuedBytes() {
        return queuedBytes;
    }

    long offered() {
        return offered;
    }

    long randomDrops() {
        return randomDrops;
    }

    long queueDrops() {
        return queueDrops;
    }

    long deliveredPackets() {
        return deliveredPackets;
    }

    long deliveredBytes() {
        return deliveredBytes;
    }

    long maxQueueDelayNanos() {
        return maxQueueDelayNanos;
    }
}
