package dev.chorus.signaling.room;

import dev.chorus.media.forwarding.StreamContinuation;
import dev.chorus.media.rtp.Ssrcs;
import dev.chorus.media.sfu.CodecParams;
import dev.chorus.media.sfu.Consumer;
import dev.chorus.media.sfu.ConsumerParams;
import dev.chorus.media.sfu.Producer;
import dev.chorus.signaling.sdp.Codec;
import dev.chorus.signaling.sdp.MediaDescription;
import dev.chorus.signaling.sdp.SessionDescription;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a receiver's FREE m-lines the producers it waits for: one consumer each, one stream (never
 * simulcast toward receivers), the producer's codec under the receiver's payload type, RTX when the
 * receiver offered it for that codec. A producer that exists in several codecs (the MCU composite)
 * is taken in the one the m-line accepts. Runs on the room thread.
 */
final class SlotAssigner {
    private static final Logger LOG = LoggerFactory.getLogger(SlotAssigner.class);

    private SlotAssigner() {}

    static void assignPending(Room room, Participant p, SessionDescription offer) {
        for (Iterator<Producer> it = p.pending.iterator(); it.hasNext(); ) {
            Producer prod = it.next();
            String owner = room.ownerOf(prod);
            if (owner == null) {
                it.remove();
                continue;
            }
            for (MediaSlot s : p.slots) {
                if (s.role != MediaSlot.Role.FREE || !s.kind.equals(prod.kind().sdpName())) {
                    continue;
                }
                MediaDescription m = offer.mediaByMid(s.mid).orElse(null);
                if (m == null) {
                    continue;
                }
                Fit fit = fit(room, prod, m);
                if (fit.codecs().isEmpty()) {
                    LOG.info("room {}: {} cannot receive {} ({}), skipped", room.id(), p.name, prod.trackId(),
                            fit.sent().params().codecs().get(0).name());
                    it.remove();
                    break;
                }
                assign(p, s, m, fit.sent(), owner, CodecMatcher.toParams(m, fit.codecs().get(0)));
                it.remove();
                break;
            }
        }
    }

    private static void assign(Participant p, MediaSlot s, MediaDescription m, Producer prod, String owner,
                               CodecParams codec) {
        ConsumerParams params = consumerParams(m, codec);
        Consumer c = p.transport.consume(prod, params).join();
        s.role = MediaSlot.Role.ASSIGNED;
        s.producer = prod;
        s.consumer = c;
        s.ssrc = params.ssrc();
        s.rtxSsrc = params.rtxSsrc();
        s.codec = codec;
        s.sourceParticipantId = owner;
        if (owner.equals(p.pinned) && MediaDescription.VIDEO.equals(s.kind)) {
            c.setPinned(true); // pinned before this track arrived (or re-published)
        }
    }

    /**
     * What we send on the receiver's m-line {@code m}: fresh SSRCs (an RTX one only with an RTX payload
     * type), the codec, and the extension ids the answer accepts (transport-cc among them).
     */
    static ConsumerParams consumerParams(MediaDescription m, CodecParams codec) {
        long ssrc = Ssrcs.random(0);
        long rtxSsrc = codec.rtxPayloadType() >= 0 ? Ssrcs.random(ssrc) : 0;
        return consumerParams(m, codec, ssrc, rtxSsrc, null);
    }

    /** The same with SSRCs already announced, continuing {@code from} (null: a fresh stream). */
    static ConsumerParams consumerParams(MediaDescription m, CodecParams codec, long ssrc, long rtxSsrc,
                                         StreamContinuation from) {
        var exts = AnswerBuilder.extensionMap(AnswerBuilder.receiverExtensions(m));
        return new ConsumerParams(m.mid(), ssrc, List.of(codec), exts, rtxSsrc, from);
    }

    /** The variant of a producer an m-line takes, and the m-line's formats that carry its codec. */
    record Fit(Producer sent, List<Codec> codecs) {}

    /** Which variant of {@code prod} (the composite exists in several codecs) {@code m} can receive, and how. */
    static Fit fit(Room room, Producer prod, MediaDescription m) {
        Producer sent = room.variantFor(prod, m);
        CodecParams src = sent.params().codecs().get(0);
        return new Fit(sent, CodecMatcher.matchingCodecs(m, src, src.fmtp()));
    }
}
