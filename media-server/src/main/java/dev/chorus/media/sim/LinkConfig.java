package dev.chorus.media.sim;

/**
 * The bottleneck's fixed parameters; a trace segment's own loss, RTT (→ one-way delay RTT/2) and
 * jitter, where it has them, take precedence.
 *
 * @param queueBytes       drop-tail limit of the bottleneck queue (bytes waiting or in service)
 * @param propagationNanos one-way delay of each direction, on top of queueing and serialisation
 * @param jitterNanos      extra one-way delay per packet, uniform in [0, jitter], without reordering
 * @param lossRate         random loss before the queue (0..1)
 */
public record LinkConfig(int queueBytes, long propagationNanos, long jitterNanos, double lossRate) {
    /** 64 kB (~200 ms at 2.5 Mbit/s, deep on a 3G link as real ones are), 25 ms each way, no jitter or loss. */
    public static final LinkConfig DEFAULT = new LinkConfig(64_000, 25_000_000L, 0, 0);

    public LinkConfig {
        if (queueBytes < 1500 || propagationNanos < 0 || jitterNanos < 0 || !(lossRate >= 0 && lossRate <= 1)) {
            throw new IllegalArgumentException("bad link config: queue " + queueBytes + " B, propagation "
                    + propagationNanos + " ns, jitter " + jitterNanos + " ns, loss " + lossRate);
        }
    }

    public LinkConfig withQueueBytes(int bytes) {
        return new LinkConfig(bytes, propagationNanos, jitterNanos, lossRate);
    }

    public LinkConfig withLossRate(double loss) {
        return new LinkConfig(queueBytes, propagationNanos, jitterNanos, loss);
    }

    public LinkConfig withJitterNanos(long jitter) {
        return new LinkConfig(queueBytes, propagationNanos, jitter, lossRate);
    }

    public LinkConfig withPropagationNanos(long propagation) {
        return new LinkConfig(queueBytes, propagation, jitterNanos, lossRate);
    }
}
