package dev.chorus.media.rtcp;

/**
 * Mutable, reusable RTCP report block (RFC 3550 6.4.1). Plain public fields because instances
 * are filled on the hot path and handed straight to {@link RtcpWriter}.
 */
public final class ReportBlock {
    public long sourceSsrc;
    /** 0..255, fixed point with the binary point at the left edge. */
    public int fractionLost;
    /** Signed; clamped to 24 bits when written. */
    public int cumulativeLost;
    public long extHighestSeq;
    public long jitter;
    /** Middle 32 bits of the NTP timestamp of the last SR received, 0 if none. */
    public long lastSr;
    /** Delay since that SR in 1/65536 s, 0 if none. */
    public long dlsr;

    public ReportBlock set(long sourceSsrc, int fractionLost, int cumulativeLost, long extHighestSeq,
                           long jitter, long lastSr, long dlsr) {
        this.sourceSsrc = sourceSsrc;
        this.fractionLost = fractionLost;
        this.cumulativeLost = cumulativeLost;
        this.extHighestSeq = extHighestSeq;
        this.jitter = jitter;
        this.lastSr = lastSr;
        this.dlsr = dlsr;
        return this;
    }

    @Override
    public String toString() {
        return "ReportBlock[ssrc=" + sourceSsrc + " fl=" + fractionLost + " cl=" + cumulativeLost
                + " ehs=" + extHighestSeq + " j=" + jitter + " lsr=" + lastSr + " dlsr=" + dlsr + "]";
    }
}
