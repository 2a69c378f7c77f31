package dev.chorus.media.bwe;

import dev.chorus.media.rtcp.TransportCcFeedback;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.RtpPacketWriter;
import dev.chorus.media.stream.RateTracker;
import dev.chorus.media.util.PacketBuffer;

/**
 * The send half of one receiver transport's congestion control: every RTP packet toward the peer
 * goes through the {@link Pacer}, gets the next transport-wide sequence number as it leaves, and is
 * recorded for the {@link SendSideBandwidthEstimator}, which the peer's feedback drives; probes are
 * padding the {@link Output} writes; retransmissions are capped.
 *
 * <p>Socket-free on purpose: the server's transport and the trace-driven link simulator
 * ({@code dev.chorus.media.sim}) run this same code, so what the simulator measures is what the
 * server does. Worker thread only; nothing here allocates per packet.
 */
public final class SendController implements Pacer.Sink {
    /** Where packets leave. */
    public interface Output {
        /** The pacer released {@code p} (transport-wide sequence number stamped): send it now. */
        void transmit(PacketBuffer p, long nowNanos);

        /**
         * Writes one padding-only packet at {@code buf[0]} with {@code padding} bytes of RTP padding
         * and an empty transport-wide sequence number element {@code tccExtId}; returns its length,
         * or ≤ 0 when nothing can carry padding now.
         */
        int writePadding(byte[] buf, int padding, int tccExtId);
    }

    private static final int PACER_SLOTS = 256;
    private static final int PADDING_PACKET_BYTES = 255; // RTP padding length is one byte
    private static final int PADDING_HEADER_BYTES = 20; // RTP header + transport-wide seq element
    private static final int MIN_PADDING_PACKET_BYTES = PADDING_HEADER_BYTES + 80;
    /** Queued media older than this is drained faster than the pacing rate: stale video helps no one. */
    private static final long MAX_QUEUE_NANOS = 300_000_000L;

    private final Output output;
    private final SendSideBandwidthEstimator bwe;
    private final Pacer pacer = new Pacer(PACER_SLOTS);
    private final TransportCcFeedback feedback = new TransportCcFeedback();
    private final PacketBuffer out = new PacketBuffer();
    private final RtpPacket outView = new RtpPacket();
    private int sendTccExtId;
    private long transportSeq;
    private int probeClusterId = -1;
    /** Probe bytes asked for but not yet sent: the controller asks a few bytes per call, packets are bigger. */
    private int probeCredit;
    private long paddingPackets;
    private long paddingBytes;
    private long feedbackReceived;
    private boolean videoPaused;
    /** Retransmissions over the last second: capped so repairing losses cannot deepen the congestion causing them. */
    private final RateTracker retransmissions = new RateTracker(1_000_000_000L);
    private long retransmissionsDropped;

    public SendController(BweConfig config, Output output) {
        this.output = output;
        this.bwe = new SendSideBandwidthEstimator(config);
        pacer.setTargetBitrate(bwe.targetBitrateBps());
    }

    /** The receiver negotiated transport-wide CC with this extension id (one id per BUNDLE); 0 = none. */
    public void setSendExtensionId(int id) {
        sendTccExtId = id;
    }

    // ---- feedback from the peer about what we send ----

    /** A transport-wide CC FCI ({@code buf[fciOff, fciOff + fciLen)}). */
    public void onTransportCc(byte[] buf, int fciOff, int fciLen, long nowNanos) {
        if (feedback.parse(buf, fciOff, fciLen)) {
            feedbackReceived++;
            bwe.onTransportCcFeedback(feedback, nowNanos);
            pacer.setTargetBitrate(bwe.targetBitrateBps());
        }
    }

    public void onRemb(long bps, long nowNanos) {
        bwe.onRemb(bps, nowNanos);
        pacer.setTargetBitrate(bwe.targetBitrateBps());
    }

    public void onReceiverReport(int fractionLost, long rttMillis, long nowNanos) {
        bwe.onReceiverReport(fractionLost, rttMillis, nowNanos);
        pacer.setTargetBitrate(bwe.targetBitrateBps());
    }

    // ---- toward the peer ----

    /**
     * Queues the packet in {@code p} at a {@link Pacer} priority; false (counted) if the pacer is full
     * or a retransmission is over the cap.
     */
    public boolean send(PacketBuffer p, int priority, long nowNanos) {
        if (priority == Pacer.PRIORITY_RETRANSMISSION) {
            // like libwebrtc's retransmission rate limiter, at half the target: a receiver on an
            // overshot link NACKs everything the bottleneck dropped, and resending all of it at once
            // would keep the link overshot
            if (retransmissions.bitrateBps(nowNanos) * 2 > bwe.targetBitrateBps()) {
                retransmissionsDropped++;
                return false;
            }
            retransmissions.onPacket(p.getLength(), 0, nowNanos);
        }
        if (!pacer.enqueue(priority, p.getBuffer(), p.getOffset(), p.getLength(), 0, nowNanos)) {
            return false;
        }
        pacer.process(nowNanos, this);
        return true;
    }

    /** Pacer and probe timer; returns true while it wants to be called again within a few ms. */
    public boolean onPace(long nowNanos) {
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
        output.transmit(out, nowNanos);
    }

    @Override
    public int padding(int bytes, long nowNanos) {
        return sendPadding(bytes, nowNanos);
    }

    /** Padding-only packets from the output; returns bytes sent. */
    private int sendPadding(int bytes, long nowNanos) {
        if (sendTccExtId == 0) {
            return 0;
        }
        int sent = 0;
        // whole packets only, never more than asked: rounding up on every 2 ms call would send
        // several times the probe's rate
        for (int i = 0; i < 64 && bytes - sent >= MIN_PADDING_PACKET_BYTES; i++) {
            int pad = Math.min(PADDING_PACKET_BYTES, bytes - sent - PADDING_HEADER_BYTES);
            int len = output.writePadding(out.getBuffer(), pad, sendTccExtId);
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
    public void onAllocation(long desiredBps, boolean anyVideo, long nowNanos) {
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

    public long targetBitrateBps() {
        return bwe.targetBitrateBps();
    }

    public BweSnapshot snapshot(long nowNanos) {
        return bwe.snapshot(nowNanos);
    }

    /** The estimator, for telemetry (read-only use). */
    public SendSideBandwidthEstimator estimator() {
        return bwe;
    }

    public Pacer pacer() {
        return pacer;
    }

    public long paddingPackets() {
        return paddingPackets;
    }

    public long paddingBytes() {
        return paddingBytes;
    }

    public long feedbackReceived() {
        return feedbackReceived;
    }

    public long retransmissionsDropped() {
        return retransmissionsDropped;
    }
}
