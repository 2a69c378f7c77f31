package dev.chorus.signaling.room;

import dev.chorus.media.forwarding.StreamContinuation;
import dev.chorus.media.sfu.CodecParams;
import dev.chorus.media.sfu.Consumer;
import dev.chorus.media.sfu.MediaKind;
import dev.chorus.media.sfu.Producer;
import java.util.List;

/**
 * One m-line of a participant's session and what the server does with it: receive the
 * participant's track (PUBLISH), send someone else's track (ASSIGNED), wait for one (FREE), stay
 * inactive for good (RETIRED: its track ended; m-lines are never reused) or refuse it (REJECTED).
 * A receiver that cannot renegotiate (a WHEP viewer, {@link FixedReceivers}) instead reuses RETIRED
 * m-lines, and one that offered before any track existed holds them RESERVED: answered sendonly under
 * SSRCs and a codec chosen up front, waiting for the first track.
 */
final class MediaSlot {
    enum Role { PUBLISH, FREE, ASSIGNED, RETIRED, RESERVED, REJECTED }

    final String mid;
    final String kind;
    Role role;
    CodecParams codec;
    Producer producer;
    Consumer consumer;
    String sourceParticipantId;
    /** ASSIGNED: the SSRCs we send with (rtxSsrc 0 when the receiver did not negotiate RTX). */
    long ssrc;
    long rtxSsrc;
    /** RETIRED on a receiver that cannot renegotiate: where its stream stopped, for the next track. */
    StreamContinuation continuation;
    /** PUBLISH: the encodings and how their a=rid / a=simulcast lines are answered. */
    PublisherLayers.Plan layers;
    /** PUBLISH: the rids last sent in a `layers` message, so repeats are not sent again. */
    List<String> activeRids;

    MediaSlot(String mid, String kind, Role role) {
        this.mid = mid;
        this.kind = kind;
        this.role = role;
    }

    MediaKind mediaKind() {
        return MediaKind.of(kind);
    }

    boolean isMedia() {
        return "audio".equals(kind) || "video".equals(kind);
    }
}
