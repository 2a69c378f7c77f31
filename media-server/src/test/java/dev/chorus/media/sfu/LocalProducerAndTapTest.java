package dev.chorus.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The MCU's two doors into a router: a {@link LocalProducer} (the composite, fed in-process) reaches a
 * real receiver through an ordinary simulcast consumer and hears its keyframe requests; a
 * {@link ProducerTap} reads one layer of a peer's producer from that layer's keyframe on.
 */
class LocalProducerAndTapTest {
    private final SfuHarness h;

    LocalProducerAndTapTest() throws Exception {
        h = new SfuHarness();
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static ProducerParams composite() {
        return new ProducerParams("mcu-video", MediaKind.VIDEO, "composite",
                List.of(new CodecParams(96, "VP8", 90000, 0, "", -1)), Map.of(),
                List.of(new LayerParams("q", 7001, 0), new LayerParams("h", 7002, 0), new LayerParams("f", 7003, 0)),
                false);
    }

    private static byte[] vp8(long ssrc, int seq, long ts, boolean key, int size) {
        return TestRtp.packet().ssrc(ssrc).seq(seq).ts(ts).marker(true).vp8(key, true, seq & 0x7FFF, 0, 0, false, size)
                .build();
    }

    private static void await(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void localPacketsAreForwardedOnTheChosenLayer() throws Exception {
        List<Integer> keyFrameRequests = new CopyOnWriteArrayList<>();
        LocalProducer lp = h.router.createLocalProducer(composite(), keyFrameRequests::add).get();
        assertEquals(0, lp.producer().receiverCount(), "nobody receives yet: a source may stay idle");
        SfuHarness.Peer sub = h.peer();
        h.onWorker(() -> {
            sub.transport.setAutoAllocation(false);
            return null;
        });
        SimulcastConsumer c = (SimulcastConsumer) sub.transport.consume(lp.producer(), new ConsumerParams("0", 5555,
                List.of(new CodecParams(100, "VP8", 90000, 0, "", -1)), Map.of(), 0)).get();
        assertEquals(1, lp.producer().receiverCount());
        h.onWorker(() -> {
            c.setTargetLayers(1, -1);
            return null;
        });
        long ts = 0;
        for (int i = 0; i < 2; i++) { // no keyframe yet: the consumer asks the source for layer 1's
            ts += 3000;
            for (int l = 0; l < 3; l++) {
                byte[] p = vp8(7001 + l, 100 + i, ts, false, 100 * (l + 1));
                assertTrue(lp.send(p, 0, p.length));
            }
        }
        await(() -> keyFrameRequests.contains(1), "a keyframe of the chosen layer is asked for: " + keyFrameRequests);
        assertEquals(List.of(), sub.takeMedia(), "nothing before the keyframe");
        for (int i = 2; i < 7; i++) {
            ts += 3000;
            for (int l = 0; l < 3; l++) {
                byte[] p = vp8(7001 + l, 100 + i, ts, i == 2, 100 * (l + 1));
                assertTrue(lp.send(p, 0, p.length));
            }
        }
        byte[] huge = new byte[MediaWorker.MAX_LOCAL_PACKET + 1];
        assertFalse(lp.send(huge, 0, huge.length), "larger than an MTU: refused");
        assertEquals(1, lp.dropped());
        byte[] garbage = {1, 2, 3};
        lp.send(garbage, 0, garbage.length);
        await(() -> h.onWorker(lp::malformed) == 1, "garbage counted");
        List<RtpPacket> got = sub.takeMedia();
        // the consumer starts at the first keyframe at or below its target (layer 0's comes first in
        // the frame), then moves to layer 1 at its keyframe in the same frame
        assertEquals(List.of(100, 200, 200, 200, 200, 200), got.stream().map(RtpPacket::payloadLength).toList());
        assertTrue(got.stream().allMatch(r -> r.ssrc() == 5555));
        lp.close().get();
        assertFalse(h.onWorker(() -> sub.transport.consumers().contains(c)), "closing removes its consumers");
        assertEquals(0, lp.producer().receiverCount());
        byte[] late = vp8(7002, 200, ts + 3000, false, 200);
        assertFalse(lp.send(late, 0, late.length), "closed");
    }

    /** A tap on {@code layer} that records each delivered packet's payload size (the layers' sizes differ). */
    private ProducerTap tapPayloadSizes(Producer p, int layer, List<Integer> sizes) throws Exception {
        return h.router.tap(p, layer, (buf, off, len, at) -> {
            RtpPacket r = new RtpPacket();
            r.wrap(buf, off, len);
            sizes.add(r.payloadLength());
        }).get();
    }

    @Test
    void aTapReadsOneLayerFromItsKeyFrameAndSwitchesAtTheNextLayersKeyFrame() throws Exception {
        SfuHarness.Peer pub = h.peer();
        Producer p = pub.transport.produce(ProducerLayersTest.simulcastVp8("1")).get();
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        ProducerTap tap = tapPayloadSizes(p, 1, sizes);
        assertEquals(1, p.receiverCount(), "a tap is a receiver");
        String[] rids = {"q", "h", "f"};
        int[] seq = {10, 20, 30};
        long ts = 1000;
        for (int f = 0; f < 6; f++) {
            ts += 3000;
            for (int l = 0; l < 3; l++) {
                boolean key = (l == 1 && f == 2) || (l == 2 && f == 4);
                pub.send(TestRtp.packet().ssrc(100 + l).seq(seq[l]++).ts(ts).marker(true)
                        .ext(ProducerLayersTest.MID, "1").ext(ProducerLayersTest.RID, rids[l])
                        .vp8(key, true, f, 0, 0, false, 100 * (l + 1)).build(), System.nanoTime());
            }
            if (f == 3) {
                tap.setLayer(2);
                h.onWorker(() -> null);
            }
        }
        h.onWorker(() -> null);
        // layer 1 from its keyframe (frame 2); after asking for 2 (after frame 3): layer 1 until 2's
        // keyframe in frame 4 (layer 1's packet of frame 4 comes first), then layer 2
        assertEquals(List.of(200, 200, 200, 300, 300), List.copyOf(sizes));
        assertEquals(2, tap.currentLayer());
        assertTrue(pub.takePlis().contains(102L), "the switch asked the publisher for layer 2's keyframe");
        assertTrue(p.activeRids().contains("f"), "the tap's layer is demand: never paused");
        tap.close().get();
        assertEquals(0, p.receiverCount());
        pub.send(TestRtp.packet().ssrc(102).seq(seq[2]).ts(ts + 3000).marker(true).ext(ProducerLayersTest.MID, "1")
                .ext(ProducerLayersTest.RID, "f").vp8(false, true, 7, 0, 0, false, 300).build(), System.nanoTime());
        h.onWorker(() -> null);
        assertEquals(5, sizes.size(), "closed taps get nothing");
    }

    @Test
    void aTapWhoseLayerStopsReadsTheBestLayerBelowThatFlowsAndReturnsWhenItFlowsAgain() throws Exception {
        SfuHarness.Peer pub = h.peer();
        Producer p = pub.transport.produce(ProducerLayersTest.simulcastVp8("1")).get();
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        ProducerTap tap = tapPayloadSizes(p, 2, sizes);
        String[] rids = {"q", "h", "f"};
        int[] seq = {10, 20, 30};
        long t0 = System.nanoTime();
        // 20 frames a second; the publisher stops sending layer 2 after frame 19 (at 0.95 s) and resumes
        // at frame 50 with a keyframe. At frame 39 (1 s without it) the tap asks for layer 1's keyframe,
        // which comes at frame 42.
        for (int f = 0; f < 80; f++) {
            for (int l = 0; l < 3; l++) {
                if (l == 2 && f >= 20 && f < 50) {
                    continue;
                }
                if (l == 1 && f == 39) {
                    h.onWorker(() -> null);
                    assertTrue(pub.takePlis().contains(101L), "a keyframe of the stand-in is asked for");
                }
                boolean key = f == 0 || (l == 1 && f == 42) || (l == 2 && f == 50);
                pub.send(TestRtp.packet().ssrc(100 + l).seq(seq[l]++).ts(1000 + f * 4500L).marker(true)
                        .ext(ProducerLayersTest.MID, "1").ext(ProducerLayersTest.RID, rids[l])
                        .vp8(key, true, f, 0, 0, false, 100 * (l + 1)).build(), t0 + f * 50_000_000L);
            }
        }
        h.onWorker(() -> null);
        // frame 0: until layer 2's first packet nothing above flows, so the tap starts on the best layer
        // that does, and moves up as each layer's keyframe arrives
        List<Integer> expected = new ArrayList<>(List.of(100, 200));
        expected.addAll(Collections.nCopies(20, 300)); // frames 0-19 on layer 2
        expected.addAll(Collections.nCopies(9, 200)); // 42-50 on layer 1 (its packet of 50 comes first)
        expected.addAll(Collections.nCopies(30, 300)); // 50-79 on layer 2 again, from its keyframe
        assertEquals(expected, List.copyOf(sizes));
        assertEquals(2, tap.currentLayer());
        tap.close().get();
    }

    @Test
    void theStandInIsTheBestFlowingLayerAtOrBelowTheTargetElseTheLowestAbove() {
        // target, flowing layers (bits), layers -> the layer read
        int[][] table = {
                {2, 0b111, 3, 2}, {2, 0b011, 3, 1}, {2, 0b001, 3, 0}, {2, 0b101, 3, 2}, {1, 0b101, 3, 0},
                {0, 0b110, 3, 1}, {0, 0b100, 3, 2}, {1, 0b000, 3, 1}, {2, 0b000, 3, 2}, {0, 0b1, 1, 0},
        };
        for (int[] row : table) {
            assertEquals(row[3], ProducerTap.standIn(row[0], row[1], row[2]),
                    "target " + row[0] + ", flowing " + Integer.toBinaryString(row[1]));
        }
    }
}
