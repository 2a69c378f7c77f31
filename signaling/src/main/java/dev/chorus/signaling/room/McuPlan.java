package dev.chorus.signaling.room;

import dev.chorus.compositor.room.RoomCompositor;
import dev.chorus.media.sfu.CodecParams;
import dev.chorus.media.sfu.MediaKind;
import dev.chorus.media.sfu.Producer;
import dev.chorus.signaling.sdp.MediaDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who consumes what in an MCU room. The media core has no MCU special case: in MCU mode the room's
 * {@link RoomCompositor} taps every published track and produces the composite (one simulcast-like
 * video producer per codec) and one audio mix per participant; each participant then receives exactly
 * those two, the composite in VP8 or, when their m-line takes only that, H.264. Switching modes retires every receiving m-line and hands each participant the other mode's
 * producers, which the ordinary renegotiation delivers without a rejoin. Room thread only.
 */
final class McuPlan {
    private static final Logger LOG = LoggerFactory.getLogger(McuPlan.class);
    /** The stream id (msid) receivers see on the composite and their mix: one "participant" tile. */
    static final String COMPOSITE_STREAM = "mcu";

    private final Room room;
    private RoomCompositor compositor;

    McuPlan(Room room) {
        this.room = room;
    }

    boolean active() {
        return compositor != null;
    }

    RoomCompositor compositor() {
        return compositor;
    }

    /** Whether {@code prod} is the composite or a mix (its owner is the MCU, not a participant). */
    boolean owns(Producer prod) {
        return compositor != null && compositor.produced(prod);
    }

    /** SFU → MCU: start the compositor with everyone, then give everyone the composite and their mix. */
    void enter() {
        if (compositor != null) {
            return;
        }
        compositor = RoomCompositor.start(room.router(), room.id());
        for (Participant p : room.present()) {
            addToCompositor(p);
        }
        for (Participant p : room.present()) {
            room.retireReceiving(p);
            p.pending.clear();
            subscribe(p);
        }
        LOG.info("room {}: MCU on, {} participants composited", room.id(), room.present().size());
    }

    /** MCU → SFU: everyone receives everyone else's tracks again; the compositor stops. */
    void exit() {
        if (compositor == null) {
            return;
        }
        RoomCompositor c = compositor;
        compositor = null; // the mixes closing below are MCU business, not departures
        for (Participant p : room.present()) {
            room.retireReceiving(p);
            p.pending.clear();
            for (Participant o : room.present()) {
                if (o != p && p.receives) {
                    p.pending.addAll(o.publishedProducers());
                }
            }
            room.requestRenegotiation(p);
        }
        c.close();
        LOG.info("room {}: MCU off", room.id());
    }

    /** A participant joined an MCU room: composite them, send them the composite and their mix. */
    void onJoined(Participant p) {
        addToCompositor(p);
        subscribe(p);
    }

    /** A participant published {@code prod} in an MCU room: it goes into the composite / mixes. */
    void onPublished(Participant p, Producer prod) {
        if (prod.kind() == MediaKind.VIDEO) {
            compositor.setVideo(p.id, prod);
        } else {
            compositor.setAudio(p.id, prod);
        }
    }

    /** A participant stopped publishing {@code prod}. */
    void onUnpublished(Participant p, Producer prod) {
        if (prod.kind() == MediaKind.VIDEO) {
            compositor.setVideo(p.id, null);
        } else {
            compositor.setAudio(p.id, null);
        }
    }

    void onLeft(Participant p) {
        compositor.removeParticipant(p.id);
    }

    void onActiveSpeaker(String participantId) {
        if (compositor != null) {
            compositor.setActiveSpeaker(participantId);
        }
    }

    /** Ends the compositor with the room. */
    void close() {
        if (compositor != null) {
            compositor.close();
            compositor = null;
        }
    }

    /**
     * The composite for a receiver's m-line {@code m}: in the first of the compositor's codecs that
     * {@code m} accepts (VP8, else H.264, whose encoders start with this receiver). {@code prod}
     * unchanged when it is not the composite (a mix) or {@code m} takes none of them (then skipped).
     */
    Producer compositeFor(Producer prod, MediaDescription m) {
        if (compositor == null || prod.kind() != MediaKind.VIDEO) {
            return prod;
        }
        for (CodecParams format : RoomCompositor.videoFormats()) {
            if (!CodecMatcher.matchingCodecs(m, format, format.fmtp()).isEmpty()) {
                Producer variant = compositor.videoProducer(format.name());
                return variant == null ? prod : variant;
            }
        }
        LOG.info("room {}: mid {} accepts none of the composite's codecs {}", room.id(), m.mid(),
                RoomCompositor.videoFormats().stream().map(CodecParams::name).toList());
        return prod;
    }

    private void addToCompositor(Participant p) {
        if (p.hidden) {
            compositor.addListener(p.id); // a viewer: their mix, no tile
            return;
        }
        compositor.addParticipant(p.id, p.name, p.receives);
        for (Producer prod : p.publishedProducers()) {
            onPublished(p, prod);
        }
    }

    private void subscribe(Participant p) {
        if (!p.receives) {
            return;
        }
        p.pending.add(compositor.videoProducer());
        Producer mix = compositor.mixFor(p.id);
        if (mix != null) {
            p.pending.add(mix);
        }
        if (p.transport != null) {
            room.requestRenegotiation(p);
        }
    }
}
