package dev.chorus.signaling.room;

import dev.chorus.signaling.protocol.PeerChannel;
import dev.chorus.signaling.protocol.SignalingError;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A participant whose WebSocket dropped stays in the room for the grace period, media untouched, and
 * can take its place again from a new socket with its resume token (docs/protocol.md, WebSocket drop).
 * Room thread only.
 */
final class Reconnection {
    private static final Logger LOG = LoggerFactory.getLogger(Reconnection.class);
    /** A dropped participant's channel: what it misses, the {@code resumed} snapshot re-syncs. */
    private static final PeerChannel DETACHED = message -> { };

    private final Room room;
    private final ResumeSessions sessions;

    Reconnection(Room room, ResumeSessions sessions) {
        this.room = room;
        this.sessions = sessions;
    }

    /** {@code channel}, the participant's socket, closed without {@code leave}. */
    void detach(Participant p, PeerChannel channel) {
        if (p.left || p.channel != channel) {
            return; // already gone, or already resumed on another socket
        }
        p.channel = DETACHED;
        int grace = sessions.graceSeconds();
        if (grace == 0) {
            room.leave(p);
            return;
        }
        p.connected = false;
        long drop = ++p.drops;
        p.graceTimer = sessions.schedule(() -> room.tryExecute(() -> expire(p, drop)), grace);
        LOG.info("room {}: {} ({}) dropped, resumable for {} s", room.id(), p.name, p.id, grace);
        Roster.broadcastUpdate(room, p);
    }

    private void expire(Participant p, long drop) {
        if (p.left || p.connected || p.drops != drop) {
            return; // resumed in the meantime
        }
        LOG.info("room {}: {} ({}) did not resume within {} s", room.id(), p.name, p.id, sessions.graceSeconds());
        room.leave(p);
    }

    /**
     * Re-attaches {@code p} to {@code channel}: spends {@code token}, sends {@code resumed} with a new one,
     * tells the others it is back. Also works while the old socket still looks open to us (a half-open TCP
     * connection the client already gave up on).
     *
     * @return the channel {@code p} had until now if it was still attached (the caller closes it), else null
     */
    PeerChannel resume(Participant p, PeerChannel channel, String token, Consumer<Participant> attach)
            throws SignalingError {
        if (p.left || !sessions.spend(token, p)) {
            throw new SignalingError("resume-failed", "unknown, spent or expired resume token: join afresh");
        }
        attach.accept(p);
        PeerChannel previous = p.channel;
        p.channel = channel;
        if (p.graceTimer != null) {
            p.graceTimer.cancel(false);
            p.graceTimer = null;
        }
        boolean wasDropped = !p.connected;
        p.connected = true;
        channel.send(Roster.welcome("resumed", room, p, sessions.issue(p)));
        room.sendSpeaker(channel);
        if (wasDropped) {
            Roster.broadcastUpdate(room, p);
        }
        LOG.info("room {}: {} ({}) resumed", room.id(), p.name, p.id);
        return previous == DETACHED ? null : previous;
    }

    /** {@code p} left (by {@code leave}, grace expiry or room close): its token and timer go. */
    void onLeft(Participant p) {
        sessions.revoke(p);
        if (p.graceTimer != null) {
            p.graceTimer.cancel(false);
            p.graceTimer = null;
        }
    }
}
