package dev.chorus.media.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.util.PacketBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Simulcast layers and RTX streams announced without SSRCs are bound from the MID / RID /
 * repaired-RID header extensions; RTX packets are restored to the original; receivers get
 * retransmissions as RTX and a transport-wide sequence number on every packet.
 */
class ProducerLayersTest {
    static final int MID = 1;
    static final int RID = 2;
    static final int RRID = 3;
    static final int TCC = 5;
    private final SfuHarness h;

    ProducerLayersTest() throws Exception {
        h = new SfuHarness();
    }

    @AfterEach
    void close() {
        h.close();
    }

    static Map<String, Integer> publisherExtensions() {
        return Map.of(HeaderExtensionUris.MID, MID, HeaderExtensionUris.RID, RID,
                HeaderExtensionUris.REPAIRED_RID, RRID, HeaderExtensionUris.TRANSPORT_CC, TCC);
    }

    static ProducerParams simulcastVp8(String mid) {
        return new ProducerParams(mid, MediaKind.VIDEO, "video-track",
                List.of(new CodecParams(96, "VP8", 90000, 0, "", 97)), publisherExtensions(),
                List.of(new LayerParams("q", 0, 0), new LayerParams("h", 0, 0), new LayerParams("f", 0, 0)), false);
    }

    /** VP8 on mid "0" with media SSRC 4000 signalled and RTX pt 97 ({@code rtxSsrc} 0 = learned later). */
    static ProducerParams singleStreamVp8(long rtxSsrc) {
        return new ProducerParams("0", MediaKind.VIDEO, "v", List.of(new CodecParams(96, "VP8", 90000, 0, "", 97)),
                publisherExtensions(), List.of(new LayerParams("", 4000, rtxSsrc)), false);
    }

    @Test
    void layersAndRtxAreBoundFromRidAndRepairedRid() throws Exception {
        SfuHarness.Peer pub = h.peer();
        Producer p = pub.transport.produce(simulcastVp8("1")).get();
        String[] rids = {"q", "h", "f"};
        for (int i = 0; i < 3; i++) {
            pub.send(TestRtp.packet().ssrc(100 + i).seq(10).ts(1000).ext(MID, "1").ext(RID, rids[i])
                    .vp8(true, true, 1, 0, 0, false, 200).build(), System.nanoTime());
        }
        // later packets carry no RID (Chrome stops sending it once acknowledged)
        pub.send(TestRtp.packet().ssrc(101).seq(11).ts(1000).vp8(false, false, 1, 0, 0, false, 200).build(),
                System.nanoTime());
        byte[] original = TestRtp.packet().ssrc(101).seq(12).ts(4000).vp8(false, true, 2, 0, 1, false, 300).build();
        byte[] rtx = rtxOf(original, 97, 555, 7, RRID, "h", MID, "1");
        pub.send(rtx, System.nanoTime());
        h.onWorker(() -> {
            for (int i = 0; i < 3; i++) {
                assertEquals(100 + i, p.layer(i).ssrc(), "layer " + rids[i]);
            }
            assertEquals(1, p.layer(0).packets());
            assertEquals(3, p.layer(1).packets(), "two media packets and one repaired");
            assertEquals(1, p.layer(1).rtxPackets);
            assertEquals(555, p.layer(1).rtxSsrc());
            assertEquals(640, p.layer(2).width());
            assertEquals(360, p.layer(2).height());
            // the repaired packet is in the cache as the original (its header extensions are the RTX packet's)
            byte[] out = new byte[1600];
            int len = p.layer(1).cache.get(12, out, 0, System.nanoTime());
            RtpPacket restored = new RtpPacket();
            restored.wrap(out, 0, len);
            RtpPacket o = new RtpPacket();
            o.wrap(original, 0, original.length);
            assertEquals(12, restored.sequenceNumber());
            assertEquals(101, restored.ssrc());
            assertEquals(96, restored.payloadType());
            assertArrayEquals(Arrays.copyOfRange(original, o.payloadOffset(), original.length),
                    Arrays.copyOfRange(out, restored.payloadOffset(), len));
            return null;
        });
    }

    @Test
    void rtxWithoutSimulcastBindsByPayloadTypeAndSignalledSsrcs() throws Exception {
        SfuHarness.Peer pub = h.peer();
        Producer p = pub.transport.produce(singleStreamVp8(0)).get();
        byte[] original = TestRtp.packet().ssrc(4000).seq(1).ts(1).vp8(true, true, 1, 0, 0, false, 100).build();
        pub.send(original, System.nanoTime());
        pub.send(rtxOf(original, 97, 4001, 1, MID, "0", MID, "0"), System.nanoTime());
        h.onWorker(() -> {
            assertEquals(4001, p.layer(0).rtxSsrc());
            assertEquals(1, p.layer(0).rtxPackets);
            return null;
        });
    }

