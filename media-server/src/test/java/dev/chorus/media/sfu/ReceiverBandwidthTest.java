package dev.chorus.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The allocator wired to real consumers: a small tile gets the low layer even with bandwidth to
 * spare, a hidden one nothing, an unknown size the best that fits; layers nobody needs are paused
 * at the publisher through the router listener.
 */
class ReceiverBandwidthTest {
    private final SfuHarness h;
    private final long[] ssrcs = {100, 101, 102};
    private final int[] seqs = {1, 1, 1};
    private final int[] sizes = {250, 600, 1000}; // bytes per packet, 2 packets per frame
    private long ts;
    private long now = System.nanoTime();

    ReceiverBandwidthTest() throws Exception {
        h = new SfuHarness();
    }

    @AfterEach
    void close() {
        h.close();
    }

    /** {@code frames} frames at 30 fps on all three layers, a keyframe on each first. */
    private void publish(SfuHarness.Peer pub, int frames) {
        String[] rids = {"q", "h", "f"};
        for (int f = 0; f < frames; f++) {
            ts += 3000;
            now += 33_333_333L;
            for (int l = 0; l < 3; l++) {
                for (int k = 0; k < 2; k++) {
                    pub.send(TestRtp.packet().ssrc(ssrcs[l]).seq(seqs[l]++).ts(ts).marker(k == 1)
                            .ext(ProducerLayersTest.MID, "1").ext(ProducerLayersTest.RID, rids[l])
                            .vp8(f == 0 && k == 0, k == 0, f, 0, 0, false, sizes[l]).build(), now);
                }
            }
        }
    }

    private SimulcastConsumer consume(SfuHarness.Peer sub, Producer p, int w, int hgt) throws Exception {
        SimulcastConsumer c = (SimulcastConsumer) sub.transport.consume(p, new ConsumerParams("3", 7000 + w,
                List.of(new CodecParams(100, "VP8", 90000, 0, "", -1)), Map.of())).get();
        h.onWorker(() -> {
            sub.transport.setAutoAllocation(false);
            return null;
        });
        c.setRenderSize(w, hgt);
        return c;
    }

    @Test
    void renderSizeCapsTheLayerAndHiddenTilesGetNothing() throws Exception {
        SfuHarness.Peer pub = h.peer();
        Producer p = pub.transport.produce(ProducerLayersTest.simulcastVp8("1")).get();
        SfuHarness.Peer small = h.peer();
        SfuHarness.Peer big = h.peer();
        SfuHarness.Peer hidden = h.peer();
        SimulcastConsumer cs = consume(small, p, 320, 180);
        SimulcastConsumer cb = consume(big, p, -1, -1);
        SimulcastConsumer ch = consume(hidden, p, 0, 0);
        publish(pub, 40); // 1.3 s: every layer measured (~120, ~290, ~480 kbit/s)
        h.onWorker(() -> {
            for (SfuHarness.Peer s : List.of(small, big, hidden)) {
                s.transport.allocate(now); // estimate: the 1 Mbit/s start, no feedback in this test
            }
            assertEquals(0, cs.targetSpatialLayer(), "a 320x180 tile gets the 180p layer, bandwidth or not");
            assertEquals(2, cb.targetSpatialLayer(), "an unknown size gets the best layer that fits 1 Mbit/s");
            assertEquals(-1, ch.targetSpatialLayer(), "a hidden tile gets nothing");
            return null;
        });
        hidden.takeMedia(); // what it got before the first allocation
        publish(pub, 10);
        assertEquals(Set.of(sizes[0]), small.takeMedia().stream().map(r -> r.payloadLength()).collect(java.util.stream.Collectors.toSet()));
        assertTrue(hidden.takeMedia().isEmpty());
    }

    @Test
    void layersNobodyNeedsArePausedAtThePublisherAfterTheHoldOff() throws Exception {
        List<Set<String>> requests = new CopyOnWriteArrayList<>();
        h.router.setListener(new Router.Listener() {
            @Override
            public void onLayersNeeded(Producer producer, Set<String> activeRids) {
                requests.add(activeRids);
            }
        });
        SfuHarness.Peer pub = h.peer();
        Producer p = pub.transport.produce(ProducerLayersTest.simulcastVp8("1")).get();
        SfuHarness.Peer small = h.peer();
        consume(small, p, 320, 180);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (requests.isEmpty() && System.nanoTime() < deadline) {
            publish(pub, 6);
            now = Math.max(now, System.nanoTime());
            h.onWorker(() -> {
                small.transport.allocate(now);
                return null;
            });
            Thread.sleep(200);
        }
        assertEquals(List.of(Set.of("q")), requests, "h and f paused once unneeded for the hold-off");
        assertEquals(List.of("q"), h.onWorker(p::activeRids));
    }
}
