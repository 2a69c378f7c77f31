package dev.chorus.media.sfu;

import dev.chorus.media.bwe.BweConfig;
import dev.chorus.media.bwe.BweSnapshot;
import dev.chorus.media.bwe.Pacer;
import dev.chorus.media.bwe.SendController;
import dev.chorus.media.bwe.TccFeedbackGenerator;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.util.PacketBuffer;

/**
 * Congestion control of one transport, both directions. Toward the peer (it receives our media):
 * the {@link SendController} — pacer, transport-wide sequence numbers, estimator, probes as RTX
 * padding on one of our video consumers. From the peer (it publishes): the arrival of every packet
 * carrying a transport-wide sequence number is recorded and reported back
 * ({@link TccFeedbackGenerator}) so the browser's own estimator works. Worker thread only; nothing
 * here allocates per packet.
 */
final class CongestionController implements SendController.Output {
    private final WebRtcTransport transport;
    private final SendController send = new SendController(BweConfig.DEFAULT, this);
    private final TccFeedbackGenerator receiveFeedback = new TccFeedbackGenerator();
    private int recvTccExtId;
    private long feedbackSent;

    CongestionController(WebRtcTransport transport) {
        this.transport = transport;
    }

    /** The receiver negotiated transport-wide CC with this extension id (one id per BUNDLE). */
    void setSendExtensionId(int id) {
        send.setSendExtensionId(id);
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
        send.onTransportCc(buf, fciOff, fciLen, nowNanos);
    }

    void onRemb(long bps, long nowNanos) {
        send.onRemb(bps, nowNanos);
    }

    void onReceiverReport(int fractionLost, long rttMillis, long nowNanos) {
        send.onReceiverReport(fractionLost, rttMillis, nowNanos);
    }

    // ---- toward the peer ----

    /** Queues a packet a consumer prepared in {@code p}; false (counted by the pacer) if the queue is full. */
    boolean send(PacketBuffer p, WebRtcTransport.SendClass cls, long nowNanos) {
        int prio = switch (cls) {
            case AUDIO -> Pacer.PRIORITY_AUDIO;
            case RETRANSMISSION -> Pacer.PRIORITY_RETRANSMISSION;
            case VIDEO -> Pacer.PRIORITY_VIDEO;
            case PADDING -> Pacer.PRIORITY_PADDING;
        };
        return send.send(p, prio, nowNanos);
    }

    /** Pacer and probe timer; returns true while it wants to be called again within a few ms. */
    boolean onPace(long nowNanos) {
        return send.onPace(nowNanos);
    }

    @Override
    public void transmit(PacketBuffer p, long nowNanos) {
        transport.protectAndTransmit(p);
    }

    /** RTX padding-only packets on the first video consumer that negotiated RTX. */
    @Override
    public int writePadding(byte[] buf, int padding, int tccExtId) {
        for (Consumer c : transport.consumers()) {
            if (c.canSendPadding()) {
                return c.writeRtxPadding(buf, padding, tccExtId);
            }
        }
        return -1;
    }

    /** See {@link SendController#onAllocation}. */
    void onAllocation(long desiredBps, boolean anyVideo, long nowNanos) {
        send.onAllocation(desiredBps, anyVideo, nowNanos);
    }

    /** The send side itself, for the link telemetry a learned rate policy reads. */
    SendController sendController() {
        return send;
    }

    long targetBitrateBps() {
        return send.targetBitrateBps();
    }

    BweSnapshot snapshot(long nowNanos) {
        return send.snapshot(nowNanos);
    }

    Pacer pacer() {
        return send.pacer();
    }

    long paddingPackets() {
        return send.paddingPackets();
    }

    long paddingBytes() {
        return send.paddingBytes();
    }

    long feedbackReceived() {
        return send.feedbackReceived();
    }

    long retransmissionsDropped() {
        return send.retransmissionsDropped();
    }

    long feedbackSent() {
        return feedbackSent;
    }
}
