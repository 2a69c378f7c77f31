package dev.chorus.signaling.room;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.signaling.sdp.IceCandidate;
import org.junit.jupiter.api.Test;

/** Trickled candidates of an earlier ICE generation are not given to the restarted transport. */
class OfferIceTest {
    private static IceCandidate candidate(String tail) throws Exception {
        return IceCandidate.parse("candidate:1 1 udp 2122260223 192.0.2.10 54400 typ host" + tail);
    }

    @Test
    void candidatesOfTheCurrentGenerationOrWithoutUfragAreUsed() throws Exception {
        Participant p = new Participant("p", "P", null, null);
        assertTrue(OfferIce.current(p, candidate(" generation 0 ufrag Old1")), "before any offer: no opinion");
        p.remoteIce = new OfferIce.Remote("New2", "pwd");
        assertTrue(OfferIce.current(p, candidate(" generation 0 ufrag New2")));
        assertTrue(OfferIce.current(p, candidate("")));
        assertFalse(OfferIce.current(p, candidate(" generation 0 ufrag Old1")));
    }
}
