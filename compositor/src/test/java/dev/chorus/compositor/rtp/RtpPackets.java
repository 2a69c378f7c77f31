package dev.chorus.compositor.rtp;

import dev.chorus.compositor.encode.EncodedFrame;
import dev.chorus.compositor.encode.VideoCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: packetize into a list of packet copies, and the codec's packetizer/depacketizer. */
final class RtpPackets {
    record Pkt(byte[] bytes, boolean key) {}

    private RtpPackets() {}

    static List<Pkt> packetize(FramePacketizer packetizer, EncodedFrame f) {
        List<Pkt> out = new ArrayList<>();
        packetizer.packetize(f, (b, len, key) -> out.add(new Pkt(Arrays.copyOf(b, len), key)));
        return out;
    }

    static FramePacketizer packetizer(VideoCodec codec, int firstSeq, int maxPayload) {
        return codec == VideoCodec.VP8
                ? new Vp8Packetizer(0x1234_5678L, 96, firstSeq, 100, maxPayload)
                : new H264Packetizer(0x1234_5678L, 102, firstSeq, maxPayload);
    }

    static FrameAssembler depacketizer(VideoCodec codec, dev.chorus.compositor.encode.EncodedFrameSink sink) {
        return codec == VideoCodec.VP8 ? new Vp8Depacketizer(sink) : new H264Depacketizer(sink);
    }

    static void push(FrameAssembler d, Pkt p) {
        d.push(p.bytes(), 0, p.bytes().length);
    }

    static int seq(byte[] p) {
        return ((p[2] & 0xff) << 8) | (p[3] & 0xff);
    }

    static boolean marker(byte[] p) {
        return (p[1] & 0x80) != 0;
    }
}
