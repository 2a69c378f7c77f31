package dev.chorus.signaling.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SdpSimulcastTest {
    private final SessionDescription offer = SdpFixtures.parse(SdpFixtures.CHROME_SIMULCAST);
    private final MediaDescription video = offer.media().get(0);

    @Test
    void ridsAndSimulcastWithoutSsrcs() {
        assertEquals(List.of(new Rid("q", RidDirection.SEND), new Rid("h", RidDirection.SEND),
                new Rid("f", RidDirection.SEND)), video.rids());
        assertEquals(Simulcast.send("q", "h", "f"), video.simulcast());
        assertEquals(List.of("q", "h", "f"), video.simulcast().sendRids());
        assertTrue(video.simulcast().recv().isEmpty());
        assertTrue(video.ssrcs().isEmpty());
        assertTrue(video.ssrcGroups().isEmpty());
        assertEquals(OptionalInt.of(10), video.extensionId(HeaderExtension.RTP_STREAM_ID));
        assertEquals(OptionalInt.of(11), video.extensionId(HeaderExtension.REPAIRED_RTP_STREAM_ID));
        assertEquals(OptionalInt.of(9), video.extensionId(HeaderExtension.SDES_MID));
        assertEquals(2, video.candidates().size());
    }

    @Test
    void answerSideReversesSimulcastAndRids() {
        Simulcast answer = video.simulcast().reverse();
        assertEquals(Simulcast.recv("q", "h", "f"), answer);
        assertEquals("recv q;h;f", answer.toSdpValue());
        assertEquals(RidDirection.RECV, video.rids().get(0).direction().reverse());
    }

    @Test
    void alternativesPausedAndRestrictions() throws SdpParseException {
        Simulcast s = Simulcast.parse("send 1,~4;2;~3 recv c");
        assertEquals(3, s.send().size());
        assertEquals(List.of(new Simulcast.Stream("1", false), new Simulcast.Stream("4", true)), s.send().get(0));
        assertTrue(s.send().get(2).get(0).paused());
        assertEquals(List.of("1", "2", "3"), s.sendRids());
        assertEquals(List.of("c"), s.recvRids());
        assertEquals("send 1,~4;2;~3 recv c", s.toSdpValue());
        assertEquals(Simulcast.parse("recv c send 1,~4;2;~3"), s);

        Rid rid = Rid.parse("f send pt=96,97;max-width=1280;max-height=720");
        assertEquals(Map.of("pt", "96,97", "max-width", "1280", "max-height", "720"), rid.restrictionMap());
        assertEquals("f send pt=96,97;max-width=1280;max-height=720", rid.toSdpValue());
        assertFalse(Rid.parse("q recv").toSdpValue().endsWith(" "));
    }
}
