package dev.chorus.signaling.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.protocol.SignalingError;

/**
 * People, chat and status in a room (docs/protocol.md): {@code media-state}, {@code chat},
 * {@code client-stats}. Input arrives validated; rate limits are applied here, per participant, so they
 * hold across a resumed socket. Room thread only.
 */
final class RoomStatus {
    private RoomStatus() {}

    static void mediaState(Room room, Participant p, MediaState state) {
        if (state.equals(p.media)) {
            return; // unchanged: no broadcast
        }
        p.media = state;
        Roster.broadcastUpdate(room, p);
    }

    /** @param receivedNanos when the message arrived ({@link System#nanoTime()}), for the rate limit */
    static void chat(Room room, Participant p, String text, long receivedNanos) throws SignalingError {
        if (!p.chatLimit.tryAcquire(receivedNanos)) {
            throw new SignalingError("rate-limited", "at most 10 chat messages per 5 seconds");
        }
        ChatHistory.Message m = room.chat().add(p.id, p.name, text, System.currentTimeMillis());
        ObjectNode msg = Messages.of("chat");
        msg.set("message", m.toJson());
        // one thread numbers and sends: every receiver sees the ids in the same, rising order
        for (Participant o : room.present()) {
            o.channel.send(msg);
        }
    }

    static void clientStats(Participant p, ClientStatsSample sample, long receivedNanos) throws SignalingError {
        if (!p.statsLimit.tryAcquire(receivedNanos)) {
            throw new SignalingError("rate-limited", "at most 2 client-stats per second");
        }
        p.clientStats = sample;
        var transport = p.transport;
        if (sample.freezeCount() != null && transport != null) {
            transport.onRenderReport(sample.freezeCount());
        }
    }
}
