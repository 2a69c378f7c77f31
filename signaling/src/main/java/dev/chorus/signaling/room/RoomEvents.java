package dev.chorus.signaling.room;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.media.sfu.Producer;
import dev.chorus.media.sfu.Router;
import dev.chorus.signaling.protocol.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Media events → signaling messages ({@code active-speaker}, {@code layers}). The router calls on its
 * worker thread, which must never wait: each event is copied and handed to the room's thread, where
 * producers are mapped to participants and m-lines.
 */
final class RoomEvents implements Router.Listener {
    private final Room room;
    /** Room thread only. */
    private String speaker;

    RoomEvents(Room room) {
        this.room = room;
    }

    @Override
    public void onDominantSpeaker(Producer audioProducer) {
        room.tryExecute(() -> speakerChanged(audioProducer));
    }

    @Override
    public void onLayersNeeded(Producer producer, Set<String> activeRids) {
        // the core may reuse its set: copy it here, on the worker thread, before it changes
        List<String> rids = new ArrayList<>();
        if (activeRids != null) {
            for (String r : activeRids) {
                if (r != null) {
                    rids.add(r);
                }
            }
        }
        room.tryExecute(() -> layersNeeded(producer, rids));
    }

    /** The current dominant speaker's participant id, or null (room thread). */
    String speaker() {
        return speaker;
    }

    static ObjectNode speakerMessage(String participantId) {
        ObjectNode n = Messages.of("active-speaker");
        if (participantId == null) {
            n.putNull("participantId");
        } else {
            n.put("participantId", participantId);
        }
        return n;
    }

    private void speakerChanged(Producer audio) {
        // a producer whose owner already left maps to "nobody"
        String id = audio == null ? null : room.ownerOf(audio);
        if (Objects.equals(id, speaker)) {
            return;
        }
        speaker = id;
        room.onActiveSpeaker(id);
        ObjectNode msg = speakerMessage(id);
        for (Participant p : room.present()) {
            p.channel.send(msg);
        }
    }

    private void layersNeeded(Producer producer, List<String> rids) {
        for (Participant p : room.present()) {
            for (MediaSlot s : p.slots) {
                if (s.role != MediaSlot.Role.PUBLISH || s.producer != producer) {
                    continue;
                }
                // legacy SSRC simulcast has no rids the browser could switch
                if (s.layers == null || !s.layers.ridSimulcast()) {
                    return;
                }
                List<String> active = s.layers.layers().stream().map(l -> l.rid()).filter(rids::contains).toList();
                if (active.equals(s.activeRids)) {
                    return;
                }
                s.activeRids = active;
                ObjectNode msg = Messages.of("layers");
                msg.put("mid", s.mid);
                ArrayNode a = msg.putArray("active");
                active.forEach(a::add);
                p.channel.send(msg);
                return;
            }
        }
    }
}
