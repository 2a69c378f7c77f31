package dev.chorus.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.sfu.LayerParams;
import dev.chorus.signaling.sdp.Rid;
import dev.chorus.signaling.sdp.RidDirection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a publisher's m-line becomes layers (lowest first) and the a=rid / a=simulcast answer. */
class PublisherLayersTest {
    private static List<String> rids(PublisherLayers.Plan plan) {
        return plan.layers().stream().map(LayerParams::rid).toList();
    }

    @Test
    void realChromeSimulcastOfferGivesThreeRidLayersLowestFirst() {
        PublisherLayers.Plan plan = PublisherLayers.plan(Fixtures.video(Fixtures.CHROME156_SIMULCAST));
        assertTrue(plan.ridSimulcast());
        assertEquals(List.of("q", "h", "f"), rids(plan));
        // SSRCs are not in the offer: the media core learns them from the RID / repaired-RID extensions
        plan.layers().forEach(l -> assertEquals(0, l.ssrc(), l.toString()));
        plan.layers().forEach(l -> assertEquals(0, l.rtxSsrc(), l.toString()));
        assertEquals(List.of(new Rid("q", RidDirection.RECV), new Rid("h", RidDirection.RECV), new Rid("f", RidDirection.RECV)),
                plan.answerRids());
        assertEquals("recv q;h;f", plan.answerSimulcast().toSdpValue());
    }

    @Test
    void theAnswerKeepsTheOfferOrderButLayersAreOrderedByQuality() {
        PublisherLayers.Plan plan = PublisherLayers.plan(
                Fixtures.video(Fixtures.CHROME156_SIMULCAST, "a=simulcast:send q;h;f", "a=simulcast:send f;h;q"));
        assertEquals("recv f;h;q", plan.answerSimulcast().toSdpValue());
        assertEquals(List.of("q", "h", "f"), rids(plan));
    }

    @Test
    void pausedStreamsStayPaused() {
        PublisherLayers.Plan plan = PublisherLayers.plan(
                Fixtures.video(Fixtures.CHROME156_SIMULCAST, "a=simulcast:send q;h;f", "a=simulcast:send q;~h;f"));
        assertEquals("recv q;~h;f", plan.answerSimulcast().toSdpValue());
        assertEquals(List.of("q", "h", "f"), rids(plan));
    }

    @Test
    void ridRestrictionsDecideTheOrderWhenEveryRidHasThem() {
        String offer = "a=rid:hi send max-width=1280;max-height=720\r\na=rid:lo send max-width=320;max-height=180\r\n"
                + "a=rid:mid send max-width=640;max-height=360\r\na=simulcast:send hi;lo;mid";
        PublisherLayers.Plan plan = PublisherLayers.plan(Fixtures.video(Fixtures.CHROME156_SIMULCAST,
                "a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;h;f", offer));
        assertEquals(List.of("lo", "mid", "hi"), rids(plan));
        assertEquals("recv hi;lo;mid", plan.answerSimulcast().toSdpValue());
        // the answer does not repeat restrictions: we take what the browser sends
        plan.answerRids().forEach(r -> assertEquals("", r.restrictions()));

        // only max-height on all of them works as well
        PublisherLayers.Plan heights = PublisherLayers.plan(Fixtures.video(Fixtures.CHROME156_SIMULCAST,
                "a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;h;f",
                "a=rid:a send max-height=720\r\na=rid:b send max-height=180\r\na=simulcast:send a;b"));
        assertEquals(List.of("b", "a"), rids(heights));
    }

    @Test
    void unknownRidNamesWithoutRestrictionsKeepTheOfferOrder() {
        PublisherLayers.Plan plan = PublisherLayers.plan(Fixtures.video(Fixtures.CHROME156_SIMULCAST,
                "a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;h;f",
                "a=rid:r0 send\r\na=rid:r1 send max-width=640\r\na=rid:r2 send\r\na=simulcast:send r0;r1;r2"));
        assertEquals(List.of("r0", "r1", "r2"), rids(plan));
        assertEquals(List.of("q", "h", "f"), PublisherLayers.lowToHigh(List.of("f", "q", "h"), java.util.Map.of()));
    }

    @Test
    void unusableRidsAndStreamsBeyondThreeAreAnsweredAway() {
        String offer = "a=rid:a send\r\na=rid:b send\r\na=rid:c send\r\na=rid:d send\r\n"
                + "a=rid:waytoolongforanrtpheader send\r\na=rid:r recv\r\n"
                + "a=simulcast:send waytoolongforanrtpheader;r;a,b;c;d";
        PublisherLayers.Plan plan = PublisherLayers.plan(Fixtures.video(Fixtures.CHROME156_SIMULCAST,
                "a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;h;f", offer));
        // a rid over 16 bytes cannot ride the one-byte header; "r" is not a send rid; one alternative per stream
        assertEquals("recv a;c;d", plan.answerSimulcast().toSdpValue());
        assertEquals(List.of("a", "c", "d"), rids(plan));
    }

    @Test
    void withoutTheRidExtensionSimulcastIsDeclined() {
        PublisherLayers.Plan plan = PublisherLayers.plan(Fixtures.video(Fixtures.CHROME156_SIMULCAST,
                "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n", ""));
        assertFalse(plan.ridSimulcast());
        assertNull(plan.answerSimulcast());
        assertEquals(List.of(""), rids(plan));
    }

    @Test
    void legacySsrcSimulcastMapsLayersBySsrcWithTheirRtx() {
        String groups = "a=ssrc-group:SIM 100 200 300\r\na=ssrc-group:FID 100 101\r\na=ssrc-group:FID 200 201\r\n"
                + "a=ssrc-group:FID 300 301\r\n"
                + "a=ssrc:100 cname:x\r\na=ssrc:101 cname:x\r\na=ssrc:200 cname:x\r\na=ssrc:201 cname:x\r\n"
                + "a=ssrc:300 cname:x\r\na=ssrc:301 cname:x\r\n";
        PublisherLayers.Plan plan = PublisherLayers.plan(Fixtures.video(Fixtures.CHROME156_SIMULCAST,
                "a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;h;f\r\n", groups));
        assertEquals(List.of(new LayerParams("0", 100, 101), new LayerParams("1", 200, 201), new LayerParams("2", 300, 301)),
                plan.layers());
        assertFalse(plan.ridSimulcast(), "no rids the browser could switch");
        assertTrue(plan.answerRids().isEmpty());
    }

    @Test
    void aSingleStreamKeepsItsSsrcAndRtxSsrc() {
        PublisherLayers.Plan plan = PublisherLayers.plan(Fixtures.video(Fixtures.CHROME_PLAIN));
        assertEquals(List.of(new LayerParams("", 2231627014L, 632943048L)), plan.layers());
        assertFalse(plan.ridSimulcast());

        var audio = Fixtures.parse(Fixtures.text(Fixtures.CHROME156_SIMULCAST)).media().get(0);
        assertEquals(List.of(new LayerParams("", 3523775713L, 0)), PublisherLayers.plan(audio).layers());
    }
}
