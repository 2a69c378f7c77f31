package dev.chorus.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.net.PacketClassifier;
import dev.chorus.media.net.PacketType;
import dev.chorus.media.rtcp.RtcpParser;
import dev.chorus.media.rtcp.RtcpVisitor;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.RtpPacketWriter;
import dev.chorus.media.rtp.codec.H264Payload;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of every parser: random and mutated real-shaped inputs are placed at the END
 * of an exactly-sized array, so any read past the given region throws and fails the test.
 */
class FuzzTest {
    private static final int ITERATIONS = 200_000;

    private static final byte[][] SEEDS = {
            Hex.bytes("90 6f 1234 00000960 11223344 bede 0003 10 85 22 123456 31 002a 40 30 00 fcfffe"),
            Hex.bytes("b2 60 fffe 00010000 deadbeef 00000001 00000002 1001 0002 1400 05 01 aa 00 9d012a 02"),
            Hex.bytes("90 e0 0001 00000000 00000001 bede 0001 10 aa 00 00 90 e0 9234 ab 20 1000009d012a"),
            Hex.bytes("90 e0 9234 ab 20 1000009d012a"),
            Hex.bytes("78 0004 6742c01f 0004 68ce3c80 0003 658884"),
            Hex.bytes("7c 85 88 84 00"),
            Hex.bytes("81 c9 0007 f5a2b1c3 11223344 05 000010 00011234 0000001e b2c3d4e5 00010000"
                    + " 81 ca 0006 f5a2b1c3 01 10 6162636465666768696a6b6c6d6e6f70 00 00"),
            Hex.bytes("81 c8 000c 00000001 e7a1b2c3d4e5f607 00015f90 00000064 00002710"
                    + " 00000002 00 ffffff 0000ffff 00000000 00000000 00000000"),
            Hex.bytes("af cd 0006 00000001 11223344 0001 0003 000102 00 2003 04 04 04 00 00 03"
                    + " 8f ce 0005 00000001 00000000 52454d42 01 0bd090 11223344"
                    + " 81 cd 0004 00000001 00000002 0064 8001 ffff 0000 84 ce 0004 00000001 00000000 00000003 07 000000"),
            Hex.bytes("0001 0000 2112a442 000102030405060708090a0b"),
    };

    /** Checks every offset it is handed lies inside the parsed region. */
    private static final class BoundsVisitor implements RtcpVisitor {
        int start;
        int end;
        long calls;

        private void check(int off, int len) {
            assertTrue(off >= start && len >= 0 && off + len <= end, "region " + off + "+" + len);
        }

        @Override
        public void onSdesCname(long ssrc, byte[] buf, int off, int len) {
            check(off, len);
            calls++;
        }

        @Override
        public void onRemb(long sender, long bitrate, int num, byte[] buf, int off) {
            check(off, 4 * num);
            assertTrue(bitrate >= 0);
            calls++;
        }

        @Override
        public void onTransportCc(long sender, long media, byte[] buf, int off, int len) {
            check(off, len);
            calls++;
        }

        @Override
        public void onReportBlock(long r, long s, int fl, int cl, long ehs, long j, long lsr, long dlsr) {
            assertTrue(fl >= 0 && fl <= 255 && cl >= -0x800000 && cl <= 0x7fffff);
            calls++;
        }
    }

    private static byte[] input(Random rnd) {
        if (rnd.nextInt(4) == 0) {
            byte[] b = new byte[rnd.nextInt(120)];
            rnd.nextBytes(b);
            return b;
        }
        byte[] seed = SEEDS[rnd.nextInt(SEEDS.length)];
        int len = rnd.nextInt(4) == 0 ? rnd.nextInt(seed.length + 1) : seed.length;
        byte[] b = new byte[len];
        System.arraycopy(seed, 0, b, 0, len);
        int flips = 1 + rnd.nextInt(4);
        for (int i = 0; i < flips && len > 0; i++) {
            int p = rnd.nextInt(len);
            switch (rnd.nextInt(3)) {
                case 0 -> b[p] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[p] = (byte) rnd.nextInt(256);
                default -> b[p] = (byte) (rnd.nextBoolean() ? 0 : 0xff);
            }
        }
        return b;
    }

