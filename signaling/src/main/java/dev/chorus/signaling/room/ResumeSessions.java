package dev.chorus.signaling.room;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Server-wide resume tokens (docs/protocol.md, WebSocket drop) and the timer that ends grace periods.
 * A {@code resume} arrives on a fresh socket that knows no room, hence one table for all rooms.
 *
 * <p>Tokens are 256 random bits. The table is keyed by the token's SHA-256, never by the token: a map
 * lookup compares keys with an early exit, and hashing first means that timing only tells an attacker
 * about hashes of their own guesses, nothing about real tokens. Each participant holds at most one token.
 */
public final class ResumeSessions implements AutoCloseable {
    private static final int TOKEN_BYTES = 32;
    /** Our tokens are 43 characters; anything much longer is not one (and is not worth hashing). */
    static final int MAX_TOKEN_LENGTH = 256;

    private record Entry(byte[] digest, Participant participant) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> byDigest = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timers;
    private final int graceSeconds;

    public ResumeSessions(int graceSeconds) {
        this.graceSeconds = graceSeconds;
        timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("chorus-resume-grace").factory());
        timers.setRemoveOnCancelPolicy(true); // resumed participants' timers do not pile up
    }

    /** How long a dropped participant stays resumable; 0: it leaves at once. */
    public int graceSeconds() {
        return graceSeconds;
    }

    /** Room thread of {@code p}: a fresh token for it; the one it had (if any) stops working. */
    String issue(Participant p) {
        revoke(p);
        byte[] raw = new byte[TOKEN_BYTES];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] d = digest(token);
        p.resumeKey = HexFormat.of().formatHex(d);
        byDigest.put(p.resumeKey, new Entry(d, p));
        return token;
    }

    /** Any thread: the participant {@code token} resumes, or null. Does not spend it. */
    public Participant find(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return null;
        }
        byte[] d = digest(token);
        Entry e = byDigest.get(HexFormat.of().formatHex(d));
        return e != null && MessageDigest.isEqual(e.digest, d) ? e.participant : null;
    }

    /** Room thread of {@code p}: spends {@code token} if it (still) resumes {@code p}. */
    boolean spend(String token, Participant p) {
        if (find(token) != p || p.resumeKey == null) {
            return false;
        }
        revoke(p);
        return true;
    }

    /** Room thread of {@code p}: its token stops working (it left, or got a new one). */
    void revoke(Participant p) {
        if (p.resumeKey != null) {
            byDigest.remove(p.resumeKey);
            p.resumeKey = null;
        }
    }

    /** Runs {@code r} (which must only hand work to a room thread) after {@code seconds}. */
    ScheduledFuture<?> schedule(Runnable r, long seconds) {
        return timers.schedule(r, seconds, TimeUnit.SECONDS);
    }

    /** Tokens currently valid (tests, health). */
    int size() {
        return byDigest.size();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
