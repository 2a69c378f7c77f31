package dev.chorus.compositor.rtp;

import dev.chorus.media.rtp.SequenceNumbers;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Splits VP8 frames into RTP packets (RFC 7741) carrying a 4-byte payload descriptor: X=1, I=1 with
 * a 15-bit PictureID that increases by one per frame, S=1 and PID=0 on the first packet. Payloads
 * (descriptor included) are at most {@code maxPayloadSize} and balanced in size; the marker is set
 * on the last packet. Packets are written into one reused buffer. Not thread-safe.
 */
public final class Vp8Packetizer implements FramePacketizer {
    public static final int DEFAULT_MAX_PAYLOAD = 1150;
    static final int DESCRIPTOR_LENGTH = 4;

    private final long ssrc;
    private final int payloadType;
    private final int maxPayloadSize;
    private final byte[] buf;
    private int sequenceNumber;
    private int pictureId;

    public Vp8Packetizer(long ssrc, int payloadType, int firstSequenceNumber, int firstPictureId, int maxPayloadSize) {
        RtpHeader.checkConfig(ssrc, payloadType, maxPayloadSize, DESCRIPTOR_LENGTH + 1);
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.maxPayloadSize = maxPayloadSize;
        this.sequenceNumber = firstSequenceNumber & 0xffff;
        this.pictureId = firstPictureId & 0x7fff;
        this.buf = new byte[RtpHeader.LENGTH + maxPayloadSize];
    }

    /** Random first sequence number and picture id (RFC 3550 5.1), default payload size. */
    public Vp8Packetizer(long ssrc, int payloadType) {
        this(ssrc, payloadType, ThreadLocalRandom.current().nextInt(0x10000),
                ThreadLocalRandom.current().nextInt(0x8000), DEFAULT_MAX_PAYLOAD);
    }

    /** Returns the number of packets sent to {@code sink}; 0 for an empty frame or bad arguments. */
    @Override
    public int packetize(byte[] data, int off, int len, boolean keyFrame, long rtpTimestamp, PacketSink sink) {
        if (sink == null || data == null || len <= 0 || off < 0 || off > data.length - len) {
            return 0;
        }
        int room = maxPayloadSize - DESCRIPTOR_LENGTH;
        int packets = (len + room - 1) / room;
        // Equal shares (the first ones one byte larger) rather than full packets plus a runt.
        int base = len / packets;
        int larger = len % packets;
        int pos = off;
        for (int i = 0; i < packets; i++) {
            int chunk = base + (i < larger ? 1 : 0);
            boolean last = i == packets - 1;
            RtpHeader.write(buf, last, payloadType, sequenceNumber, rtpTimestamp, ssrc);
            int d = RtpHeader.LENGTH;
            buf[d] = (byte) (0x80 | (i == 0 ? 0x10 : 0)); // X, S on the first packet, PID 0
            buf[d + 1] = (byte) 0x80;                        // I: picture id present
            buf[d + 2] = (byte) (0x80 | (pictureId >>> 8));  // M: 15-bit picture id
            buf[d + 3] = (byte) pictureId;
            System.arraycopy(data, pos, buf, d + DESCRIPTOR_LENGTH, chunk);
            pos += chunk;
            sequenceNumber = SequenceNumbers.add(sequenceNumber, 1);
            sink.onPacket(buf, d + DESCRIPTOR_LENGTH + chunk, keyFrame);
        }
        pictureId = (pictureId + 1) & 0x7fff;
        return packets;
    }

    /** Sequence number the next packet will carry. */
    public int nextSequenceNumber() {
        return sequenceNumber;
    }

    /** Picture id the next frame will carry. */
    public int nextPictureId() {
        return pictureId;
    }

    public long ssrc() {
        return ssrc;
    }

    public int maxPayloadSize() {
        return maxPayloadSize;
    }
}
