package dev.chorus.compositor.rtp;

import dev.chorus.media.rtp.SequenceNumbers;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Packetizes H.264 Annex-B access units for packetization-mode 1 (RFC 6184): consecutive NAL
 * units that fit together (typically SPS + PPS) go into one STAP-A, a unit that fits alone is sent
 * as a single NAL unit packet, a larger one as FU-A fragments of balanced size. The marker is set
 * on the last packet of the access unit. Packets are written into one reused buffer. Not thread-safe.
 */
public final class H264Packetizer implements FramePacketizer {
    public static final int DEFAULT_MAX_PAYLOAD = 1150;
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private final long ssrc;
    private final int payloadType;
    private final int maxPayloadSize;
    private final byte[] buf;
    private final NalUnits nals = new NalUnits();
    private int sequenceNumber;

    public H264Packetizer(long ssrc, int payloadType, int firstSequenceNumber, int maxPayloadSize) {
        RtpHeader.checkConfig(ssrc, payloadType, maxPayloadSize, 3);
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.maxPayloadSize = maxPayloadSize;
        this.sequenceNumber = firstSequenceNumber & 0xffff;
        this.buf = new byte[RtpHeader.LENGTH + maxPayloadSize];
    }

    public H264Packetizer(long ssrc, int payloadType) {
        this(ssrc, payloadType, ThreadLocalRandom.current().nextInt(0x10000), DEFAULT_MAX_PAYLOAD);
    }

    /** Returns the number of packets sent; 0 when the input holds no Annex-B NAL unit or arguments are bad. */
    @Override
    public int packetize(byte[] data, int off, int len, boolean keyFrame, long rtpTimestamp, PacketSink sink) {
        if (sink == null || data == null || len <= 0 || off < 0 || off > data.length - len) {
            return 0;
        }
        int n = nals.split(data, off, len);
        int packets = 0;
        int i = 0;
        while (i < n) {
            int size = nals.length(i);
            if (size > maxPayloadSize) {
                packets += fragment(data, nals.offset(i), size, i == n - 1, keyFrame, rtpTimestamp, sink);
                i++;
                continue;
            }
            int j = i;
            int stapSize = 1;
            while (j < n && nals.length(j) <= maxPayloadSize && stapSize + 2 + nals.length(j) <= maxPayloadSize) {
                stapSize += 2 + nals.length(j);
                j++;
            }
            if (j - i >= 2) {
                aggregate(data, i, j, stapSize, j == n, keyFrame, rtpTimestamp, sink);
                i = j;
            } else {
                RtpHeader.write(buf, i == n - 1, payloadType, nextSeq(), rtpTimestamp, ssrc);
                System.arraycopy(data, nals.offset(i), buf, RtpHeader.LENGTH, size);
                sink.onPacket(buf, RtpHeader.LENGTH + size, keyFrame);
                i++;
            }
            packets++;
        }
        return packets;
    }

    private void aggregate(byte[] data, int from, int to, int stapSize, boolean last, boolean keyFrame,
                           long ts, PacketSink sink) {
        RtpHeader.write(buf, last, payloadType, nextSeq(), ts, ssrc);
        int p = RtpHeader.LENGTH + 1;
        int nri = 0;
        int forbidden = 0;
        for (int k = from; k < to; k++) {
            int size = nals.length(k);
            int o = nals.offset(k);
            // STAP-A header: F is the OR, NRI the maximum of the aggregated units' (RFC 6184 5.7.1).
            nri = Math.max(nri, data[o] & 0x60);
            forbidden |= data[o] & 0x80;
            buf[p] = (byte) (size >>> 8);
            buf[p + 1] = (byte) size;
            System.arraycopy(data, o, buf, p + 2, size);
            p += 2 + size;
        }
        buf[RtpHeader.LENGTH] = (byte) (forbidden | nri | STAP_A);
        sink.onPacket(buf, RtpHeader.LENGTH + stapSize, keyFrame);
    }

    private int fragment(byte[] data, int off, int size, boolean lastNal, boolean keyFrame, long ts, PacketSink sink) {
        int header = data[off] & 0xff;
        int body = size - 1; // the NAL header travels in the FU indicator/header
        int room = maxPayloadSize - 2;
        int count = (body + room - 1) / room;
        int base = body / count;
        int larger = body % count;
        int pos = off + 1;
        for (int i = 0; i < count; i++) {
            int chunk = base + (i < larger ? 1 : 0);
            boolean last = i == count - 1;
            RtpHeader.write(buf, last && lastNal, payloadType, nextSeq(), ts, ssrc);
            buf[RtpHeader.LENGTH] = (byte) ((header & 0xe0) | FU_A);
            buf[RtpHeader.LENGTH + 1] = (byte) ((i == 0 ? 0x80 : 0) | (last ? 0x40 : 0) | (header & 0x1f));
            System.arraycopy(data, pos, buf, RtpHeader.LENGTH + 2, chunk);
            pos += chunk;
            sink.onPacket(buf, RtpHeader.LENGTH + 2 + chunk, keyFrame);
        }
        return count;
    }

    private int nextSeq() {
        int s = sequenceNumber;
        sequenceNumber = SequenceNumbers.add(sequenceNumber, 1);
        return s;
    }

    public int nextSequenceNumber() {
        return sequenceNumber;
    }

    public long ssrc() {
        return ssrc;
    }

    public int maxPayloadSize() {
        return maxPayloadSize;
    }
}
