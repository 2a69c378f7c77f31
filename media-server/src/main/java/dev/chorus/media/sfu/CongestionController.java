package dev.chorus.media.sfu;

import dev.chorus.media.bwe.BweConfig;
import dev.chorus.media.bwe.BweSnapshot;
import dev.chorus.media.bwe.Pacer;
import dev.chorus.media.bwe.ProbeCluster;
import dev.chorus.media.bwe.SendSideBandwidthEstimator;
import dev.chorus.media.bwe.TccFeedbackGenerator;
import dev.chorus.media.rtcp.TransportCcFeedback;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.RtpPacketWriter;
import dev.chorus.media.util.PacketBuffer;

/**
 * Congestion control of one transport, both directions. Toward the peer (it receives our media):
 * every RTP packet goes through the {@link Pacer}, gets the next transport-wide sequence number as it
 * leaves, and is recorded for the {@link SendSideBandwidthEstimator}, which the peer's feedback drives;
 * probes are RTX padding. From the peer (it publishes): the arrival of every packet carrying a
 * transport-wide sequence number is recorded and reported back ({@link TccFeedbackGenerator}) so the
 * browser's own estimator works. Worker thread only; nothing here allocates per packet.
 */
final class CongestionController implements Pacer.Sink {
    private static final int PACER_SLOTS = 256;
    private static final int PADDING_PACKET_BYTES = 255; // RTP padding length is one byte
    private static final int PADDING_HEADER_BYTES = 20; // RTP header + transport-wide seq element
    private static final int MIN_PADDING_PACKET_BYTES = PADDING_HEADER_BYTES + 80;
    /** Queued media older than this is drained faster than the pacing rate: stale video helps no one. */
    private static final long MAX_QUEUE_NANOS = 300_000_000L;

    private final WebRtcTransport transport;
    private final SendSideBandwidthEstimator bwe = new SendSideBandwidthEstimator(BweConfig.DEFAULT);
    private final Pacer pacer = new Pacer(PACER_SLOTS);
    private final TransportCcFeedback feedback = new TransportCcFeedback();
    private final TccFeedbackGenerator receiveFeedback = new TccFeedbackGenerator();
    private final PacketBuffer out = new PacketBuffer();
    private final RtpPacket outView = new RtpPacket();
    private int sendTccExtId;
    private int recvTccExtId;
    private long transportSeq;
    private int probeClusterId = -1;
    /** Probe bytes asked for but not yet sent: the controller asks a few bytes per call, packets are bigger. */
    private int probeCredit;
    private long paddingPackets;
    private long paddingBytes;
    private long feedbackReceived;
    private long feedbackSent;
    private boolean videoPaused;
    /** Retransmissions over the last second: capped so repairing losses cannot deepen the congestion causing them. */
    private final dev.chorus.media.stream.RateTracker retransmissions =
            new dev.chorus.media.stream.RateTracker(1_000_000_000L);
    private long retransmissionsDropped;

    CongestionController(WebRtcTransport transport) {
        this.transport = transport;
        pacer.setTargetBitrate(bwe.targetBitrateBps());
    }

    /** The receiver negotiated transport-wide CC with this extension id (one id per BUNDLE). */
    void setSendExtensionId(int id) {
        sendTccExtId = id;
    }

    /** The publisher sends transport-wide sequence numbers with this extension id. */
    void setReceiveExtensionId(int id) {
        recvTccExtId = id;
    }

    // ---- from the peer (publisher side) ----

    void onRtpReceived(RtpPacket rtp, long arrivalNanos) {
        if (recvTccExtId <= 0) {
            return;
        }
        int seq = rtp.extensionU16(recvTccExtId);
        if (seq >= 0) {
            receiveFeedback.onPacket(seq, arrivalNanos);
        }
    }

    /** Writes due feedback packets for the publisher into the transport's RTCP buffer and sends them. */
    void sendReceiveFeedback(long mediaSsrc, long nowNanos) {
        PacketBuffer buf = transport.rtcpOut();
        for (int i = 0; i < 8 && receiveFeedback.due(nowNanos); i++) {
            int len = receiveFeedback.write(buf.getBuffer(), 0, transport.rtcpSsrc(), mediaSsrc, nowNanos);
            if (len <= 0) {
                break;
            }
            buf.setOffsetLength(0, len);
            if (transport.sendRtcp(buf)) {
                feedbackSent++;
            }
        }
    }

    // ---- feedback from the peer about what we send ----

    void onTransportCc(byte[] buf, int fciOff, int fciLen, long nowNanos) {
        if (feedback.parse(buf, fciOff, fciLen)) {
            feedbackReceived++;
            bwe.onTransportCcFeedback(feedback, nowNanos);
            pacer.setTargetBitrate(bwe.targetBitrateBps());
        }
    }

    void onRemb(long bps, long nowNanos) {
        bwe.onRemb(bps, nowNanos);
        pacer.setTargetBitrate(bwe.targetBitrateBps());
    }

    void onReceiverReport(int fractionLost, long rttMillis, long nowNanos) {
        bwe.onReceiverReport(fractionLost, rttMillis, nowNanos);
        pacer.setTargetBitrate(bwe.targetBitrateBps());
    }

    // ---- toward the peer ----

