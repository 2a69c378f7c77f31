package dev.chorus.media.forwarding;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;
import dev.chorus.media.util.Bytes;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Guards "no allocation per packet" for the selector, key frame policy and rewriters together. */
class AllocationTest {

    @Test
    void perPacketPathDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        LayerSelector selector = new LayerSelector(3);
        KeyFrameRequestPolicy keyFrames = new KeyFrameRequestPolicy(3);
        SimulcastRewriter rewriter = new SimulcastRewriter(90000, 1, 2, 3, 4);
        byte[][] packets = new byte[3][];
        byte[] out = new byte[64];
        for (int l = 0; l < 3; l++) {
            packets[l] = new byte[12 + 6 + 4];
            packets[l][0] = (byte) 0x80;
            packets[l][1] = 96;
            Bytes.put32(packets[l], 8, l);
            packets[l][12] = (byte) 0x90;
            packets[l][13] = (byte) 0xE0;
        }
        RtpPacket src = new RtpPacket();
        RtpPacket view = new RtpPacket();
        int[] tids = {0, 2, 1, 2};
        long sink = 0;
        for (int round = 0; round < 2; round++) { // round 0 warms up
            long before = mx.getThreadAllocatedBytes(thread);
            for (int n = round * 100_000; n < (round + 1) * 100_000; n++) {
                if (n % 20_000 == 0) {
                    selector.setTarget((n / 20_000) % 3, (n / 20_000) % 4);
                }
                int l = n % 3;
                int frame = n / 3;
                byte[] p = packets[l];
                Bytes.put16(p, 2, frame);
                Bytes.put32(p, 4, frame * 3000L);
                int tid = tids[frame % 4];
                p[12] = (byte) 0x90;
                p[14] = (byte) (0x80 | (frame >>> 8 & 0x7F));
                p[15] = (byte) frame;
                p[16] = (byte) (frame / 4);
                p[17] = (byte) (tid << 6 | (tid > 0 ? 0x20 : 0));
                p[18] = (byte) (frame % 300 == 0 ? 0 : 1);
                src.wrap(p, 0, p.length);
                long now = n * 11_111_111L;
                int off = src.payloadOffset();
                int len = src.payloadLength();
                boolean key = Vp8PayloadDescriptor.isKeyframe(p, off, len);
                if (key) {
                    keyFrames.onKeyFrame(l);
                }
                int d = selector.decide(l, src.timestamp(), tid, key, true, tid > 0, now);
                if (d == LayerSelector.FORWARD) {
                    System.arraycopy(p, 0, out, 0, p.length);
                    view.wrap(out, 0, p.length);
                    sink += rewriter.forward(l, view, true, now) ? 1 : 0;
                } else {
                    rewriter.drop(l, src, true);
                }
                int need = selector.keyFrameNeeded();
                if (need >= 0 && keyFrames.request(need, now)) {
                    sink++;
                }
                sink += rewriter.lookup(view.sequenceNumber());
            }
            long allocated = mx.getThreadAllocatedBytes(thread) - before;
            if (round == 1) {
                assertTrue(allocated < 16 * 1024, "allocated " + allocated + " B for 100,000 packets");
            }
        }
        assertTrue(sink != 0);
    }
}
