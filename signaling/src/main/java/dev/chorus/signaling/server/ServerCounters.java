package dev.chorus.signaling.server;

import java.util.concurrent.atomic.AtomicLong;

/** Process-wide counters of rejected input, reported by /health. */
public final class ServerCounters {
    public final AtomicLong badJson = new AtomicLong();
    public final AtomicLong unknownType = new AtomicLong();
    public final AtomicLong badRequest = new AtomicLong();
    public final AtomicLong oversizedFrames = new AtomicLong();
    public final AtomicLong roomNotFound = new AtomicLong();
    public final AtomicLong badSdp = new AtomicLong();
    /** render-size / pin naming an m-line or participant that is not there. */
    public final AtomicLong unknownTarget = new AtomicLong();
    /** chat / client-stats over their per-participant rate limits. */
    public final AtomicLong rateLimited = new AtomicLong();
    /** resume with an unknown, spent or expired token (a rising count may be someone guessing). */
    public final AtomicLong resumeFailed = new AtomicLong();
    public final AtomicLong httpNotFound = new AtomicLong();
    /** WHIP/WHEP requests answered with an error status (bad SDP, wrong type, unknown room or session, …). */
    public final AtomicLong whipRefused = new AtomicLong();
    public final AtomicLong httpErrors = new AtomicLong();

    public void countError(String code) {
        switch (code) {
            case "bad-json" -> badJson.incrementAndGet();
            case "unknown-type" -> unknownType.incrementAndGet();
            case "frame-too-large" -> oversizedFrames.incrementAndGet();
            case "room-not-found" -> roomNotFound.incrementAndGet();
            case "bad-sdp" -> badSdp.incrementAndGet();
            case "unknown-mid", "unknown-participant" -> unknownTarget.incrementAndGet();
            case "rate-limited" -> rateLimited.incrementAndGet();
            case "resume-failed" -> resumeFailed.incrementAndGet();
            default -> badRequest.incrementAndGet();
        }
    }
}