    @Test
    void rtxCopiesOfPacketsAlreadyReceivedAreNotForwardedAgain() throws Exception {
        SfuHarness.Peer pub = h.peer();
        SfuHarness.Peer sub = h.peer();
        Producer p = pub.transport.produce(singleStreamVp8(4001)).get();
        sub.transport.consume(p, new ConsumerParams("5", 3333,
                List.of(new CodecParams(100, "VP8", 90000, 0, "", -1)), Map.of())).get();
        byte[] key = TestRtp.packet().ssrc(4000).seq(1).ts(1).vp8(true, true, 1, 0, 0, false, 100).build();
        pub.send(key, System.nanoTime());
        // a publisher probing its uplink resends that packet (and its keyframe) on RTX
        pub.send(rtxOf(key, 97, 4001, 1, MID, "0", MID, "0"), System.nanoTime());
        pub.send(rtxOf(key, 97, 4001, 2, MID, "0", MID, "0"), System.nanoTime());
        assertEquals(1, sub.takeMedia().size(), "forwarded once");
        h.onWorker(() -> {
            assertEquals(2, p.layer(0).duplicates);
            assertEquals(1, p.layer(0).keyFramesSeen(), "a resent keyframe is not a new keyframe");
            return null;
        });
    }

    @Test
    void receiversGetTransportWideSequenceNumbersAndRtxRetransmissions() throws Exception {
        SfuHarness.Peer pub = h.peer();
        SfuHarness.Peer sub = h.peer();
        Producer p = pub.transport.produce(singleStreamVp8(0)).get();
        Consumer c = sub.transport.consume(p, new ConsumerParams("5", 3333,
                List.of(new CodecParams(100, "VP8", 90000, 0, "", 101)),
                Map.of(HeaderExtensionUris.TRANSPORT_CC, 9), 2222)).get();
        byte[][] sentPayloads = new byte[5][];
        for (int i = 0; i < 5; i++) {
            byte[] pkt = TestRtp.packet().ssrc(4000).seq(100 + i).ts(9000).ext(TCC, new byte[] {0, (byte) i})
                    .vp8(i == 0, i == 0, 1, 0, 0, false, 150 + i).build();
            pub.send(pkt, System.nanoTime());
            RtpPacket r = new RtpPacket();
            r.wrap(pkt, 0, pkt.length);
            sentPayloads[i] = Arrays.copyOfRange(pkt, r.payloadOffset(), pkt.length);
        }
        List<RtpPacket> all = sub.takeRtp();
        for (int i = 1; i < all.size(); i++) {
            assertEquals((all.get(i - 1).extensionU16(9) + 1) & 0xFFFF, all.get(i).extensionU16(9),
                    "transport-wide seq is consecutive over media and probe padding");
        }
        List<RtpPacket> got = all.stream().filter(r -> r.payloadLength() > 0).toList();
        assertEquals(5, got.size());
        for (int i = 0; i < 5; i++) {
            RtpPacket r = got.get(i);
            assertEquals(3333, r.ssrc());
            assertEquals(100, r.payloadType());
            assertEquals(-1, r.extensionOffset(TCC), "the publisher's TCC element is not forwarded");
        }
        int lostOutSeq = got.get(2).sequenceNumber();
        sendNack(sub, 3333, lostOutSeq);
        List<RtpPacket> rtx = sub.takeMedia();
        assertEquals(1, rtx.size(), "one retransmission");
        RtpPacket r = rtx.get(0);
        assertEquals(2222, r.ssrc());
        assertEquals(101, r.payloadType());
        byte[] b = r.buffer();
        int osn = (b[r.payloadOffset()] & 0xFF) << 8 | (b[r.payloadOffset() + 1] & 0xFF);
        assertEquals(lostOutSeq, osn, "RTX payload starts with the receiver's sequence number");
        assertArrayEquals(sentPayloads[2], Arrays.copyOfRange(b, r.payloadOffset() + 2, r.offset() + r.length()));
        assertTrue(r.extensionU16(9) >= 0, "RTX carries a transport-wide seq");
        assertEquals(1, c.retransmitted());
    }

    static void sendNack(SfuHarness.Peer sub, long mediaSsrc, int seq) {
        PacketBuffer buf = new PacketBuffer();
        int len = RtcpWriter.writeNack(buf.getBuffer(), 0, 0x1234, mediaSsrc, new int[] {seq}, 1);
        buf.setOffsetLength(0, len);
        if (!sub.browserSrtp.protectRtcp(buf)) {
            throw new IllegalStateException("protect rtcp failed");
        }
        byte[] d = Arrays.copyOfRange(buf.getBuffer(), buf.getOffset(), buf.getOffset() + buf.getLength());
        assertNotNull(d);
        sub.transport.router().worker().call(() -> {
            sub.transport.receive(d, 0, d.length, System.nanoTime());
            return null;
        }).join();
    }

    /** RFC 4588: same header with RTX pt/ssrc/seq and an extension naming the repaired stream, OSN first. */
    static byte[] rtxOf(byte[] original, int rtxPt, long rtxSsrc, int rtxSeq, int extId, String value,
                        int extId2, String value2) {
        RtpPacket o = new RtpPacket();
        o.wrap(original, 0, original.length);
        byte[] payload = Arrays.copyOfRange(original, o.payloadOffset(), original.length);
        byte[] withOsn = new byte[payload.length + 2];
        withOsn[0] = (byte) (o.sequenceNumber() >>> 8);
        withOsn[1] = (byte) o.sequenceNumber();
        System.arraycopy(payload, 0, withOsn, 2, payload.length);
        return TestRtp.packet().pt(rtxPt).ssrc(rtxSsrc).seq(rtxSeq).ts(o.timestamp()).ext(extId, value)
                .ext(extId2, value2).payload(withOsn).build();
    }
}
