package dev.chorus.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.forwarding.StreamContinuation;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer that takes over another's SSRC (a WHEP viewer's m-line moving to the next publisher)
 * continues the stream the receiver already has: sequence numbers go on by one, timestamps advance
 * by about the wall time between the two streams, VP8 picture ids go on — whichever strategy either
 * consumer is. Without the continuation the new stream starts at random values (the viewer's decoder
 * bug this reproduces).
 */
class ConsumerContinuationTest {
    static final int MID = ProducerLayersTest.MID;
    static final int RID = ProducerLayersTest.RID;
    static final CodecParams VP8_OUT = new CodecParams(100, "VP8", 90000, 0, "", -1);
    private final SfuHarness h;
    private long now = System.nanoTime();
    private long ts = 90_000;
    private int pictureId = 500;
    private int seq = 30_000;

    private final SfuHarness.Peer first;
    private final SfuHarness.Peer second;
    private final SfuHarness.Peer viewer;

    ConsumerContinuationTest() throws Exception {
        h = new SfuHarness();
        first = h.peer();
        second = h.peer();
        viewer = h.peer();
    }

    private static Producer produce(SfuHarness.Peer pub, boolean simulcast) throws Exception {
        return pub.transport.produce(simulcast ? ProducerLayersTest.simulcastVp8("1")
                : ProducerLayersTest.singleStreamVp8(0)).get();
    }

    /** The viewer's consumer of {@code p} on SSRC 5555, continuing {@code from} (null: a fresh stream). */
    private Consumer consume(Producer p, StreamContinuation from) throws Exception {
        return viewer.transport.consume(p, new ConsumerParams("v", 5555, List.of(VP8_OUT), Map.of(), 0, from)).get();
    }

    @AfterEach
    void close() {
        h.close();
    }

    /** One keyframe-or-not frame of one packet on all three layers of a simulcast publisher. */
    private void simulcastFrame(SfuHarness.Peer pub, boolean key) {
        ts += 3000;
        now = Math.max(now + 33_000_000L, System.nanoTime());
        String[] rids = {"q", "h", "f"};
        for (int l = 0; l < 3; l++) {
            pub.send(TestRtp.packet().ssrc(100 + l).seq(seq + l * 10_000).ts(ts).marker(true).ext(MID, "1")
                    .ext(RID, rids[l]).vp8(key, true, pictureId, 0, 0, false, 100).build(), now);
        }
        seq++;
        pictureId = (pictureId + 1) & 0x7FFF;
    }

    /** One single-packet frame of a single-stream VP8 publisher (SSRC 4000) with unrelated numbering. */
    private void singleFrame(SfuHarness.Peer pub, int n, boolean key) {
        now = Math.max(now + 33_000_000L, System.nanoTime());
        pub.send(TestRtp.packet().ssrc(4000).seq(7 + n).ts(1_000_000L + 3000L * n).marker(true).ext(MID, "0")
                .vp8(key, true, 20_000 + n, 0, 0, false, 120).build(), now);
    }

    private static void assertContinuous(List<RtpPacket> before, List<RtpPacket> after, long minGapTicks) {
        RtpPacket a = before.get(before.size() - 1);
        RtpPacket b = after.get(0);
        assertEquals(5555, b.ssrc());
        assertEquals((a.sequenceNumber() + 1) & 0xFFFF, b.sequenceNumber(), "sequence numbers go on by one");
        long dts = (b.timestamp() - a.timestamp()) & 0xFFFFFFFFL;
        assertTrue(dts >= minGapTicks && dts < 90_000L * 30, "timestamp advances by the gap: " + dts);
        for (int i = 1; i < after.size(); i++) {
            assertEquals((after.get(i - 1).sequenceNumber() + 1) & 0xFFFF, after.get(i).sequenceNumber());
        }
    }

    private static int pictureIdOf(RtpPacket r) {
        return Vp8PayloadDescriptor.pictureId(r.buffer(), r.payloadOffset(), r.payloadLength());
    }

    @Test
    void simulcastToSingleStreamContinues() throws Exception {
        Producer p1 = produce(first, true);
        Producer p2 = produce(second, false);
        Consumer c1 = consume(p1, null);
        simulcastFrame(first, true);
        for (int i = 0; i < 5; i++) {
            simulcastFrame(first, false);
        }
        List<RtpPacket> before = viewer.takeMedia();
        assertEquals(6, before.size());
        viewer.transport.closeConsumer(c1).get();
        StreamContinuation from = c1.continuation();
        assertNotNull(from);
        assertEquals(before.get(5).sequenceNumber(), from.lastSeq());

        now += 200_000_000L; // the second stream starts 200 ms after the first stopped
        consume(p2, from);
        for (int i = 0; i < 4; i++) {
            singleFrame(second, i, i == 0);
        }
        List<RtpPacket> after = viewer.takeMedia();
        assertEquals(4, after.size());
        assertContinuous(before, after, 90_000L * 150 / 1000);
    }

    @Test
    void singleStreamToSimulcastContinuesPictureIds() throws Exception {
        Producer p1 = produce(first, false);
        Producer p2 = produce(second, true);
        Consumer c1 = consume(p1, null);
        for (int i = 0; i < 3; i++) {
            singleFrame(first, i, i == 0);
        }
        List<RtpPacket> before = viewer.takeMedia();
        viewer.transport.closeConsumer(c1).get();
        StreamContinuation from = c1.continuation();
        assertEquals(-1, from.lastPictureId(), "a single-stream consumer keeps the publisher's picture ids");

        consume(p2, from);
        simulcastFrame(second, true);
        simulcastFrame(second, false);
        List<RtpPacket> after = viewer.takeMedia();
        assertEquals(2, after.size());
        assertContinuous(before, after, 1);
        assertEquals((pictureIdOf(after.get(0)) + 1) & 0x7FFF, pictureIdOf(after.get(1)));
    }

    @Test
    void simulcastToSimulcastContinuesPictureIds() throws Exception {
        Producer p1 = produce(first, true);
        Producer p2 = produce(second, true);
        Consumer c1 = consume(p1, null);
        simulcastFrame(first, true);
        simulcastFrame(first, false);
        List<RtpPacket> before = viewer.takeMedia();
        viewer.transport.closeConsumer(c1).get();
        StreamContinuation from = c1.continuation();
        Consumer c2 = consume(p2, from);
        assertEquals(from, c2.continuation(), "nothing sent yet: hands on what it inherited");
        pictureId += 1000; // the second publisher's own numbering
        simulcastFrame(second, true);
        List<RtpPacket> after = viewer.takeMedia();
        assertEquals(1, after.size());
        assertContinuous(before, after, 1);
        assertEquals((pictureIdOf(before.get(1)) + 1) & 0x7FFF, pictureIdOf(after.get(0)), "picture ids go on");
    }

    @Test
    void aFreshConsumerHasNoContinuationUntilItSends() throws Exception {
        Producer p1 = produce(first, false);
        Consumer c1 = consume(p1, null);
        assertNull(c1.continuation());
    }
}