    @Test
    void parsersNeverThrowOrOverread() {
        Random rnd = new Random(0xC0FFEEL);
        RtpPacket pkt = new RtpPacket();
        RtpPacket out = new RtpPacket();
        BoundsVisitor v = new BoundsVisitor();
        byte[] dst = new byte[2000];
        byte[] map = new byte[256];
        for (int i = 0; i < 256; i++) {
            map[i] = (byte) ((i * 7) % 256);
        }
        int rtpOk = 0;
        int rtcpOk = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            byte[] data = input(rnd);
            int off = rnd.nextInt(8);
            byte[] buf = new byte[off + data.length]; // region ends at the array end
            System.arraycopy(data, 0, buf, off, data.length);
            int len = data.length;

            PacketType t = PacketClassifier.classify(buf, off, len);

            if (pkt.wrap(buf, off, len)) {
                rtpOk++;
                assertEquals(off + len, pkt.payloadOffset() + pkt.payloadLength() + pkt.paddingLength());
                assertTrue(pkt.payloadLength() >= 0 && pkt.sequenceNumber() <= 0xffff);
                int blockEnd = pkt.extensionBlockDataOffset() + pkt.extensionBlockDataLength();
                for (int c = pkt.firstExtension(); c >= 0; c = pkt.nextExtension(c)) {
                    int d = pkt.extensionDataOffsetAt(c);
                    assertTrue(d + pkt.extensionDataLengthAt(c) <= blockEnd);
                    assertTrue(pkt.extensionIdAt(c) > 0);
                }
                pkt.extensionOffset(rnd.nextInt(256));
                byte[] m = rnd.nextBoolean() ? map : null;
                int n = RtpPacketWriter.copyWithExtensions(pkt, dst, 3, m, rnd.nextInt(256), rnd.nextLong(),
                        1 + rnd.nextInt(8));
                if (n > 0) {
                    assertTrue(out.wrap(dst, 3, n), "rewritten packet must be valid");
                    assertEquals(pkt.payloadLength(), out.payloadLength());
                    assertEquals(pkt.sequenceNumber(), out.sequenceNumber());
                }
                int po = pkt.payloadOffset();
                int pl = pkt.payloadLength();
                Vp8PayloadDescriptor.isKeyframe(buf, po, pl);
                Vp8PayloadDescriptor.pictureId(buf, po, pl);
                H264Payload.isKeyframe(buf, po, pl);
            } else {
                assertTrue(t != PacketType.RTP || (buf[off] & 0xc0) == 0x80);
            }

            v.start = off;
            v.end = off + len;
            int r = RtcpParser.parse(buf, off, len, v);
            if (r > 0) {
                rtcpOk++;
                assertTrue(RtcpParser.isValidCompound(buf, off, len));
            }

            int d = Vp8PayloadDescriptor.descriptorLength(buf, off, len);
            assertTrue(d == -1 || (d >= 1 && d <= len));
            Vp8PayloadDescriptor.isKeyframe(buf, off, len);
            Vp8PayloadDescriptor.isStartOfPartition(buf, off, len);
            Vp8PayloadDescriptor.partitionId(buf, off, len);
            int pid = Vp8PayloadDescriptor.pictureId(buf, off, len);
            assertTrue(pid >= -1 && pid <= 0x7fff);
            Vp8PayloadDescriptor.tl0PicIdx(buf, off, len);
            Vp8PayloadDescriptor.tid(buf, off, len);
            Vp8PayloadDescriptor.layerSync(buf, off, len);
            Vp8PayloadDescriptor.keyIdx(buf, off, len);
            if (Vp8PayloadDescriptor.setPictureId(buf, off, len, pid + 1)) {
                assertEquals(pid + 1 & (Vp8PayloadDescriptor.pictureIdLength(buf, off, len) == 2 ? 0x7fff : 0x7f),
                        Vp8PayloadDescriptor.pictureId(buf, off, len));
            }
            Vp8PayloadDescriptor.setTl0PicIdx(buf, off, len, 1);
            H264Payload.isKeyframe(buf, off, len);
        }
        // the mutated corpus must actually exercise the success paths, not just rejections
        assertTrue(rtpOk > ITERATIONS / 10, "rtpOk " + rtpOk);
        assertTrue(rtcpOk > ITERATIONS / 50, "rtcpOk " + rtcpOk);
        assertTrue(v.calls > 0);
    }
}
