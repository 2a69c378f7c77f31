package dev.chorus.media.net;

/**
 * Demultiplexes datagrams arriving on one bundled 5-tuple by their first byte (RFC 7983),
 * and RTP from RTCP by the second byte (RFC 5761). Never throws; anything that cannot be
 * one of the known kinds at its minimum size is {@link PacketType#UNKNOWN}.
 */
public final class PacketClassifier {
    private PacketClassifier() {
    }

    public static PacketType classify(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len <= 0 || off > buf.length - len) {
            return PacketType.UNKNOWN;
        }
        int b0 = buf[off] & 0xff;
        if (b0 <= 3) {
            return len >= 20 ? PacketType.STUN : PacketType.UNKNOWN;
        }
        if (b0 >= 20 && b0 <= 63) {
            return len >= 13 ? PacketType.DTLS : PacketType.UNKNOWN;
        }
        if (b0 >= 128 && b0 <= 191) {
            if (len < 2) {
                return PacketType.UNKNOWN;
            }
            // RTCP packet types 192..223 look like RTP PT 64..95 once the marker bit is masked;
            // RFC 5761 forbids those payload types for RTP, which is what makes this split safe.
            int pt = buf[off + 1] & 0x7f;
            if (pt >= 64 && pt <= 95) {
                return len >= 8 ? PacketType.RTCP : PacketType.UNKNOWN;
            }
            return len >= 12 ? PacketType.RTP : PacketType.UNKNOWN;
        }
        return PacketType.UNKNOWN;
    }

    public static boolean isRtpOrRtcp(byte[] buf, int off, int len) {
        PacketType t = classify(buf, off, len);
        return t == PacketType.RTP || t == PacketType.RTCP;
    }
}
