package dev.chorus.media.bwe;

/**
 * Limits of one sender-side estimator, in bit/s. The 1 Mbit/s default start is a compromise: high
 * enough that a 360p simulcast layer plus audio flows at once, low enough not to flood a mobile
 * link before the first feedback (~100 ms later); the start probes (3×, 6×) find more quickly.
 */
public record BweConfig(long minBps, long startBps, long maxBps) {
    public static final BweConfig DEFAULT = new BweConfig(30_000, 1_000_000, 20_000_000);

    public BweConfig {
        if (minBps <= 0 || startBps < minBps || maxBps < startBps) {
            throw new IllegalArgumentException("need 0 < min <= start <= max: " + minBps + " " + startBps + " " + maxBps);
        }
    }
}
