package dev.chorus.signaling.room;

import dev.chorus.media.sfu.Producer;
import dev.chorus.media.sfu.WebRtcTransport;
import dev.chorus.signaling.protocol.PeerChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A person in a room: their signaling channel, media transport and m-line bookkeeping. */
public final class Participant {
    final String id;
    final String name;
    final PeerChannel channel;
    final Room room;
    WebRtcTransport transport;
    final List<MediaSlot> slots = new ArrayList<>();
    final Map<String, MediaSlot> slotsByMid = new HashMap<>();
    /** Producers this participant should receive but has no m-line for yet. */
    final Deque<Producer> pending = new ArrayDeque<>();
    long answerVersion;
    /** The ICE credentials of the last offer (room thread only); null before the first. */
    OfferIce.Remote remoteIce;
    /** The participant whose video this one pinned, or null (room thread only). */
    String pinned;
    volatile boolean left;

    Participant(String id, String name, PeerChannel channel, Room room) {
        this.id = id;
        this.name = name;
        this.channel = channel;
        this.room = room;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Room room() {
        return room;
    }

    /** The tracks this participant publishes now (room thread). */
    List<Producer> publishedProducers() {
        List<Producer> out = new ArrayList<>();
        for (MediaSlot s : slots) {
            if (s.role == MediaSlot.Role.PUBLISH && s.producer != null) {
                out.add(s.producer);
            }
        }
        return out;
    }

    public boolean hasLeft() {
        return left;
    }
}
