package dev.chorus.compositor.rtp;

import dev.chorus.compositor.encode.EncodedFrame;
import dev.chorus.compositor.encode.EncodedFrameSink;

/**
 * Reassembles H.264 access units from packetization-mode 1 RTP (RFC 6184: single NAL unit,
 * STAP-A, FU-A) into Annex-B (4-byte start codes). An access unit ends at the marker bit or where
 * the timestamp changes; it is a keyframe when it holds an IDR slice. After a loss, a frame may only
 * start at a NAL unit that begins an access unit (AUD, SEI, SPS, PPS or a slice with
 * first_mb_in_slice 0). See {@link FrameAssembler} for reordering and loss.
 */
public final class H264Depacketizer extends FrameAssembler {
    private static final byte[] START_CODE = {0, 0, 0, 1};
    private static final int IDR = 5;
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    /** An FU-A fragmented unit is open (its end fragment not yet seen) while assembling. */
    private boolean fuOpen;
    private int fuType;

    public H264Depacketizer(EncodedFrameSink sink) {
        this(sink, DEFAULT_MAX_REORDER_PACKETS, DEFAULT_MAX_DELAY_TICKS);
    }

    public H264Depacketizer(EncodedFrameSink sink, int maxReorderPackets, int maxDelayTicks) {
        super(sink, maxReorderPackets, maxDelayTicks);
    }

    @Override
    boolean inspect(PacketSlot s) {
        byte[] p = s.payload;
        int len = s.length;
        if ((p[0] & 0x80) != 0) {
            return false; // forbidden_zero_bit
        }
        int type = p[0] & 0x1f;
        if (type >= 1 && type <= 23) {
            s.frameStart = beginsAccessUnit(type, p, 1, len);
            s.keyFrame = type == IDR;
            return true;
        }
        if (type == STAP_A) {
            int q = 1;
            boolean first = true;
            while (q < len) {
                if (q + 2 > len) {
                    return false;
                }
                int size = ((p[q] & 0xff) << 8) | (p[q + 1] & 0xff);
                q += 2;
                if (size == 0 || size > len - q || (p[q] & 0x80) != 0) {
                    return false;
                }
                int t = p[q] & 0x1f;
                if (first) {
                    s.frameStart = beginsAccessUnit(t, p, q + 1, q + size);
                    first = false;
                }
                s.keyFrame |= t == IDR;
                q += size;
            }
            return !first;
        }
        if (type == FU_A) {
            if (len < 3) {
                return false;
            }
            int h = p[1];
            int t = h & 0x1f;
            boolean start = (h & 0x80) != 0;
            if ((start && (h & 0x40) != 0) || t == 0 || t > 23) {
                return false; // S and E together, or an aggregate inside a fragment (RFC 6184 5.8)
            }
            s.frameStart = start && beginsAccessUnit(t, p, 2, len);
            s.keyFrame = t == IDR;
            return true;
        }
        return false; // STAP-B, MTAP, FU-B and reserved types are not part of mode 1
    }

    /** {@code p[bodyOff, end)} is the NAL unit body after its header byte. */
    private static boolean beginsAccessUnit(int type, byte[] p, int bodyOff, int end) {
        return switch (type) {
            case 6, 7, 8, 9 -> true;
            // first_mb_in_slice is ue(v): its first bit is 1 exactly when the value is 0.
            case 1, 5 -> bodyOff < end && (p[bodyOff] & 0x80) != 0;
            default -> false;
        };
    }

    @Override
    boolean startsFrame(PacketSlot slot, boolean afterBoundary) {
        return afterBoundary || slot.frameStart;
    }

    @Override
    void beginFrame() {
        fuOpen = false;
    }

    @Override
    boolean append(PacketSlot s, EncodedFrame out) {
        byte[] p = s.payload;
        int len = s.length;
        int type = p[0] & 0x1f;
        if (type == FU_A) {
            int h = p[1];
            int t = h & 0x1f;
            if ((h & 0x80) != 0) {
                if (fuOpen) {
                    return false;
                }
                out.append(START_CODE, 0, 4);
                out.append((byte) ((p[0] & 0xe0) | t)); // the NAL header, rebuilt from indicator and FU header
                fuType = t;
            } else if (!fuOpen || t != fuType) {
                return false;
            }
            out.append(p, 2, len - 2);
            fuOpen = (h & 0x40) == 0;
            return true;
        }
        if (fuOpen) {
            return false;
        }
        if (type == STAP_A) {
            for (int q = 1; q < len; ) {
                int size = ((p[q] & 0xff) << 8) | (p[q + 1] & 0xff);
                out.append(START_CODE, 0, 4);
                out.append(p, q + 2, size);
                q += 2 + size;
            }
            return true;
        }
        out.append(START_CODE, 0, 4);
        out.append(p, 0, len);
        return true;
    }

    @Override
    boolean endFrame(EncodedFrame out) {
        return !fuOpen && out.length() > 0;
    }
}
