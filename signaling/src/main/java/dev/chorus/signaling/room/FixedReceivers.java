package dev.chorus.signaling.room;

import dev.chorus.media.sfu.CodecParams;
import dev.chorus.media.sfu.Consumer;
import dev.chorus.media.sfu.ConsumerParams;
import dev.chorus.media.sfu.Producer;
import dev.chorus.signaling.sdp.Codec;
import dev.chorus.signaling.sdp.MediaDescription;
import dev.chorus.signaling.sdp.SessionDescription;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receivers that cannot renegotiate (WHEP viewers): their m-lines are fixed by their one offer, so when
 * the track behind one of their sending m-lines ends, another waiting track of the same kind and codec
 * is consumed on that m-line under the same SSRC (the answer already announced it) instead of asking
 * for a new offer, continuing the old stream's sequence numbers and timestamps (a jump there can stop
 * the viewer's decoder for good). m-lines that had nothing at offer time are {@link #reserve reserved}
 * and filled the same way when a track comes. Room thread.
 */
final class FixedReceivers {
    private static final Logger LOG = LoggerFactory.getLogger(FixedReceivers.class);

    private FixedReceivers() {}

    /** Whether {@code p} is such a receiver. */
    static boolean applies(Participant p) {
        return p.hidden;
    }

    /**
     * Answers {@code p}'s m-lines that got no track at offer time (it came before any publisher) as
     * sendonly under SSRCs and the codec we would send (Opus; VP8, else H.264 mode 1), so that the
     * first matching track that appears is sent there; without this they would be inactive for good.
     */
    static void reserve(Participant p, SessionDescription offer) {
        for (MediaSlot s : p.slots) {
            if (s.role != MediaSlot.Role.FREE) {
                continue;
            }
            MediaDescription m = offer.mediaByMid(s.mid).orElse(null);
            Codec c = m == null ? null : CodecMatcher.choosePublishCodec(m);
            if (c == null) {
                continue;
            }
            CodecParams codec = CodecMatcher.toParams(m, c);
            ConsumerParams params = SlotAssigner.consumerParams(m, codec);
            s.role = MediaSlot.Role.RESERVED;
            s.codec = codec;
            s.ssrc = params.ssrc();
            s.rtxSsrc = params.rtxSsrc();
        }
    }

    /** Gives {@code p}'s idle m-lines (a track ended there, or reserved) the tracks it waits for. */
    static void refill(Room room, Participant p) {
        if (p.transport == null || p.offer == null) {
            return;
        }
        for (MediaSlot s : p.slots) {
            boolean idle = s.role == MediaSlot.Role.RETIRED || s.role == MediaSlot.Role.RESERVED;
            if (!idle || s.ssrc == 0 || s.codec == null) {
                continue;
            }
            MediaDescription m = p.offer.mediaByMid(s.mid).orElse(null);
            if (m == null) {
                continue;
            }
            for (Iterator<Producer> it = p.pending.iterator(); it.hasNext(); ) {
                Producer prod = it.next();
                String owner = room.ownerOf(prod);
                if (owner == null) {
                    it.remove();
                    continue;
                }
                if (!s.kind.equals(prod.kind().sdpName())) {
                    continue;
                }
                SlotAssigner.Fit fit = SlotAssigner.fit(room, prod, m);
                if (fit.codecs().stream().noneMatch(c -> c.payloadType() == s.codec.payloadType())) {
                    continue; // the m-line's negotiated codec cannot carry this track
                }
                Producer sent = fit.sent();
                Consumer c = p.transport.consume(sent, SlotAssigner.consumerParams(m, s.codec, s.ssrc, s.rtxSsrc,
                        s.continuation)).join();
                s.continuation = null;
                s.role = MediaSlot.Role.ASSIGNED;
                s.producer = sent;
                s.consumer = c;
                s.sourceParticipantId = owner;
                it.remove();
                LOG.info("room {}: {} ({}) now receives {} on mid {}", room.id(), p.name, p.id, sent.trackId(), s.mid);
                break;
            }
        }
    }
}
