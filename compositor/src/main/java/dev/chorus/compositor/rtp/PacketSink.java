package dev.chorus.compositor.rtp;

/**
 * Receives packetized RTP packets. {@code packet} is the packetizer's reused buffer, valid only
 * during the call; {@code keyFrame} tells which packets carry a keyframe (to keep them for NACKs/new receivers).
 */
@FunctionalInterface
public interface PacketSink {
    void onPacket(byte[] packet, int length, boolean keyFrame);
}
