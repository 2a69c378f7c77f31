package dev.chorus.media.sfu;

import dev.chorus.media.rtcp.RtcpParser;
import dev.chorus.media.rtcp.RtcpVisitor;

/**
 * Routes a peer's RTCP to where it matters: its sender reports to our receive statistics, its
 * report blocks and NACK/PLI/FIR about streams we send it to the matching consumers.
 */
final class RtcpFeedbackHandler implements RtcpVisitor {
    private final WebRtcTransport transport;
    private long now;
    private long nacks;
    private long keyFrameRequests;

    RtcpFeedbackHandler(WebRtcTransport transport) {
        this.transport = transport;
    }

    boolean handle(byte[] buf, int off, int len) {
        now = System.nanoTime();
        return RtcpParser.parse(buf, off, len, this) > 0;
    }

    @Override
    public void onSenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
        ProducerLayer l = transport.layerBySsrc(ssrc);
        if (l != null && l.stream() != null) {
            l.stream().onSenderReport(ntpTimestamp, now);
        }
    }

    @Override
    public void onReportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
                              long extHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {
        Consumer c = transport.consumerBySsrc(sourceSsrc);
        if (c != null) {
            c.sendStream().onReportBlock(fractionLost, cumulativeLost, extHighestSeq, jitter, lastSr,
                    delaySinceLastSr, dev.chorus.media.stream.NtpTime.nowNtp());
            transport.congestion().onReceiverReport(fractionLost, c.sendStream().rttMillis(), now);
        }
    }

    @Override
    public void onNack(long senderSsrc, long mediaSsrc, int pid, int blp) {
        Consumer c = transport.consumerBySsrc(mediaSsrc);
        if (c == null) {
            return;
        }
        nacks++;
        c.nacks++;
        c.retransmit(pid, now);
        for (int i = 0; i < 16; i++) {
            if ((blp & (1 << i)) != 0) {
                c.retransmit((pid + i + 1) & 0xFFFF, now);
            }
        }
    }

    @Override
    public void onTransportCc(long senderSsrc, long mediaSsrc, byte[] buf, int fciOff, int fciLen) {
        transport.congestion().onTransportCc(buf, fciOff, fciLen, now);
    }

    @Override
    public void onRemb(long senderSsrc, long bitrateBps, int numSsrcs, byte[] buf, int ssrcsOff) {
        transport.congestion().onRemb(bitrateBps, now);
    }

    @Override
    public void onPli(long senderSsrc, long mediaSsrc) {
        keyFrame(mediaSsrc);
    }

    @Override
    public void onFir(long senderSsrc, long mediaSsrc, int seqNr) {
        keyFrame(mediaSsrc);
    }

    private void keyFrame(long mediaSsrc) {
        Consumer c = transport.consumerBySsrc(mediaSsrc);
        if (c != null) {
            keyFrameRequests++;
            c.requestKeyFrame(now);
        }
    }

    long nacks() {
        return nacks;
    }

    long keyFrameRequests() {
        return keyFrameRequests;
    }
}
