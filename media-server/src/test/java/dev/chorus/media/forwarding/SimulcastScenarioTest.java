package dev.chorus.media.forwarding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;
import dev.chorus.media.sfu.RtpForwarder;
import dev.chorus.media.util.Bytes;
import dev.chorus.media.util.PacketBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A synthetic publisher sends 3-layer VP8 simulcast, each layer L1T3 with libwebrtc's reference
 * pattern, key frames periodically and on PLI; one receiver's selector, key frame policy and
 * rewriter process it while the allocator's target changes and the publisher pauses a layer. The
 * output must be one valid stream: contiguous sequence numbers, increasing timestamps, continuous
 * PictureID/TL0PICIDX, whole frames, and every frame decodable by a model of the receiver's
 * reference buffers; and it must follow the target.
 */
class SimulcastScenarioTest {
    static final long MS = 1_000_000L;
    static final long FRAME_NANOS = 33_333_333L;
    static final long END = 17_000 * MS;
    // libwebrtc's 3-layer pattern: TL0 updates 'last', TL1 updates 'golden', TL2 updates nothing;
    // every delta frame references 'last'; the sync (Y) frames reference nothing else.
    static final int[] TID = {0, 2, 1, 2, 0, 2, 1, 2};
    static final boolean[] SYNC = {false, true, true, false, false, false, false, false};
    static final boolean[] REF_GOLDEN = {false, false, false, true, false, true, true, true};
    static final boolean[] UPD_LAST = {true, false, false, false, true, false, false, false};
    static final boolean[] UPD_GOLDEN = {false, false, true, false, false, false, true, false};

    record Frame(int layer, int idx, int tid, boolean key, long refLast, long refGolden, boolean refGolden2,
            boolean updLast, boolean updGolden, int packets) {
        long id() {
            return id(layer, idx);
        }

        static long id(int layer, int idx) {
            return (long) layer << 32 | idx;
        }
    }

    /** One simulcast encoder + packetizer. */
    static final class Encoder {
        final int layer;
        final long ssrc;
        int seq;
        long ts;
        int pictureId;
        int tl0;
        int pos = 3; // joined mid-stream: no key frame until asked
        int idx;
        long encLast;
        long encGolden;
        long nextPeriodicKey;
        long pliDue = Long.MAX_VALUE;
        boolean paused;
        boolean resumeKey;

        Encoder(int layer, int seq, long ts, int pictureId, int tl0) {
            this.layer = layer;
            this.ssrc = 0x1000 + layer;
            this.seq = seq;
            this.ts = ts;
            this.pictureId = pictureId;
            this.tl0 = tl0;
            this.encLast = -10 - layer; // frames from before we joined
            this.encGolden = -20 - layer;
            this.nextPeriodicKey = (layer + 1) * 1000 * MS;
        }

        void pli(long now) {
            pliDue = Math.min(pliDue, now + 100 * MS);
        }

        Frame encode(long now, Map<Long, Frame> frames, List<byte[]> out) {
            boolean key = resumeKey || now >= pliDue || now >= nextPeriodicKey;
            if (key) {
                pos = 0;
                resumeKey = false;
                pliDue = Long.MAX_VALUE;
                nextPeriodicKey = now + 4000 * MS;
            }
            int tid = TID[pos];
            if (tid == 0 && idx > 0) {
                tl0 = (tl0 + 1) & 0xFF;
            }
            int packets = (layer == 0 ? 2 : layer == 1 ? 5 : 10) * (key ? 3 : 1);
            Frame f = new Frame(layer, idx, tid, key, encLast, encGolden, !key && REF_GOLDEN[pos],
                    key || UPD_LAST[pos], key || UPD_GOLDEN[pos], packets);
            frames.put(f.id(), f);
            for (int p = 0; p < packets; p++) {
                out.add(packet(f, p, !key && SYNC[pos]));
                seq = (seq + 1) & 0xFFFF;
            }
            if (f.updLast()) {
                encLast = f.id();
            }
            if (f.updGolden()) {
                encGolden = f.id();
            }
            pos = (pos + 1) % TID.length;
            idx++;
            ts = (ts + 3000) & 0xFFFFFFFFL;
            pictureId = (pictureId + 1) & 0x7FFF;
            return f;
        }

