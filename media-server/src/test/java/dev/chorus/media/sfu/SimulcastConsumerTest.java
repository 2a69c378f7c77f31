package dev.chorus.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A simulcast producer forwarded through the real packet path: the receiver gets one continuous
 * stream; switching up waits for (and asks once for) a keyframe of the new layer; NACKs after a
 * switch are answered from the right layer.
 */
class SimulcastConsumerTest {
    static final int MID = ProducerLayersTest.MID;
    static final int RID = ProducerLayersTest.RID;
    private final SfuHarness h;
    private final long[] ssrcs = {100, 101, 102};
    private final int[] seqs = {1000, 2000, 65530};
    private final int[] pictureIds = {10, 20, 32760};
    private long ts = 90_000;
    private long now = System.nanoTime(); // the worker's ticks use the same clock

    SimulcastConsumerTest() throws Exception {
        h = new SfuHarness();
    }

    @AfterEach
    void close() {
        h.close();
    }

    /** One frame of two packets on every layer; layer i's payloads are 100*(i+1) bytes long. */
    private void frame(SfuHarness.Peer pub, boolean[] key) {
        ts += 3000;
        now = Math.max(now + 33_000_000L, System.nanoTime());
        String[] rids = {"q", "h", "f"};
        for (int l = 0; l < 3; l++) {
            for (int k = 0; k < 2; k++) {
                TestRtp p = TestRtp.packet().ssrc(ssrcs[l]).seq(seqs[l]++).ts(ts).marker(k == 1)
                        .ext(MID, "1").ext(RID, rids[l])
                        .vp8(key[l] && k == 0, k == 0, pictureIds[l], 0, 0, false, 100 * (l + 1));
                pub.send(p.build(), now);
            }
            pictureIds[l] = (pictureIds[l] + 1) & 0x7FFF;
        }
    }

    private static void sendPli(SfuHarness.Peer sub, long mediaSsrc) {
        dev.chorus.media.util.PacketBuffer buf = new dev.chorus.media.util.PacketBuffer();
        int len = dev.chorus.media.rtcp.RtcpWriter.writePli(buf.getBuffer(), 0, 0x1234, mediaSsrc);
        buf.setOffsetLength(0, len);
        if (!sub.browserSrtp.protectRtcp(buf)) {
            throw new IllegalStateException("protect rtcp failed");
        }
        byte[] d = java.util.Arrays.copyOfRange(buf.getBuffer(), buf.getOffset(), buf.getOffset() + buf.getLength());
        sub.transport.router().worker().call(() -> {
            sub.transport.receive(d, 0, d.length, System.nanoTime());
            return null;
        }).join();
    }

    private static int layerOf(RtpPacket r) {
        return r.payloadLength() / 100 - 1;
    }

