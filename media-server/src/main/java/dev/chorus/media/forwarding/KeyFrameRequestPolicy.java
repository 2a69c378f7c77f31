package dev.chorus.media.forwarding;

/**
 * Turns "I need a key frame of layer L" (from every {@link LayerSelector} of a producer, and from
 * receivers' PLIs) into few PLIs to the publisher: every key frame costs the publisher a bitrate
 * spike and every receiver of that layer a quality dip, so asking must never turn into a storm.
 * <ul>
 *   <li>one outstanding request per layer: while one is out, asking again does nothing;</li>
 *   <li>a request is out until a key frame of the layer arrives ({@link #onKeyFrame}) or the retry
 *       time passes (the PLI or the key frame may have been lost), after which it is asked again;</li>
 *   <li>at most {@code maxPerSecond} requests over all layers in any one-second window.</li>
 * </ul>
 * Meant to be shared by all consumers of one producer. Pure (the caller sends the PLI for the
 * layer's SSRC when {@link #request} says so) and allocation-free.
 */
public final class KeyFrameRequestPolicy {
    public static final long DEFAULT_RETRY_NANOS = 1_000_000_000L;
    public static final int DEFAULT_MAX_PER_SECOND = 3;
    private static final long SECOND = 1_000_000_000L;

    private final long retryNanos;
    private final boolean[] outstanding;
    private final long[] sentAt;
    private final long[] recent; // send times, a ring of the last maxPerSecond
    private int recentHead;
    private int recentCount;
    private long sent;
    private long suppressed;

    public KeyFrameRequestPolicy(int layers) {
        this(layers, DEFAULT_RETRY_NANOS, DEFAULT_MAX_PER_SECOND);
    }

    public KeyFrameRequestPolicy(int layers, long retryNanos, int maxPerSecond) {
        if (layers < 1 || retryNanos <= 0 || maxPerSecond < 1) {
            throw new IllegalArgumentException("layers " + layers + " retry " + retryNanos + " max " + maxPerSecond);
        }
        this.retryNanos = retryNanos;
        this.outstanding = new boolean[layers];
        this.sentAt = new long[layers];
        this.recent = new long[maxPerSecond];
    }

    /**
     * Someone needs a key frame of {@code layer}. Call as often as wanted (every packet or tick).
     *
     * @return true if a PLI for the layer should be sent now
     */
    public boolean request(int layer, long nowNanos) {
        if (layer < 0 || layer >= outstanding.length) {
            return false;
        }
        if (outstanding[layer] && nowNanos - sentAt[layer] < retryNanos) {
            return false; // already asked; the answer is on its way
        }
        if (recentCount == recent.length && nowNanos - recent[recentHead] < SECOND) {
            suppressed++;
            return false; // the oldest of the last N is less than a second old: over the rate
        }
        outstanding[layer] = true;
        sentAt[layer] = nowNanos;
        recent[recentHead] = nowNanos;
        recentHead = (recentHead + 1) % recent.length;
        recentCount = Math.min(recentCount + 1, recent.length);
        sent++;
        return true;
    }

    /** A key frame of {@code layer} arrived: the request for it is answered. */
    public void onKeyFrame(int layer) {
        if (layer >= 0 && layer < outstanding.length) {
            outstanding[layer] = false;
        }
    }

    public boolean outstanding(int layer) {
        return layer >= 0 && layer < outstanding.length && outstanding[layer];
    }

    /** Requests that said "send". */
    public long sent() {
        return sent;
    }

    /** Requests held back by the rate limit (not counting those merged into an outstanding one). */
    public long suppressed() {
        return suppressed;
    }
}
