package dev.chorus.signaling.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The admin API's bearer-token check. Without a configured token the admin API is disabled
 * (every request refused), never open. The token itself is kept only as a digest.
 */
public final class AdminAuth {
    public enum Result {
        OK,
        /** no token configured: 403 */
        DISABLED,
        /** no usable {@code Authorization: Bearer} header: 401 */
        MISSING,
        /** a bearer token that is not the configured one: 401 */
        WRONG
    }

    private final byte[] expected;
    /** Requests refused with 401 / 403 (reported by /health). */
    public final AtomicLong unauthorized = new AtomicLong();
    public final AtomicLong forbidden = new AtomicLong();

    /** @param token the configured token; null or blank disables the admin API */
    public AdminAuth(String token) {
        this.expected = token == null || token.isBlank() ? null : sha256(token);
    }

    public boolean enabled() {
        return expected != null;
    }

    /** Checks an {@code Authorization} header value (null if absent). */
    public Result check(String authorization) {
        if (expected == null) {
            return Result.DISABLED;
        }
        String scheme = "bearer ";
        if (authorization == null || authorization.length() <= scheme.length()
                || !authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return Result.MISSING;
        }
        String presented = authorization.substring(scheme.length()).strip();
        if (presented.isEmpty()) {
            return Result.MISSING;
        }
        // digests of equal length, compared in constant time: neither content nor length leaks by timing
        return MessageDigest.isEqual(sha256(presented), expected) ? Result.OK : Result.WRONG;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