        byte[] packet(Frame f, int p, boolean sync) {
            byte[] b = new byte[12 + 6 + 1 + 7];
            b[0] = (byte) 0x80;
            b[1] = (byte) ((p == f.packets() - 1 ? 0x80 : 0) | 96);
            Bytes.put16(b, 2, seq);
            Bytes.put32(b, 4, ts);
            Bytes.put32(b, 8, ssrc);
            b[12] = (byte) (0x80 | (p == 0 ? 0x10 : 0)); // X, S on the first packet, PID 0
            b[13] = (byte) 0xE0; // I L T
            b[14] = (byte) (0x80 | (pictureId >>> 8));
            b[15] = (byte) pictureId;
            b[16] = (byte) tl0;
            b[17] = (byte) ((f.tid() << 6) | (sync ? 0x20 : 0));
            b[18] = (byte) (p > 0 ? 0xFF : f.key() ? 0x00 : 0x01); // VP8 header: P bit 0 = key frame
            b[19] = (byte) layer;
            Bytes.put32(b, 20, f.idx());
            b[24] = (byte) p;
            b[25] = (byte) f.packets();
            return b;
        }
    }

    record Sent(long nanos, byte[] bytes) {
    }

    @Test
    void threeLayerVp8SimulcastBecomesOneValidStream() {
        Encoder[] enc = {new Encoder(0, 65530, 4294960000L, 32760, 250),
                new Encoder(1, 1000, 123456, 100, 0), new Encoder(2, 40000, 3_000_000_000L, 20000, 128)};
        // Changes land mid-frame (a tick's packets take a few ms), as the allocator's would.
        TreeMap<Long, int[]> targets = new TreeMap<>(Map.of(0L, new int[] {2, 2}, 3001 * MS, new int[] {0, 0},
                5001 * MS, new int[] {1, 1}, 7001 * MS, new int[] {-1, 0}, 8001 * MS, new int[] {2, 2},
                14001 * MS, new int[] {1, 2}));
        // then temporal only, flipping every 5 frames so up-switches meet different pattern positions
        for (int i = 0; i < 6; i++) {
            targets.put((15001 + 167 * i) * MS, new int[] {1, i % 2 == 0 ? 0 : 2});
        }

        LayerSelector selector = new LayerSelector(3);
        KeyFrameRequestPolicy keyFrames = new KeyFrameRequestPolicy(3);
        SimulcastRewriter rewriter = new SimulcastRewriter(90000, 3, 2048, 65000, 4294967296L - 270000, 32700, 250);
        RtpForwarder copier = new RtpForwarder(0xCAFE, 0, 0).mapPayloadType(96, 100);
        PacketBuffer outBuf = new PacketBuffer();
        RtpPacket src = new RtpPacket();
        RtpPacket out = new RtpPacket();

        Map<Long, Frame> frames = new HashMap<>();
        Map<Long, byte[]> sourcePackets = new HashMap<>(); // layer << 16 | seq
        List<Sent> sent = new ArrayList<>();
        List<int[]> mapping = new ArrayList<>(); // {outSeq, layer, srcSeq}
        int plis = 0;
        int[] target = null;

        for (long tick = 0; tick < END; tick += FRAME_NANOS) {
            enc[2].paused = tick >= 10_000 * MS && tick < 13_000 * MS;
            List<List<byte[]>> perLayer = new ArrayList<>();
            for (Encoder e : enc) {
                List<byte[]> pkts = new ArrayList<>();
                if (e.paused) {
                    e.resumeKey = true;
                } else {
                    e.encode(tick, frames, pkts);
                }
                perLayer.add(pkts);
            }
            // the pacer interleaves the layers, 100 µs apart
            long now = tick;
            for (int i = 0; i < 30; i++) {
                for (int l = 0; l < 3; l++) {
                    if (i >= perLayer.get(l).size()) {
                        continue;
                    }
                    byte[] pkt = perLayer.get(l).get(i);
                    now += 100_000;
                    int[] t = targets.floorEntry(now).getValue();
                    if (t != target) {
                        target = t;
                        selector.setTarget(t[0], t[1]);
                    }
                    assertTrue(src.wrap(pkt, 0, pkt.length));
                    sourcePackets.put((long) l << 16 | src.sequenceNumber(), pkt);
                    byte[] b = src.buffer();
                    int off = src.payloadOffset();
                    int len = src.payloadLength();
                    boolean key = Vp8PayloadDescriptor.isKeyframe(b, off, len);
                    if (key) {
                        keyFrames.onKeyFrame(l);
                    }
                    int d = selector.decide(l, src.timestamp(), Vp8PayloadDescriptor.tid(b, off, len), key,
                            Vp8PayloadDescriptor.isStartOfFrame(b, off, len),
                            Vp8PayloadDescriptor.layerSync(b, off, len), now);
                    if (d == LayerSelector.FORWARD) {
                        assertTrue(copier.rewrite(src, outBuf, out) > 0);
                        if (rewriter.forward(l, out, true, now)) {
                            sent.add(new Sent(now, Arrays.copyOf(out.buffer(), out.length())));
                            mapping.add(new int[] {out.sequenceNumber(), l, src.sequenceNumber()});
                        }
                    } else {
                        rewriter.drop(l, src, true);
                    }
                    int need = selector.keyFrameNeeded();
                    if (need >= 0 && keyFrames.request(need, now)) {
                        enc[need].pli(now);
                        plis++;
                    }
                }
            }
        }

        List<int[]> outFrames = checkStream(sent, frames);
        checkPhases(outFrames);
        assertTrue(plis >= 4 && plis <= 12, "PLIs: " + plis);
        assertTrue(selector.switches() >= 5, "switches: " + selector.switches());
        checkNacks(rewriter, copier, mapping, sourcePackets, sent);
    }

