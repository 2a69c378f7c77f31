package dev.chorus.signaling.room;

import dev.chorus.signaling.ice.ClientIceServers;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.protocol.Messages;

/** Who is in a room and how they are, as clients see it: {@code joined}/{@code resumed}, {@code participant-*}. */
final class Roster {
    private Roster() {}

    /** {@code {participantId, name, audio, video, screen, connection}}. */
    static ObjectNode entry(Participant p) {
        ObjectNode n = Messages.participant(p.id, p.name);
        MediaState m = p.media;
        n.put("audio", m.audio());
        n.put("video", m.video());
        n.put("screen", m.screen());
        n.put("connection", p.connected ? "connected" : "reconnecting");
        return n;
    }

    /**
     * Room thread: {@code joined} or {@code resumed} for {@code p}, a full snapshot of the room (the others,
     * recent chat) so that a resumed client re-syncs whatever it missed while its socket was gone.
     */
    static ObjectNode welcome(String type, Room room, Participant p, String resumeToken) {
        ObjectNode n = Messages.of(type);
        n.put("participantId", p.id);
        n.put("roomId", room.id());
        n.put("mode", room.mode().json());
        ArrayNode others = n.putArray("participants");
        for (Participant o : room.present()) {
            if (o != p && !o.hidden) {
                others.add(entry(o));
            }
        }
        n.put("resumeToken", resumeToken);
        n.put("resumeGraceSeconds", room.sessions().graceSeconds());
        n.set("chat", room.chat().toJson());
        n.set("iceServers", ClientIceServers.toJson(room.iceServers().issue(p.id)));
        return n;
    }

    /** Room thread: tells everyone but {@code p} how {@code p} is now ({@code participant-updated}). */
    static void broadcastUpdate(Room room, Participant p) {
        if (p.hidden) {
            return;
        }
        ObjectNode msg = Messages.of("participant-updated");
        msg.set("participant", entry(p));
        for (Participant o : room.present()) {
            if (o != p) {
                o.channel.send(msg);
            }
        }
    }
}
