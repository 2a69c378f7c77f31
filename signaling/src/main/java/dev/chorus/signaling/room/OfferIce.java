package dev.chorus.signaling.room;

import dev.chorus.signaling.protocol.SignalingError;
import dev.chorus.signaling.sdp.Fingerprint;
import dev.chorus.signaling.sdp.IceCandidate;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an offer's ICE credentials mean for the participant's transport (docs/protocol.md, ICE
 * restart): the first offer connects; an offer whose ufrag or pwd differ from the previous offer's
 * restarts ICE (RFC 8839 §4.4.1.1.1), and the answer then carries the transport's new credentials;
 * an offer with the same credentials changes nothing. Room thread only.
 */
final class OfferIce {
    private static final Logger LOG = LoggerFactory.getLogger(OfferIce.class);

    /** The peer's credentials as of its last offer. */
    record Remote(String ufrag, String pwd) {}

    private OfferIce() {}

    static void apply(Participant p, String ufrag, String pwd, Fingerprint fp) throws SignalingError {
        Remote now = new Remote(ufrag, pwd);
        Remote before = p.remoteIce;
        if (before == null) {
            p.transport.connect(ufrag, pwd, fp.algorithm(), fp.value());
        } else if (!before.equals(now)) {
            try {
                p.transport.restartIce(ufrag, pwd);
            } catch (IOException e) {
                throw new SignalingError("internal", "cannot restart ICE: " + e.getMessage());
            }
            LOG.info("room {}: {} ({}) restarts ICE", p.room.id(), p.name, p.id);
        }
        p.remoteIce = now;
    }

    /** False for a trickled candidate of an earlier ICE generation (its ufrag is not the current one). */
    static boolean current(Participant p, IceCandidate c) {
        String u = c.ufrag();
        Remote r = p.remoteIce;
        return u == null || r == null || u.equals(r.ufrag());
    }
}
