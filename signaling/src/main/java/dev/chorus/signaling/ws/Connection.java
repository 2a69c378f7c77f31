package dev.chorus.signaling.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.lobby.LobbyUser;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.protocol.PeerChannel;
import dev.chorus.signaling.room.Participant;
import dev.chorus.signaling.server.ServerCounters;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * One WebSocket connection's state, shared by the request handlers of that connection: the channel,
 * the participant it joined as (at most one at a time), its lobby user and how to answer. Replies never
 * block.
 */
public final class Connection implements PeerChannel {
    private final Channel channel;
    private final ServerCounters counters;
    private volatile Participant participant;
    private volatile boolean joining;
    private volatile LobbyUser lobbyUser;

    Connection(Channel channel, ServerCounters counters) {
        this.channel = channel;
        this.counters = counters;
    }

    public Channel channel() {
        return channel;
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** The participant this connection is, or null before join / after leave. */
    public Participant participant() {
        return participant;
    }

    void setParticipant(Participant p) {
        participant = p;
        LobbyUser u = lobbyUser;
        if (u != null) {
            u.roomChanged(); // leaving a call's room makes the user available in the lobby
        }
    }

    /** The lobby user this connection entered as, or null (written on the lobby thread). */
    public LobbyUser lobbyUser() {
        return lobbyUser;
    }

    public void setLobbyUser(LobbyUser u) {
        lobbyUser = u;
    }

    boolean joining() {
        return joining;
    }

    void setJoining(boolean j) {
        joining = j;
    }

    @Override
    public void send(ObjectNode message) {
        if (channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame(message.toString()));
        }
    }

    /** Answers a failed request with an {@code error} message and counts it by code. */
    public void error(String code, String message, String requestType) {
        counters.countError(code);
        send(Messages.error(code, message, requestType));
    }

    /**
     * The joined participant, or null after answering {@code not-joined} to {@code requestType}: the
     * check every in-room request starts with.
     */
    public Participant requireJoined(String requestType) {
        Participant p = participant;
        if (p == null) {
            error("not-joined", "join a room first", requestType);
        }
        return p;
    }

    static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