    /** Validates the output packet by packet and frame by frame; returns {ms, layer, tid} per frame. */
    static List<int[]> checkStream(List<Sent> sent, Map<Long, Frame> frames) {
        assertFalse(sent.isEmpty());
        RtpPacket p = new RtpPacket();
        List<int[]> outFrames = new ArrayList<>();
        long recvLast = Long.MIN_VALUE;
        long recvGolden = Long.MIN_VALUE;
        int prevSeq = -1;
        long prevTs = -1;
        int prevPic = -1;
        int prevTl0 = -1;
        Frame cur = null;
        long curStart = 0;
        int expectPacket = 0;
        long frameTs = 0;
        for (Sent s : sent) {
            assertTrue(p.wrap(s.bytes(), 0, s.bytes().length));
            String where = "at " + s.nanos() / MS + " ms, seq " + p.sequenceNumber();
            assertEquals(0xCAFE, p.ssrc(), where);
            assertEquals(100, p.payloadType(), where);
            if (prevSeq >= 0) {
                assertEquals((prevSeq + 1) & 0xFFFF, p.sequenceNumber(), "contiguous " + where);
            }
            prevSeq = p.sequenceNumber();
            byte[] b = p.buffer();
            int off = p.payloadOffset();
            int len = p.payloadLength();
            int d = Vp8PayloadDescriptor.descriptorLength(b, off, len);
            int layer = b[off + d + 1];
            int idx = (int) Bytes.u32(b, off + d + 2);
            int pkt = b[off + d + 6];
            Frame f = frames.get(Frame.id(layer, idx));
            if (pkt == 0) {
                if (cur != null && expectPacket != cur.packets()) {
                    // The one allowed cut: a spatial switch ends the old layer's frame in progress,
                    // and the new layer's key frame makes the decoder independent of it.
                    assertTrue(f.key() && f.layer() != cur.layer() && s.nanos() - curStart < FRAME_NANOS / 2,
                            "incomplete " + cur + " before " + f + " " + where);
                }
                cur = f;
                curStart = s.nanos();
                expectPacket = 0;
                frameTs = p.timestamp();
                assertTrue(Vp8PayloadDescriptor.isStartOfFrame(b, off, len), where);
                if (prevTs >= 0) {
                    long dt = (frameTs - prevTs) & 0xFFFFFFFFL;
                    assertTrue(dt > 0 && dt < 0x80000000L, "timestamp increases " + where);
                }
                int pic = Vp8PayloadDescriptor.pictureId(b, off, len);
                int tl0 = Vp8PayloadDescriptor.tl0PicIdx(b, off, len);
                if (prevPic >= 0) {
                    assertEquals((prevPic + 1) & 0x7FFF, pic, "PictureID " + where);
                    assertEquals(f.tid() == 0 ? (prevTl0 + 1) & 0xFF : prevTl0, tl0, "TL0PICIDX " + where);
                }
                prevTs = frameTs;
                prevPic = pic;
                prevTl0 = tl0;
                // decodable with the frames this receiver could decode so far?
                if (!f.key()) {
                    assertEquals(f.refLast(), recvLast, "reference 'last' of " + f + " " + where);
                    if (f.refGolden2()) {
                        assertEquals(f.refGolden(), recvGolden, "reference 'golden' of " + f + " " + where);
                    }
                }
                outFrames.add(new int[] {(int) (s.nanos() / MS), layer, f.tid()});
            } else {
                assertTrue(cur != null && cur.id() == f.id(), "same frame " + where);
                assertEquals(frameTs, p.timestamp(), "frame shares its timestamp " + where);
                assertEquals(prevPic, Vp8PayloadDescriptor.pictureId(b, off, len), where);
            }
            assertEquals(expectPacket, pkt, "packets in order " + where);
            assertEquals(pkt == f.packets() - 1, p.marker(), "marker on the last packet " + where);
            expectPacket++;
            if (expectPacket == f.packets()) { // complete: the decoder's buffers take it
                recvLast = f.updLast() ? f.id() : recvLast;
                recvGolden = f.updGolden() ? f.id() : recvGolden;
            }
        }
        assertEquals(cur.packets(), expectPacket, "last frame complete");
        return outFrames;
    }