    /** Queues a packet a consumer prepared in {@code p}; false (counted by the pacer) if the queue is full. */
    boolean send(PacketBuffer p, WebRtcTransport.SendClass cls, long nowNanos) {
        if (cls == WebRtcTransport.SendClass.RETRANSMISSION) {
            // like libwebrtc's retransmission rate limiter, at half the target: a receiver on an
            // overshot link NACKs everything the bottleneck dropped, and resending all of it at once
            // would keep the link overshot
            if (retransmissions.bitrateBps(nowNanos) * 2 > bwe.targetBitrateBps()) {
                retransmissionsDropped++;
                return false;
            }
            retransmissions.onPacket(p.getLength(), 0, nowNanos);
        }
        int prio = switch (cls) {
            case AUDIO -> Pacer.PRIORITY_AUDIO;
            case RETRANSMISSION -> Pacer.PRIORITY_RETRANSMISSION;
            case VIDEO -> Pacer.PRIORITY_VIDEO;
            case PADDING -> Pacer.PRIORITY_PADDING;
        };
        if (!pacer.enqueue(prio, p.getBuffer(), p.getOffset(), p.getLength(), 0, nowNanos)) {
            return false;
        }
        pacer.process(nowNanos, this);
        return true;
    }

    /** Pacer and probe timer; returns true while it wants to be called again within a few ms. */
    boolean onPace(long nowNanos) {
        ProbeCluster probe = bwe.nextProbe(nowNanos);
        if (probe != null) {
            probeClusterId = probe.id();
            probeCredit += probe.bytes();
            probeCredit -= sendPadding(probeCredit, nowNanos);
            probeClusterId = -1;
        } else {
            probeCredit = 0;
        }
        long queued = pacer.queuedBytes();
        if (queued > 0 && pacer.oldestQueueDelayNanos(nowNanos) > MAX_QUEUE_NANOS / 2) {
            // libwebrtc's queue-time limit: raise the rate so the backlog leaves within the limit
            long drainBps = queued * 8 * 1_000_000_000L / MAX_QUEUE_NANOS;
            pacer.setPacingRate(Math.max(drainBps, (long) (2.5 * bwe.targetBitrateBps())));
        } else {
            pacer.setTargetBitrate(bwe.targetBitrateBps());
        }
        pacer.process(nowNanos, this);
        return pacer.queuedPackets() > 0 || probe != null;
    }

    @Override
    public void send(byte[] buf, int off, int len, int priority, long tag, long nowNanos) {
        System.arraycopy(buf, off, out.getBuffer(), 0, len);
        out.setOffsetLength(0, len);
        stampAndTransmit(len, nowNanos);
    }

    private void stampAndTransmit(int len, long nowNanos) {
        if (sendTccExtId != 0 && outView.wrap(out.getBuffer(), 0, len)
                && RtpPacketWriter.overwriteExtensionU16(outView, sendTccExtId, (int) (transportSeq & 0xFFFF))) {
            bwe.onPacketSent(transportSeq, len, probeClusterId, nowNanos);
            transportSeq++;
        }
        transport.protectAndTransmit(out);
    }

    @Override
    public int padding(int bytes, long nowNanos) {
        return sendPadding(bytes, nowNanos);
    }

    /** RTX padding-only packets on the first video consumer that negotiated RTX; returns bytes sent. */
    private int sendPadding(int bytes, long nowNanos) {
        if (sendTccExtId == 0) {
            return 0;
        }
        Consumer via = null;
        for (Consumer c : transport.consumers()) {
            if (c.canSendPadding()) {
                via = c;
                break;
            }
        }
        if (via == null) {
            return 0;
        }
        int sent = 0;
        // whole packets only, never more than asked: rounding up on every 2 ms call would send
        // several times the probe's rate
        for (int i = 0; i < 64 && bytes - sent >= MIN_PADDING_PACKET_BYTES; i++) {
            int pad = Math.min(PADDING_PACKET_BYTES, bytes - sent - PADDING_HEADER_BYTES);
            int len = via.writeRtxPadding(out.getBuffer(), pad, sendTccExtId);
            if (len <= 0) {
                break;
            }
            out.setOffsetLength(0, len);
            stampAndTransmit(len, nowNanos);
            sent += len;
            paddingPackets++;
            paddingBytes += len;
        }
        return sent;
    }

    /**
     * After an allocation: the allocator would use {@code desiredBps}; probe toward it when that is
     * more than the estimate, and let the estimator know when all video stopped or restarted.
     */
    void onAllocation(long desiredBps, boolean anyVideo, long nowNanos) {
        if (desiredBps > bwe.targetBitrateBps()) {
            bwe.requestProbe(desiredBps, nowNanos);
        }
        if (!anyVideo && !videoPaused) {
            videoPaused = true;
            bwe.onVideoPaused(nowNanos);
        } else if (anyVideo && videoPaused) {
            videoPaused = false;
            bwe.onVideoResumed(nowNanos);
        }
    }

    long targetBitrateBps() {
        return bwe.targetBitrateBps();
    }

    BweSnapshot snapshot(long nowNanos) {
        return bwe.snapshot(nowNanos);
    }

    Pacer pacer() {
        return pacer;
    }

    long paddingPackets() {
        return paddingPackets;
    }

    long paddingBytes() {
        return paddingBytes;
    }

    long feedbackReceived() {
        return feedbackReceived;
    }

    long retransmissionsDropped() {
        return retransmissionsDropped;
    }

    long feedbackSent() {
        return feedbackSent;
    }
}
