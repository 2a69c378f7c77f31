package dev.chorus.compositor.rtp;

import static org.junit.jupiter.api.Assertions.*;

import dev.chorus.compositor.encode.EncodedFrame;
import dev.chorus.compositor.rtp.RtpPackets.Pkt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Jitter-buffer behaviour on synthetic VP8 / H.264 packet streams (no codec needed). */
class DepacketizerTest {
    record Out(byte[] bytes, boolean key, long ts) {}

    final List<Out> out = new ArrayList<>();
    final Vp8Depacketizer vp8 = new Vp8Depacketizer(f -> out.add(new Out(Arrays.copyOf(f.data(), f.length()), f.keyFrame(), f.timestamp())));

    /** A VP8 "frame": valid key/inter frame tag, 9d 01 2a start code for keys, then filler marking the frame. */
    static EncodedFrame vp8Frame(int n, boolean key, int len) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) n);
        b[0] = (byte) (key ? 0x10 : 0x11);
        if (key) {
            b[3] = (byte) 0x9d;
            b[4] = 0x01;
            b[5] = 0x2a;
        }
        EncodedFrame f = new EncodedFrame();
        f.set(b, 0, len, key, n * 3000L);
        return f;
    }

    static List<List<Pkt>> vp8Stream(Vp8Packetizer p, int frames, int from, int... keys) {
        List<List<Pkt>> all = new ArrayList<>();
        for (int n = from; n < from + frames; n++) {
            int fn = n;
            boolean key = Arrays.stream(keys).anyMatch(k -> k == fn);
            all.add(RtpPackets.packetize(p, vp8Frame(n, key, 2500)));
        }
        return all;
    }

    @Test
    void sequenceNumberWrapReorderAndDuplicates() {
        Vp8Packetizer p = new Vp8Packetizer(9, 96, 65_530, 0, 1000);
        List<List<Pkt>> frames = vp8Stream(p, 6, 0, 0);
        List<Pkt> flat = new ArrayList<>();
        frames.forEach(flat::addAll);
        // 18 packets across 65535 -> 0; swap neighbours everywhere and send each twice.
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            RtpPackets.push(vp8, flat.get(i + 1));
            RtpPackets.push(vp8, flat.get(i + 1));
            RtpPackets.push(vp8, flat.get(i));
        }
        RtpPackets.push(vp8, flat.get(flat.size() - 1)); // a third copy of the last packet: late by now
        assertEquals(6, out.size());
        for (int n = 0; n < 6; n++) {
            assertEquals(n * 3000L, out.get(n).ts());
            assertEquals(2500, out.get(n).bytes().length);
            assertEquals(n == 0, out.get(n).key());
            assertArrayEquals(Arrays.copyOf(vp8Frame(n, n == 0, 2500).data(), 2500), out.get(n).bytes());
        }
        assertEquals(9, vp8.duplicates());
        assertEquals(1, vp8.latePackets());
        assertEquals(0, vp8.packetsLost());
        assertFalse(vp8.needsKeyFrame());
    }

    @Test
    void lossDropsDeltaFramesUntilAKeyframeCompletes() {
        Vp8Packetizer p = new Vp8Packetizer(9, 96, 100, 0, 1000);
        List<List<Pkt>> frames = vp8Stream(p, 12, 0, 0, 8);
        for (int n = 0; n < 12; n++) {
            List<Pkt> f = frames.get(n);
            for (int i = 0; i < f.size(); i++) {
                if (n == 3 && i == 1) {
                    continue; // lost
                }
                RtpPackets.push(vp8, f.get(i));
            }
            if (n == 7) {
                assertTrue(vp8.needsKeyFrame(), "loss declared 100 ms later");
            }
        }
        assertEquals(List.of(0L, 3000L, 6000L, 24000L, 27000L, 30000L, 33000L),
                out.stream().map(Out::ts).toList());
        assertTrue(out.get(3).key());
        assertFalse(vp8.needsKeyFrame());
        assertEquals(1, vp8.packetsLost());
        assertEquals(4, vp8.framesDropped(), "frames 4-7 dropped while waiting for the keyframe");
    }

    @Test
    void packetCountWindowDeclaresLossBeforeTheTimeout() {
        Vp8Depacketizer d = new Vp8Depacketizer(f -> out.add(new Out(null, f.keyFrame(), f.timestamp())), 8, 90_000);
        Vp8Packetizer p = new Vp8Packetizer(9, 96, 0, 0, 1000);
        List<List<Pkt>> frames = vp8Stream(p, 8, 0, 0, 4);
        frames.get(1).remove(0);
        frames.forEach(f -> f.forEach(x -> RtpPackets.push(d, x)));
        assertEquals(List.of(0L, 12000L, 15000L, 18000L, 21000L), out.stream().map(Out::ts).toList());
    }

    @Test
    void ssrcChangeResetsAndWaitsForAKeyframe() {
        vp8Stream(new Vp8Packetizer(1, 96, 500, 0, 1000), 3, 0, 0).forEach(f -> f.forEach(x -> RtpPackets.push(vp8, x)));
        assertEquals(3, out.size());
        Vp8Packetizer other = new Vp8Packetizer(2, 96, 40_000, 0, 1000);
        vp8Stream(other, 2, 10).forEach(f -> f.forEach(x -> RtpPackets.push(vp8, x)));
        assertEquals(3, out.size(), "delta frames of the new stream need its keyframe first");
        assertTrue(vp8.needsKeyFrame());
        assertEquals(1, vp8.ssrcChanges());
        assertEquals(2, vp8.ssrc());
        vp8Stream(other, 2, 12, 12).forEach(f -> f.forEach(x -> RtpPackets.push(vp8, x)));
        assertEquals(5, out.size());
        assertFalse(vp8.needsKeyFrame());
    }

    @Test
    void aFirstFrameArrivingOutOfOrderIsStillOutput() {
        List<List<Pkt>> frames = vp8Stream(new Vp8Packetizer(1, 96, 0, 0, 1000), 2, 0, 0);
        List<Pkt> f0 = frames.get(0);
        RtpPackets.push(vp8, f0.get(2));
        RtpPackets.push(vp8, f0.get(1));
        RtpPackets.push(vp8, f0.get(0));
        frames.get(1).forEach(x -> RtpPackets.push(vp8, x));
        assertEquals(2, out.size());
        assertTrue(out.get(0).key());
    }

    @Test
    void badDescriptorsAreCountedAndBreakOnlyTheirFrame() {
        Vp8Packetizer p = new Vp8Packetizer(1, 96, 0, 0, 1000);
        List<List<Pkt>> frames = vp8Stream(p, 4, 0, 0, 2);
        byte[] bad = frames.get(1).get(1).bytes();
        bad[12] = (byte) 0x80; // X set ...
        bad[13] = (byte) 0x80; // ... I set, and the truncated picture id below
        byte[] truncated = Arrays.copyOf(bad, 14);
        frames.get(1).set(1, new Pkt(truncated, false));
        frames.forEach(f -> f.forEach(x -> RtpPackets.push(vp8, x)));
        assertEquals(1, vp8.malformedPackets());
        assertEquals(List.of(0L, 6000L, 9000L), out.stream().map(Out::ts).toList());
    }

    @Test
    void oneStrayPacketFarAheadDoesNotStallTheStream() {
        // A corrupt packet of the same SSRC whose sequence number is far ahead (e.g. bit errors in a
        // buggy sender's header) makes the ring restart there; the real packets, now "behind", must
        // restart it back rather than being dropped as late for the next ~20000 packets.
        Vp8Packetizer p = new Vp8Packetizer(1, 96, 1000, 0, 1000);
        vp8Stream(p, 2, 0, 0).forEach(f -> f.forEach(x -> RtpPackets.push(vp8, x)));
        assertEquals(2, out.size());
        byte[] stray = vp8Stream(new Vp8Packetizer(1, 96, 21_000, 0, 1000), 1, 2).get(0).get(0).bytes();
        vp8.push(stray, 0, stray.length);
        vp8Stream(p, 6, 2, 4).forEach(f -> f.forEach(x -> RtpPackets.push(vp8, x)));
        assertEquals(List.of(0L, 3000L, 12000L, 15000L, 18000L, 21000L), out.stream().map(Out::ts).toList(),
                "back from the keyframe on");
        assertFalse(vp8.needsKeyFrame());
        assertEquals(1, vp8.sequenceRestarts());
    }

    @Test
    void aStrayPacketAheadWithinTheRingCostsAtMostAWindowOfPackets() {
        // Within the ring a stray packet moves the consumed position to it once the gap before it is
        // declared lost: the real packets behind it are late, until a run of them restarts the stream.
        Vp8Packetizer p = new Vp8Packetizer(1, 96, 1000, 0, 1000);
        vp8Stream(p, 2, 0, 0).forEach(f -> f.forEach(x -> RtpPackets.push(vp8, x)));
        byte[] stray = vp8Stream(new Vp8Packetizer(1, 96, 1300, 0, 1000), 1, 2).get(0).get(0).bytes();
        vp8.push(stray, 0, stray.length);
        vp8Stream(p, 40, 2, 30).forEach(f -> f.forEach(x -> RtpPackets.push(vp8, x)));
        List<Long> expected = new ArrayList<>(List.of(0L, 3000L));
        for (int n = 30; n < 42; n++) {
            expected.add(n * 3000L);
        }
        assertEquals(expected, out.stream().map(Out::ts).toList(), "back from the keyframe of frame 30");
        assertFalse(vp8.needsKeyFrame());
    }

    @Test
    void randomBytesNeverThrow() {
        Random rnd = new Random(42);
        H264Depacketizer h264 = new H264Depacketizer(f -> out.add(new Out(null, f.keyFrame(), f.timestamp())));
        byte[] buf = new byte[1600];
        for (int i = 0; i < 10_000; i++) {
            int len = rnd.nextInt(buf.length + 1);
            rnd.nextBytes(buf);
            if (rnd.nextBoolean()) {
                buf[0] = (byte) 0x80; // a plausible RTP header so payload parsing is exercised
                buf[8] = buf[9] = buf[10] = 0;
                buf[11] = (byte) rnd.nextInt(2); // few SSRCs, so streams last
                buf[2] = 0;
                buf[4] = buf[5] = 0;
            }
            int off = rnd.nextInt(4);
            vp8.push(buf, off, Math.min(len, buf.length - off));
            h264.push(buf, off, Math.min(len, buf.length - off));
        }
        vp8.push(null, 0, 10);
        h264.push(buf, -1, 10);
        h264.push(buf, 10, buf.length);
        assertTrue(vp8.malformedPackets() > 1000);
        assertTrue(h264.malformedPackets() > 1000);
        // Still works after the garbage.
        vp8.reset();
        out.clear();
        vp8Stream(new Vp8Packetizer(3, 96, 0, 0, 1000), 2, 0, 0).forEach(f -> f.forEach(x -> RtpPackets.push(vp8, x)));
        assertEquals(2, out.size());
    }
}
