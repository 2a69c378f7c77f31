package dev.chorus.compositor.room;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Ways a frame of a participant's stream arrives broken (RTP header 12 bytes, then the 4-byte VP8
 * payload descriptor {@link dev.chorus.compositor.rtp.Vp8Packetizer} writes, then the VP8 bitstream).
 *
 * <p>Not here because nothing can notice it: a frame whose coefficient data is zeroed or cut short
 * (with intact RTP) decodes without error in FFmpeg's VP8 decoder, which checks only the first
 * partition for overruns, and VP8 has no checksum; the tile stays wrong until the next keyframe.
 */
enum Corruption implements UnaryOperator<List<byte[]>> {
    /** A packet in the middle of the frame never arrives. */
    LOST_PACKET {
        @Override
        public List<byte[]> apply(List<byte[]> packets) {
            List<byte[]> out = new ArrayList<>(requireSeveral(packets));
            out.remove(out.size() / 2);
            return out;
        }
    },
    /** The VP8 frame tag says the first partition is far longer than the frame: the decoder fails. */
    BAD_PARTITION_SIZE {
        @Override
        public List<byte[]> apply(List<byte[]> packets) {
            byte[] first = packets.get(0);
            first[DATA] = (byte) (first[DATA] | 0xe1); // inter frame, size bits 0-2 set
            first[DATA + 1] = (byte) 0xff;
            first[DATA + 2] = (byte) 0xff;
            return packets;
        }
    },
    /** A key frame flag without the key frame start code: the depacketizer rejects the packet. */
    FALSE_KEY_FRAME_FLAG {
        @Override
        public List<byte[]> apply(List<byte[]> packets) {
            packets.get(0)[DATA] &= (byte) 0xfe;
            return packets;
        }
    },
    /** Every payload byte after the RTP header replaced by noise (headers intact, so it reaches the decoder path). */
    GARBAGE_PAYLOADS {
        @Override
        public List<byte[]> apply(List<byte[]> packets) {
            Random rnd = new Random(7);
            for (byte[] p : packets) {
                byte[] noise = new byte[p.length - RTP_HEADER];
                rnd.nextBytes(noise);
                System.arraycopy(noise, 0, p, RTP_HEADER, noise.length);
            }
            return packets;
        }
    },
    /** Before the frame, a copy of its first packet with a sequence number 20000 ahead (a stray). */
    STRAY_SEQUENCE_NUMBER {
        @Override
        public List<byte[]> apply(List<byte[]> packets) {
            byte[] stray = packets.get(0).clone();
            int seq = ((stray[2] & 0xff) << 8 | (stray[3] & 0xff)) + 20_000;
            stray[2] = (byte) (seq >> 8);
            stray[3] = (byte) seq;
            List<byte[]> out = new ArrayList<>(packets);
            out.add(0, stray);
            return out;
        }
    };

    static final int RTP_HEADER = 12;
    /** First byte of the VP8 bitstream in a packet's payload. */
    static final int DATA = RTP_HEADER + 4;

    private static List<byte[]> requireSeveral(List<byte[]> packets) {
        if (packets.size() < 3) {
            throw new IllegalStateException("the test wants a frame of at least 3 packets, got " + packets.size());
        }
        return packets;
    }
}
