package dev.chorus.media.stream;

import dev.chorus.media.rtcp.ReportBlock;
import dev.chorus.media.rtcp.RtcpWriter;

/**
 * Send-side state for one outgoing SSRC: counters and RTP/wall-clock anchor for our sender
 * reports, and what the remote receiver last told us (loss, jitter, RTT from LSR/DLSR per
 * RFC 3550 6.4.1). Not thread-safe.
 */
public final class RtpStreamSend {
    private static final long NANOS = 1_000_000_000L;

    private final long ssrc;
    private final int clockRate;

    private long packets;
    private long octets;
    private boolean sent;
    private long lastRtpTs;
    private long lastSendNanos;

    private boolean haveReport;
    private int fractionLost;
    private int cumulativeLost;
    private long extHighestSeq;
    private long jitter;
    private long rttNanos = -1;

    public RtpStreamSend(long ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate");
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
    }

    /** Accounts one sent packet; octets are payload bytes as the SR octet count defines. */
    public void onPacketSent(long rtpTs, int payloadLength, long nowNanos) {
        packets++;
        octets += payloadLength;
        lastRtpTs = rtpTs & 0xffffffffL;
        lastSendNanos = nowNanos;
        sent = true;
    }

    /** RTP timestamp corresponding to {@code nowNanos}, extrapolated from the last packet sent. */
    public long rtpTimestampAt(long nowNanos) {
        long d = nowNanos - lastSendNanos;
        long units = (d / NANOS) * clockRate + (d % NANOS) * clockRate / NANOS;
        return (lastRtpTs + units) & 0xffffffffL;
    }

    /**
     * Writes an SR for this stream stamped with {@code nowNtp} and the matching RTP time.
     * Returns its length, or -1 if nothing was sent yet (an SR would carry a meaningless
     * timestamp) or the buffer is too small.
     */
    public int writeSenderReport(byte[] buf, int off, long nowNanos, long nowNtp, ReportBlock[] blocks, int count) {
        if (!sent) {
            return -1;
        }
        return RtcpWriter.writeSenderReport(buf, off, ssrc, nowNtp, rtpTimestampAt(nowNanos),
                packetCount(), octetCount(), blocks, count);
    }

    /**
     * Applies a report block about this stream. {@code nowNtp} is our NTP clock at arrival,
     * the same clock that stamped our SRs; RTT = A - LSR - DLSR in 16.16 seconds.
     */
    public void onReportBlock(int fractionLost, int cumulativeLost, long extHighestSeq, long jitter,
                              long lastSr, long dlsr, long nowNtp) {
        haveReport = true;
        this.fractionLost = fractionLost;
        this.cumulativeLost = cumulativeLost;
        this.extHighestSeq = extHighestSeq;
        this.jitter = jitter;
        if (lastSr != 0) {
            long rtt = (NtpTime.middle32(nowNtp) - lastSr - dlsr) & 0xffffffffL;
            // A "negative" result means clock trouble or a bogus LSR: keep the previous estimate.
            if (rtt < 0x80000000L) {
                rttNanos = NtpTime.compactToNanos(rtt);
            }
        }
    }

    public long ssrc() {
        return ssrc;
    }

    public int clockRate() {
        return clockRate;
    }

    /** Sender's packet count, modulo 2^32 as carried in an SR. */
    public long packetCount() {
        return packets & 0xffffffffL;
    }

    /** Sender's payload octet count, modulo 2^32 as carried in an SR. */
    public long octetCount() {
        return octets & 0xffffffffL;
    }

    public long totalPackets() {
        return packets;
    }

    public long totalOctets() {
        return octets;
    }

    public long lastRtpTimestamp() {
        return lastRtpTs;
    }

    public long lastSendNanos() {
        return lastSendNanos;
    }

    public boolean hasReport() {
        return haveReport;
    }

    /** Last reported fraction lost, 0..255. */
    public int fractionLost() {
        return fractionLost;
    }

    public double lossRatio() {
        return fractionLost / 256.0;
    }

    public int cumulativeLost() {
        return cumulativeLost;
    }

    public long extHighestSeq() {
        return extHighestSeq;
    }

    public long jitter() {
        return jitter;
    }

    /** Latest RTT in nanoseconds, -1 until an RR with LSR arrived. */
    public long rttNanos() {
        return rttNanos;
    }

    /** Latest RTT in milliseconds (rounded down), -1 if unknown. */
    public long rttMillis() {
        return rttNanos < 0 ? -1 : rttNanos / 1_000_000L;
    }
}
