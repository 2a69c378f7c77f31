package dev.chorus.media.rtp;

import java.security.SecureRandom;

/** SSRCs the server picks for what it sends (RFC 3550 §8: random, so streams rarely collide). */
public final class Ssrcs {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ssrcs() {}

    /** A nonzero 31-bit SSRC other than {@code not}. */
    public static long random(long not) {
        long ssrc;
        do {
            ssrc = 1 + (RANDOM.nextInt() & 0x7FFFFFFEL);
        } while (ssrc == not);
        return ssrc;
    }
}
