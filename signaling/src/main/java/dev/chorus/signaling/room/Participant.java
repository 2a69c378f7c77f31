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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A person in a room: their signaling channel, media transport and m-line bookkeeping. */
public final class Participant {
    final String id;
    final String name;
    /**
     * Where this participant's messages go: its WebSocket, a drop-everything channel while that socket
     * is gone, a new socket after {@code resume} (see {@link Reconnection}). Written on the room thread.
     */
    volatile PeerChannel channel;
    final Room room;
    volatile WebRtcTransport transport;
    final List<MediaSlot> slots = new ArrayList<>();
    final Map<String, MediaSlot> slotsByMid = new HashMap<>();
    /** Producers this participant should receive but has no m-line for yet. */
    final Deque<Producer> pending = new ArrayDeque<>();
    long answerVersion;
    /** The last offer (room thread only); null before the first. */
    dev.chorus.signaling.sdp.SessionDescription offer;
    /** The ICE credentials of the last offer (room thread only); null before the first. */
    OfferIce.Remote remoteIce;
    /** The participant whose video this one pinned, or null (room thread only). */
    String pinned;
    volatile boolean left;
    /**
     * A viewer nobody sees (WHEP): not in rosters, describe() or the composite, no joined/left
     * announcements; it receives like anyone.
     */
    final boolean hidden;
    /** False for a WHIP publisher: it has no m-line to receive on, so it gets no tracks and no MCU mix. */
    final boolean receives;

    // ---- people, chat and status (docs/protocol.md); room thread unless noted ----
    /** Volatile: the public accessors below may be called from any thread. */
    volatile MediaState media = MediaState.NONE;
    /** False while the socket is gone and the participant waits to be resumed. */
    volatile boolean connected = true;
    /** The key of its resume token in {@link ResumeSessions}, or null. */
    String resumeKey;
    /** Ends the grace period of a dropped socket; null while connected. */
    ScheduledFuture<?> graceTimer;
    /** Counts drops, so that a stale grace timer recognizes it is not about the current one. */
    long drops;
    final RateLimit chatLimit = new RateLimit(10, TimeUnit.SECONDS.toNanos(5));
    final RateLimit statsLimit = new RateLimit(2, TimeUnit.SECONDS.toNanos(1));
    /** The latest {@code client-stats}, or null; any thread may read it. */
    volatile ClientStatsSample clientStats;

    Participant(String id, String name, PeerChannel channel, Room room) {
        this(id, name, channel, room, false);
    }

    Participant(String id, String name, PeerChannel channel, Room room, boolean hidden) {
        this(id, name, channel, room, hidden, true);
    }

    Participant(String id, String name, PeerChannel channel, Room room, boolean hidden, boolean receives) {
        this.hidden = hidden;
        this.receives = receives;
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

    /** The client's latest own measurements ({@code client-stats}), or null if it sent none yet. */
    public ClientStatsSample clientStats() {
        return clientStats;
    }

    public MediaState mediaState() {
        return media;
    }

    /** False while its socket is gone and it may still resume. */
    public boolean isConnected() {
        return connected;
    }

    /** Its media transport's state, or null before its first offer; any thread. */
    public dev.chorus.media.sfu.TransportState transportState() {
        WebRtcTransport t = transport;
        return t == null ? null : t.state();
    }

    public boolean hasLeft() {
        return left;
    }
}
