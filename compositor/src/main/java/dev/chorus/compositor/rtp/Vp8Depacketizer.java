package dev.chorus.compositor.rtp;

import dev.chorus.compositor.encode.EncodedFrame;
import dev.chorus.compositor.encode.EncodedFrameSink;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;

/**
 * Reassembles VP8 frames (RFC 7741) from the RTP packets of one stream: payload descriptors are
 * stripped and the partitions concatenated into the plain VP8 bitstream the decoder takes. A frame
 * starts at S=1/PID=0 and ends at the marker bit. See {@link FrameAssembler} for reordering and loss.
 */
public final class Vp8Depacketizer extends FrameAssembler {
    public Vp8Depacketizer(EncodedFrameSink sink) {
        this(sink, DEFAULT_MAX_REORDER_PACKETS, DEFAULT_MAX_DELAY_TICKS);
    }

    public Vp8Depacketizer(EncodedFrameSink sink, int maxReorderPackets, int maxDelayTicks) {
        super(sink, maxReorderPackets, maxDelayTicks);
    }

    @Override
    boolean inspect(PacketSlot s) {
        byte[] p = s.payload;
        int len = s.length;
        int d = Vp8PayloadDescriptor.descriptorLength(p, 0, len);
        if (d < 0 || d >= len) {
            return false;
        }
        s.dataOffset = d;
        s.frameStart = Vp8PayloadDescriptor.isStartOfFrame(p, 0, len);
        if (s.frameStart) {
            // 3-byte frame tag; bit 0 is the inverse key frame flag. A key frame continues with the
            // start code 9d 01 2a and its dimensions (RFC 6386 9.1), which libwebrtc never splits.
            if (len - d < 3) {
                return false;
            }
            s.keyFrame = (p[d] & 1) == 0;
            if (s.keyFrame && (len - d < 10 || p[d + 3] != (byte) 0x9d || p[d + 4] != 0x01 || p[d + 5] != 0x2a)) {
                return false;
            }
        }
        return true;
    }

    @Override
    boolean startsFrame(PacketSlot slot, boolean afterBoundary) {
        return slot.frameStart; // VP8 marks its frame starts explicitly
    }

    @Override
    void beginFrame() {}

    @Override
    boolean append(PacketSlot s, EncodedFrame out) {
        out.append(s.payload, s.dataOffset, s.length - s.dataOffset);
        return true;
    }

    @Override
    boolean endFrame(EncodedFrame out) {
        return out.length() > 0;
    }
}
