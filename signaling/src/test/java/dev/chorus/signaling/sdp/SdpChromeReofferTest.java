package dev.chorus.signaling.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpChromeReofferTest {
    private final SessionDescription offer = SdpFixtures.parse(SdpFixtures.CHROME_REOFFER);
    private final SessionDescription initial = SdpFixtures.parse(SdpFixtures.CHROME_OFFER);

    @Test
    void sameSessionNewVersion() {
        assertEquals(initial.origin().sessionId(), offer.origin().sessionId());
        assertEquals(3, offer.origin().sessionVersion());
        assertEquals(List.of("0", "1", "2", "3", "4"), offer.bundleMids());
    }

    @Test
    void existingSectionsUnchanged() {
        assertEquals(initial.media().get(0), offer.media().get(0));
        assertEquals(initial.media().get(1), offer.media().get(1));
    }

    @Test
    void addedRecvonlySections() {
        assertEquals(List.of("video", "video", "audio"),
                offer.media().subList(2, 5).stream().map(MediaDescription::kind).toList());
        for (MediaDescription m : offer.media().subList(2, 5)) {
            assertEquals(Direction.RECVONLY, m.direction());
            assertEquals(Direction.SENDONLY, m.direction().reverse());
            assertNull(m.msid());
            assertTrue(m.ssrcs().isEmpty());
            assertTrue(m.ssrcGroups().isEmpty());
            assertTrue(m.candidates().isEmpty());
            assertEquals("Hp3w", m.effectiveIceUfrag(offer));
        }
        MediaDescription v2 = offer.mediaByMid("2").orElseThrow();
        assertEquals(List.of(96, 97, 102, 103, 45, 46, 116, 117, 118),
                v2.codecs().stream().map(Codec::payloadType).toList());
        assertEquals(46, v2.rtxFor(45).orElseThrow().payloadType());
        assertEquals("opus", offer.mediaByMid("4").orElseThrow().codec(111).orElseThrow().name());
        assertTrue(offer.isBundled("4"));
    }
}
