package dev.chorus.media.stream;

import dev.chorus.media.rtcp.ReportBlock;
import dev.chorus.media.rtp.SequenceNumbers;

/**
 * Receive-side statistics for one SSRC, per RFC 3550 appendix A.1 (sequence tracking with
 * wrap and restart detection), A.3 (loss) and A.8 (interarrival jitter), plus the LSR/DLSR
 * bookkeeping for our receiver reports and a {@link NackGenerator}. Allocation-free after
 * construction. Not thread-safe: drive it from the stream's receive thread.
 *
 * <p>Arrival times are monotonic nanoseconds (e.g. {@code System.nanoTime()}).
 */
public final class RtpStreamRecv {
    private static final int SEQ_MOD = 1 << 16;
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;
    private static final long NANOS = 1_000_000_000L;

    private final long ssrc;
    private final int clockRate;
    private final NackGenerator nacks;

    private boolean started;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private int badSeq = SEQ_MOD + 1;
    private long received;
    private long expectedPrior;
    private long receivedPrior;

    private long firstArrivalNanos;
    private long jitterQ4; // jitter scaled by 16, as in RFC 3550 A.8
    private int lastTransit;
    private long lastRtpTs = -1;

    private boolean haveSr;
    private long lastSrMiddle;
    private long lastSrArrivalNanos;

    public RtpStreamRecv(long ssrc, int clockRate) {
        this(ssrc, clockRate, new NackGenerator());
    }

    /** {@code nacks} may be null to disable NACK generation (e.g. audio). */
    public RtpStreamRecv(long ssrc, int clockRate, NackGenerator nacks) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate");
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
        this.nacks = nacks;
    }

    /**
     * Accounts one received packet (after SRTP, with RTX already mapped to the original seq).
     * Returns false when the packet is a large unexpected jump that is held back as a possible
     * stream restart (RFC 3550 A.1); a second consecutive packet confirms the restart.
     */
    public boolean onPacket(int seq, long rtpTs, long arrivalNanos) {
        seq &= 0xffff;
        if (!started) {
            started = true;
            firstArrivalNanos = arrivalNanos;
            initSeq(seq);
            received = 1;
            updateJitter(rtpTs, arrivalNanos);
            if (nacks != null) {
                nacks.onPacket(extendedHighestSeq(), arrivalNanos);
            }
            return true;
        }
        int udelta = (seq - maxSeq) & 0xffff;
        if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
            if (udelta > 0) {
                updateJitter(rtpTs, arrivalNanos);
            }
            if (nacks != null) {
                nacks.onPacket(extendedHighestSeq(), arrivalNanos);
            }
        } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
            if (seq != badSeq) {
                badSeq = (seq + 1) & 0xffff;
                return false;
            }
            // Two sequential packets after a big jump: the sender restarted; resync.
            initSeq(seq);
            lastRtpTs = -1;
            jitterQ4 = 0;
            updateJitter(rtpTs, arrivalNanos);
            if (nacks != null) {
                nacks.reset();
                nacks.onPacket(extendedHighestSeq(), arrivalNanos);
            }
        } else if (nacks != null) {
            // Duplicate or reordered/retransmitted: may fill a hole.
            nacks.onPacket(extendedHighestSeq() + SequenceNumbers.diff(seq, maxSeq), arrivalNanos);
        }
        received++;
        return true;
    }

    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
    }

    /** Only in-order packets with a new timestamp count, so frame bursts and RTX do not inflate it. */
    private void updateJitter(long rtpTs, long arrivalNanos) {
        rtpTs &= 0xffffffffL;
        if (rtpTs == lastRtpTs) {
            return;
        }
        int transit = (int) (toRtpUnits(arrivalNanos - firstArrivalNanos) - rtpTs);
        if (lastRtpTs >= 0) {
            int d = Math.abs(transit - lastTransit);
            // A jump of more than 5 s is a timestamp discontinuity, not jitter.
            if (d < 5L * clockRate) {
                jitterQ4 += d - ((jitterQ4 + 8) >> 4);
            }
        }
        lastTransit = transit;
        lastRtpTs = rtpTs;
    }

    private long toRtpUnits(long nanos) {
        // Split to avoid overflow of nanos * clockRate on long-running streams.
        return (nanos / NANOS) * clockRate + (nanos % NANOS) * clockRate / NANOS;
    }

    /** Records an SR from this stream's sender for LSR/DLSR. */
    public void onSenderReport(long ntp, long arrivalNanos) {
        haveSr = true;
        lastSrMiddle = NtpTime.middle32(ntp);
        lastSrArrivalNanos = arrivalNanos;
    }

    /**
     * Fills {@code rb} for our next RR and starts a new fraction-lost interval.
     * Returns false (leaving rb untouched) if nothing was received yet.
     */
    public boolean fillReportBlock(ReportBlock rb, long nowNanos) {
        if (!started) {
            return false;
        }
        long expected = expectedPackets();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        rb.sourceSsrc = ssrc;
        rb.fractionLost = Math.min(255, fraction);
        rb.cumulativeLost = cumulativeLost();
        rb.extHighestSeq = extendedHighestSeq() & 0xffffffffL;
        rb.jitter = jitter();
        rb.lastSr = haveSr ? lastSrMiddle : 0;
        rb.dlsr = haveSr ? NtpTime.nanosToCompact(nowNanos - lastSrArrivalNanos) : 0;
        return true;
    }

    /** Returns up to out.length sequence numbers to NACK now; 0 when NACK is disabled. */
    public int collectNacks(long nowNanos, int[] out) {
        return nacks == null ? 0 : nacks.collectNacks(nowNanos, out);
    }

    public NackGenerator nackGenerator() {
        return nacks;
    }

    public long ssrc() {
        return ssrc;
    }

    public int clockRate() {
        return clockRate;
    }

    public boolean hasReceived() {
        return started;
    }

    public long extendedHighestSeq() {
        return cycles + maxSeq;
    }

    public long baseSeq() {
        return baseSeq;
    }

    public long packetsReceived() {
        return received;
    }

    public long expectedPackets() {
        return started ? extendedHighestSeq() - baseSeq + 1 : 0;
    }

    /** Expected minus received, clamped to the 24-bit signed RR field (duplicates can make it negative). */
    public int cumulativeLost() {
        long lost = expectedPackets() - received;
        return (int) Math.max(-0x800000L, Math.min(0x7fffffL, lost));
    }

    /** Interarrival jitter in RTP timestamp units. */
    public long jitter() {
        return jitterQ4 >> 4;
    }

    public long lastSrNtpMiddle() {
        return haveSr ? lastSrMiddle : 0;
    }

    public long lastSrArrivalNanos() {
        return lastSrArrivalNanos;
    }
}
