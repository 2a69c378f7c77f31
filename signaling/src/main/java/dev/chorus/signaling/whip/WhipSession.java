package dev.chorus.signaling.whip;

import dev.chorus.signaling.room.Participant;
import dev.chorus.signaling.room.Room;
import java.util.UUID;

/** One WHIP or WHEP resource: the participant behind it and its entity tag (changes on ICE restarts). */
final class WhipSession {
    final String id = UUID.randomUUID().toString();
    final Kind kind;
    final Room room;
    final Participant participant;
    volatile String etag = newEtag();
    /** {@link System#nanoTime()} since the transport is not connected, or 0 while it is (reaper thread). */
    long downSince;

    WhipSession(Kind kind, Room room, Participant participant) {
        this.kind = kind;
        this.room = room;
        this.participant = participant;
    }

    String location() {
        return kind.prefix + room.id() + "/" + id;
    }

    static String newEtag() {
        return "\"" + UUID.randomUUID().toString().substring(0, 13) + "\"";
    }
}