    /** {fromMs, toMs, layer (-1: nothing sent), max TID, TID that must appear (-1: none)} */
    static final int[][] PHASES = {
            {1000, 3000, 2, 2, 2},
            {3040, 4000, -2, 0, -1}, // going down: layer 2 trimmed to TID 0, then layer 0
            {4000, 5000, 0, 0, 0},
            {6000, 7000, 1, 1, 1},
            {7050, 8000, -1, 0, -1}, // paused
            {9000, 10000, 2, 2, 2},
            {11000, 13000, 1, 2, 2}, // layer 2 paused by the publisher: fell back to 1
            {13500, 14000, 2, 2, 2}, // and back up when it returned
            {14500, 15000, 1, 2, 2},
            {15040, 15168, 1, 0, -1}, // temporal down on the same layer, at the next frame
            {15374, 15502, 1, 0, -1},
            {15000, 16600, 1, 2, 2}, // and up again at sync frames, without a key frame
            {16600, 17000, 1, 2, 2},
    };

    static void checkPhases(List<int[]> outFrames) {
        for (int[] ph : PHASES) {
            int count = 0;
            boolean sawTid = ph[4] < 0;
            for (int[] f : outFrames) {
                if (f[0] < ph[0] || f[0] >= ph[1]) {
                    continue;
                }
                count++;
                String where = Arrays.toString(ph) + " frame " + Arrays.toString(f);
                if (ph[2] >= 0) {
                    assertEquals(ph[2], f[1], "layer " + where);
                }
                assertTrue(f[2] <= ph[3], "TID " + where);
                sawTid |= f[2] == ph[4];
            }
            assertTrue(ph[2] == -1 ? count == 0 : count > 0, "frames in " + Arrays.toString(ph) + ": " + count);
            assertTrue(sawTid, "TID " + ph[4] + " in " + Arrays.toString(ph));
        }
    }

    /** Every recent output sequence number maps back to its source; a retransmission is byte-identical. */
    static void checkNacks(SimulcastRewriter rewriter, RtpForwarder copier, List<int[]> mapping,
            Map<Long, byte[]> sourcePackets, List<Sent> sent) {
        int n = mapping.size();
        assertTrue(n > 2100, "output packets: " + n);
        Map<Integer, Integer> layersSeen = new HashMap<>();
        RtpPacket src = new RtpPacket();
        RtpPacket out = new RtpPacket();
        PacketBuffer buf = new PacketBuffer();
        for (int i = n - 2048; i < n; i++) {
            int[] m = mapping.get(i);
            int r = rewriter.lookup(m[0]);
            assertEquals(m[1], SequenceNumberRewriter.layerOf(r), "layer of " + m[0]);
            assertEquals(m[2], SequenceNumberRewriter.sourceSeqOf(r), "source of " + m[0]);
            layersSeen.merge(m[1], 1, Integer::sum);
            byte[] original = sourcePackets.get((long) m[1] << 16 | m[2]);
            assertTrue(src.wrap(original, 0, original.length));
            assertTrue(copier.rewrite(src, buf, out) > 0);
            assertTrue(rewriter.rewriteRetransmission(m[0], out, true));
            assertArrayEquals(sent.get(i).bytes(), Arrays.copyOf(out.buffer(), out.length()), "resent " + m[0]);
        }
        assertTrue(layersSeen.size() >= 2, "the history spans a switch: " + layersSeen);
        assertEquals(SequenceNumberRewriter.NONE, rewriter.lookup(mapping.get(n - 2049)[0]));
        assertFalse(rewriter.rewriteRetransmission(mapping.get(n - 2049)[0], out, true));
    }
}
