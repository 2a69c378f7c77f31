package dev.chorus.signaling.room;

import dev.chorus.media.sfu.MediaKind;
import dev.chorus.media.sfu.ProducerParams;
import dev.chorus.signaling.sdp.Codec;
import dev.chorus.signaling.sdp.MediaDescription;
import java.util.List;

/** Turns a sending m-line of an offer into a PUBLISH slot and its producer. */
final class PublisherSetup {
    private PublisherSetup() {}

    /** The producer's parameters, or null when the m-line has no codec we can forward. */
    static ProducerParams params(Participant p, MediaDescription m, MediaSlot slot, boolean screenShare) {
        Codec chosen = CodecMatcher.choosePublishCodec(m);
        if (chosen == null) {
            return null;
        }
        slot.codec = CodecMatcher.toParams(m, chosen);
        slot.layers = PublisherLayers.plan(m);
        return new ProducerParams(m.mid(), MediaKind.of(m.kind()), m.kind() + "-" + p.id.substring(0, 8) + "-" + m.mid(),
                List.of(slot.codec), AnswerBuilder.extensionMap(AnswerBuilder.publisherExtensions(m, p.room.publisherTransportCc())),
                slot.layers.layers(), screenShare && MediaDescription.VIDEO.equals(m.kind()));
    }
}
