package dev.chorus.signaling.lobby;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.room.Participant;
import dev.chorus.signaling.ws.Connection;

/**
 * Someone in the lobby: one per socket that sent {@code lobby-enter}, until {@code lobby-leave} or the
 * socket closes. The call fields belong to the lobby thread.
 */
public final class LobbyUser {
    private final String id;
    private final String name;
    private final Connection connection;
    private final Lobby lobby;
    /** The call this user is ringing in, or accepted and has not yet left the room of; null when available. */
    Call call;
    /** Whether this user's socket has been seen in the room of their accepted {@link #call}. */
    boolean inCallRoom;

    LobbyUser(String id, String name, Connection connection, Lobby lobby) {
        this.id = id;
        this.name = name;
        this.connection = connection;
        this.lobby = lobby;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** {@code in-call} from ringing until they leave the call's room, else {@code available}. */
    String status() {
        return call != null ? "in-call" : "available";
    }

    Connection connection() {
        return connection;
    }

    void send(ObjectNode message) {
        connection.send(message);
    }

    boolean isConnected() {
        return connection.isActive();
    }

    /** Whether this user's socket is in {@code roomId} now. */
    boolean isInRoom(String roomId) {
        Participant p = connection.participant();
        return p != null && !p.hasLeft() && p.room().id().equals(roomId);
    }

    /**
     * The socket joined or left a room (any thread; the connection calls it after the change): the lobby
     * re-reads where the socket is, which is how leaving a call's room makes its users available again.
     */
    public void roomChanged() {
        lobby.execute(() -> lobby.calls().roomChanged(this));
    }

    @Override
    public String toString() {
        return name + " (" + id + ")";
    }
}
