package dev.chorus.signaling.room;

import dev.chorus.media.sfu.CodecParams;
import dev.chorus.media.sfu.Consumer;
import dev.chorus.media.sfu.ConsumerParams;
import dev.chorus.media.sfu.Producer;
import dev.chorus.signaling.sdp.Codec;
import dev.chorus.signaling.sdp.MediaDescription;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receivers that cannot renegotiate (WHEP viewers): their m-lines are fixed by their one offer, so when
 * the track behind one of their sending m-lines ends, another waiting track of the same kind and codec
 * is consumed on that m-line under the same SSRC (the answer already announced it) instead of asking
 * for a new offer. m-lines that had nothing at offer time were answered inactive and stay so. Room thread.
 */
final class FixedReceivers {
    private static final Logger LOG = LoggerFactory.getLogger(FixedReceivers.class);

    private FixedReceivers() {}

    /** Whether {@code p} is such a receiver. */
    static boolean applies(Participant p) {
        return p.hidden;
    }

    /** Gives {@code p}'s idle, once-assigned m-lines the tracks it waits for. */
    static void refill(Room room, Participant p) {
        if (p.transport == null || p.offer == null) {
            return;
        }
        for (MediaSlot s : p.slots) {
            if (s.role != MediaSlot.Role.RETIRED || s.ssrc == 0 || s.codec == null) {
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
                Producer sent = room.variantFor(prod, m);
                CodecParams src = sent.params().codecs().get(0);
                List<Codec> match = CodecMatcher.matchingCodecs(m, src, src.fmtp());
                if (match.stream().noneMatch(c -> c.payloadType() == s.codec.payloadType())) {
                    continue; // the m-line's negotiated codec cannot carry this track
                }
                var exts = AnswerBuilder.extensionMap(AnswerBuilder.receiverExtensions(m));
                Consumer c = p.transport.consume(sent, new ConsumerParams(s.mid, s.ssrc, List.of(s.codec), exts,
                        s.rtxSsrc)).join();
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
