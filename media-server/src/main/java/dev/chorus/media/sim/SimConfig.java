package dev.chorus.media.sim;

/**
 * One simulation run's settings besides the trace and the policy.
 *
 * @param durationNanos   simulated time (a shorter trace loops, a longer one is cut)
 * @param seed            everything random derives from it: same seed, same run
 * @param keepTelemetry   keep every 100 ms telemetry row (with labels) in the result
 */
public record SimConfig(LinkConfig link, SourceConfig source, long durationNanos, long seed, boolean keepTelemetry) {
    public SimConfig {
        if (durationNanos <= 0) {
            throw new IllegalArgumentException("duration " + durationNanos);
        }
    }

    public static SimConfig of(long durationNanos, long seed) {
        return new SimConfig(LinkConfig.DEFAULT, SourceConfig.DEFAULT, durationNanos, seed, false);
    }

    public SimConfig withLink(LinkConfig l) {
        return new SimConfig(l, source, durationNanos, seed, keepTelemetry);
    }

    public SimConfig withTelemetry(boolean keep) {
        return new SimConfig(link, source, durationNanos, seed, keep);
    }
}
