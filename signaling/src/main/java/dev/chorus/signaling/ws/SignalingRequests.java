package dev.chorus.signaling.ws;

import dev.chorus.signaling.lobby.Lobby;
import dev.chorus.signaling.lobby.LobbyRequests;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.room.RoomManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every client → server message type and its handler, in one table (docs/protocol.md), plus what runs
 * when a connection closes. One instance per server, shared by all connections: handlers keep
 * per-connection state in {@link Connection}, per-room state in the room.
 */
public final class SignalingRequests {
    private final Map<String, RequestHandler> handlers = new HashMap<>();
    private final List<Consumer<Connection>> closeHooks = new ArrayList<>();

    public SignalingRequests(RoomManager rooms, Lobby lobby) {
        RoomRequests room = new RoomRequests(rooms);
        on("join", room::join);
        on("offer", room::offer);
        on("candidate", room::candidate);
        on("render-size", room::renderSize);
        on("pin", room::pin);
        on("leave", room::leave);
        RoomStateRequests state = new RoomStateRequests();
        on("media-state", state::mediaState);
        on("chat", state::chat);
        on("client-stats", state::clientStats);
        ResumeRequests resume = new ResumeRequests(rooms.resumeSessions());
        on("resume", resume::resume);
        onClose(resume::closed); // a closed socket detaches its participant for the grace period
        on("ping", (c, msg) -> c.send(Messages.of("pong")));

        on("call-media", CallMediaRequest::handle);
        LobbyRequests lobbyRequests = new LobbyRequests(lobby);
        on("lobby-enter", lobbyRequests::enter);
        on("lobby-leave", lobbyRequests::leave);
        on("call", lobbyRequests::call);
        on("call-accept", lobbyRequests::accept);
        on("call-reject", lobbyRequests::reject);
        on("call-cancel", lobbyRequests::cancel);
        onClose(lobbyRequests::closed);
    }

    private void on(String type, RequestHandler h) {
        if (handlers.putIfAbsent(type, h) != null) {
            throw new IllegalStateException("two handlers for " + type);
        }
    }

    private void onClose(Consumer<Connection> hook) {
        closeHooks.add(hook);
    }

    /** The handler of {@code type}, or null if there is no such message type. */
    RequestHandler handler(String type) {
        return handlers.get(type);
    }

    void closed(Connection c) {
        for (Consumer<Connection> hook : closeHooks) {
            hook.accept(c);
        }
    }
}