    @Test
    void switchesUpOnlyAtAKeyFrameAndKeepsTheStreamContinuous() throws Exception {
        SfuHarness.Peer pub = h.peer();
        SfuHarness.Peer sub = h.peer();
        Producer p = pub.transport.produce(ProducerLayersTest.simulcastVp8("1")).get();
        h.onWorker(() -> {
            sub.transport.setAutoAllocation(false); // this test steers the target itself
            return null;
        });
        SimulcastConsumer c = (SimulcastConsumer) sub.transport.consume(p, new ConsumerParams("7", 5555,
                List.of(new CodecParams(100, "VP8", 90000, 0, "", 101)), Map.of(), 6666)).get();
        frame(pub, new boolean[] {true, true, true});
        for (int i = 0; i < 3; i++) {
            frame(pub, new boolean[3]);
        }
        List<RtpPacket> got = sub.takeMedia();
        assertEquals(8, got.size(), "layer 0 only: 4 frames x 2 packets");
        assertTrue(got.stream().allMatch(r -> layerOf(r) == 0));
        pub.takePlis();

        long asked = System.nanoTime();
        h.onWorker(() -> {
            c.setTargetLayers(2, -1);
            return null;
        });
        frame(pub, new boolean[3]);
        sendPli(sub, 5555); // the receiver asks too: answered by the keyframe the switch waits for
        frame(pub, new boolean[3]);
        List<RtpPacket> waiting = sub.takeMedia();
        assertTrue(waiting.stream().allMatch(r -> layerOf(r) == 0), "no keyframe of layer 2 yet: stay on 0");
        List<Long> plis = pub.takePlis();
        long retries = (System.nanoTime() - asked) / 1_000_000_000L; // unanswered requests repeat each second
        assertTrue(!plis.isEmpty() && plis.size() <= 1 + retries && plis.stream().allMatch(s -> s == 102L),
                "one PLI (plus one per second unanswered), for layer 2, despite every packet asking: " + plis);

        frame(pub, new boolean[] {false, false, true});
        frame(pub, new boolean[3]);
        List<RtpPacket> after = sub.takeMedia();
        // layer 0's packets of that frame arrive before layer 2's keyframe, then only layer 2
        assertEquals(List.of(0, 0, 2, 2, 2, 2), after.stream().map(SimulcastConsumerTest::layerOf).toList(),
                "switched at the keyframe");

        // continuity over everything the receiver got
        List<RtpPacket> all = new java.util.ArrayList<>(got);
        all.addAll(waiting);
        all.addAll(after);
        for (int i = 1; i < all.size(); i++) {
            RtpPacket a = all.get(i - 1);
            RtpPacket b = all.get(i);
            assertEquals((a.sequenceNumber() + 1) & 0xFFFF, b.sequenceNumber(), "seq continuous at " + i);
            assertEquals(5555, b.ssrc());
            long dts = (b.timestamp() - a.timestamp()) & 0xFFFFFFFFL;
            assertTrue(dts < 0x80000000L, "timestamps never go back");
            int pa = Vp8PayloadDescriptor.pictureId(a.buffer(), a.payloadOffset(), a.payloadLength());
            int pb = Vp8PayloadDescriptor.pictureId(b.buffer(), b.payloadOffset(), b.payloadLength());
            assertEquals(a.timestamp() == b.timestamp() ? pa : (pa + 1) & 0x7FFF, pb, "picture id continuous at " + i);
        }
        assertEquals(2, c.layerSwitches(), "into layer 0 at the first keyframe, then up to 2");

        // the receiver lost the first packet after the switch: it is resent from layer 2's cache
        int lost = after.get(2).sequenceNumber();
        ProducerLayersTest.sendNack(sub, 5555, lost);
        List<RtpPacket> rtx = sub.takeMedia();
        assertEquals(1, rtx.size());
        assertEquals(6666, rtx.get(0).ssrc());
        assertEquals(300 + 2, rtx.get(0).payloadLength(), "layer 2's payload plus the OSN");
        // a loss from before the switch is not repaired: the decoder restarted at layer 2's keyframe
        ProducerLayersTest.sendNack(sub, 5555, got.get(got.size() - 1).sequenceNumber());
        assertEquals(List.of(), sub.takeMedia(), "no retransmission of the layer left behind");
        assertFalse(c.isClosed());
    }

    @Test
    void pausedTargetForwardsNothing() throws Exception {
        SfuHarness.Peer pub = h.peer();
        SfuHarness.Peer sub = h.peer();
        Producer p = pub.transport.produce(ProducerLayersTest.simulcastVp8("1")).get();
        SimulcastConsumer c = (SimulcastConsumer) sub.transport.consume(p, new ConsumerParams("7", 5555,
                List.of(new CodecParams(100, "VP8", 90000, 0, "", -1)), Map.of(), 0)).get();
        h.onWorker(() -> {
            sub.transport.setAutoAllocation(false);
            c.setTargetLayers(-1, -1);
            return null;
        });
        frame(pub, new boolean[] {true, true, true});
        frame(pub, new boolean[3]);
        assertEquals(0, sub.takeMedia().size());
    }
}
