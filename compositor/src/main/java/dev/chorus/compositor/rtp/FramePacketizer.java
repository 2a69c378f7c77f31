package dev.chorus.compositor.rtp;

import dev.chorus.compositor.encode.EncodedFrame;
import dev.chorus.compositor.encode.VideoCodec;

/** Splits encoded frames of one codec into RTP packets of one stream (SSRC, sequence numbers). */
public interface FramePacketizer {
    /** Packetizes {@code frame} with RTP timestamp {@code frame.timestamp()}; returns the number of packets sent. */
    default int packetize(EncodedFrame frame, PacketSink sink) {
        if (frame == null) {
            return 0;
        }
        return packetize(frame.data(), 0, frame.length(), frame.keyFrame(), frame.timestamp(), sink);
    }

    /** Packetizes one encoded frame held in {@code data[off, off+len)}; returns the number of packets sent. */
    int packetize(byte[] data, int off, int len, boolean keyFrame, long rtpTimestamp, PacketSink sink);

    /** The packetizer WebRTC receivers expect for {@code codec} (H.264: packetization-mode 1), default payload size. */
    static FramePacketizer of(VideoCodec codec, long ssrc, int payloadType) {
        return switch (codec) {
            case VP8 -> new Vp8Packetizer(ssrc, payloadType);
            case H264 -> new H264Packetizer(ssrc, payloadType);
        };
    }
}
