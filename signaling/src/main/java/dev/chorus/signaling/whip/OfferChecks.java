package dev.chorus.signaling.whip;

import dev.chorus.signaling.sdp.Codec;
import dev.chorus.signaling.sdp.Direction;
import dev.chorus.signaling.sdp.MediaDescription;
import dev.chorus.signaling.sdp.SdpParseException;
import dev.chorus.signaling.sdp.SdpParser;
import dev.chorus.signaling.sdp.SessionDescription;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;
import java.util.Set;

/**
 * What a WHIP/WHEP offer must be before a participant is created for it: parseable SDP with media and
 * ICE/DTLS credentials (else 400), a codec we forward (Opus, VP8, H.264; else 406), and the direction
 * the protocol implies: sendonly for WHIP, recvonly for WHEP (else 422).
 */
final class OfferChecks {
    static final HttpResponseStatus UNPROCESSABLE = HttpResponseStatus.valueOf(422);
    private static final Set<String> AUDIO = Set.of("opus");
    private static final Set<String> VIDEO = Set.of("vp8", "h264");

    private OfferChecks() {}

    static SessionDescription check(String sdp, Kind kind) throws WhipException {
        SessionDescription offer;
        try {
            offer = SdpParser.parse(sdp);
        } catch (SdpParseException | RuntimeException e) {
            throw new WhipException(HttpResponseStatus.BAD_REQUEST, "bad SDP: " + e.getMessage());
        }
        if (offer.media().isEmpty()) {
            throw new WhipException(HttpResponseStatus.BAD_REQUEST, "the offer has no media sections");
        }
        MediaDescription first = offer.media().get(0);
        if (first.effectiveIceUfrag(offer) == null || first.effectiveIcePwd(offer) == null
                || first.effectiveFingerprint(offer) == null) {
            throw new WhipException(HttpResponseStatus.BAD_REQUEST, "the offer lacks ICE credentials or a DTLS fingerprint");
        }
        boolean usable = false;
        for (MediaDescription m : offer.media()) {
            boolean media = MediaDescription.VIDEO.equals(m.kind()) || "audio".equals(m.kind());
            if (!media || m.isRejected()) {
                continue;
            }
            Direction d = m.direction();
            boolean ok = kind == Kind.WHIP ? d == Direction.SENDONLY : d == Direction.RECVONLY;
            if (!ok && d != Direction.INACTIVE) {
                throw new WhipException(UNPROCESSABLE, kind + " takes " + (kind == Kind.WHIP ? "sendonly" : "recvonly")
                        + " media only; mid " + m.mid() + " is " + d.name().toLowerCase(Locale.ROOT));
            }
            if (m.mid() == null) {
                throw new WhipException(UNPROCESSABLE, "every media section needs a mid");
            }
            Set<String> wanted = "audio".equals(m.kind()) ? AUDIO : VIDEO;
            for (Codec c : m.codecs()) {
                if (wanted.contains(c.name().toLowerCase(Locale.ROOT))) {
                    usable = true;
                }
            }
        }
        if (!usable) {
            throw new WhipException(HttpResponseStatus.NOT_ACCEPTABLE, "no supported codec offered (Opus, VP8, H.264)");
        }
        return offer;
    }
}
