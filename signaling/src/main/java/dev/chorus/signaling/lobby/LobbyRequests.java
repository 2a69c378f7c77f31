package dev.chorus.signaling.lobby;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.ws.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lobby's requests: {@code lobby-enter}, {@code lobby-leave}, {@code call}, {@code call-accept},
 * {@code call-reject}, {@code call-cancel}, and the lobby's part of a closing socket. Called on the
 * event loop, each hands the whole request (checks included) to the lobby thread: the checks read
 * lobby state, and one socket's requests and their answers then stay in order.
 */
public final class LobbyRequests {
    private static final Logger LOG = LoggerFactory.getLogger(LobbyRequests.class);
    static final int MAX_NAME = 64;
    /** Ids are UUIDs; anything much longer is not one of ours. */
    static final int MAX_ID = 64;

    private final Lobby lobby;

    public LobbyRequests(Lobby lobby) {
        this.lobby = lobby;
    }

    public void enter(Connection c, JsonNode msg) {
        run(c, "lobby-enter", () -> {
            if (c.lobbyUser() != null) {
                c.error("already-in-lobby", "this connection is already in the lobby", "lobby-enter");
                return;
            }
            String name = msg.path("name").isTextual() ? msg.path("name").asText().strip() : "";
            if (name.isEmpty() || name.length() > MAX_NAME) {
                c.error("bad-request", "lobby-enter needs a 'name' of 1-" + MAX_NAME + " characters", "lobby-enter");
                return;
            }
            lobby.enter(c, name);
        });
    }

    public void leave(Connection c, JsonNode msg) {
        run(c, "lobby-leave", () -> {
            LobbyUser u = requireInLobby(c, "lobby-leave");
            if (u != null) {
                lobby.leave(u);
            }
        });
    }

    /** The socket closed: its user leaves the lobby (a ringing call ends {@code gone}). */
    public void closed(Connection c) {
        lobby.execute(() -> {
            LobbyUser u = c.lobbyUser();
            if (u != null) {
                lobby.leave(u);
            }
        });
    }

    public void call(Connection c, JsonNode msg) {
        run(c, "call", () -> {
            LobbyUser caller = requireInLobby(c, "call");
            if (caller == null) {
                return;
            }
            String userId = id(msg, "userId");
            CallMedia media = msg.path("media").isTextual() ? CallMedia.parse(msg.path("media").asText()) : null;
            if (userId == null || media == null) {
                c.error("bad-request", "call needs a 'userId' and 'media': \"video\" or \"voice\"", "call");
                return;
            }
            if (userId.equals(caller.id())) {
                c.error("bad-request", "you cannot call yourself", "call");
                return;
            }
            LobbyUser callee = lobby.user(userId);
            if (callee == null) {
                c.error("user-not-found", "nobody in the lobby has id '" + userId + "'", "call");
                return;
            }
            lobby.calls().ring(caller, callee, media);
        });
    }

    public void accept(Connection c, JsonNode msg) {
        run(c, "call-accept", () -> {
            Call call = ringingCall(c, msg, "call-accept", Call.Role.CALLEE);
            if (call != null) {
                lobby.calls().accept(call);
            }
        });
    }

    public void reject(Connection c, JsonNode msg) {
        run(c, "call-reject", () -> {
            Call call = ringingCall(c, msg, "call-reject", Call.Role.CALLEE);
            if (call != null) {
                lobby.calls().end(call, Call.State.REJECTED);
            }
        });
    }

    public void cancel(Connection c, JsonNode msg) {
        run(c, "call-cancel", () -> {
            Call call = ringingCall(c, msg, "call-cancel", Call.Role.CALLER);
            if (call != null) {
                lobby.calls().end(call, Call.State.CANCELLED);
            }
        });
    }

    /**
     * The ringing call the request's {@code callId} names, if the sender may answer it as {@code role};
     * else null after the error reply. A call the sender is no party to is {@code unknown-call} to them,
     * like one that does not exist; the wrong side of their own call is a {@code bad-request}.
     */
    private Call ringingCall(Connection c, JsonNode msg, String type, Call.Role role) {
        LobbyUser u = requireInLobby(c, type);
        if (u == null) {
            return null;
        }
        String callId = id(msg, "callId");
        if (callId == null) {
            c.error("bad-request", type + " needs a string 'callId'", type);
            return null;
        }
        Call call = lobby.calls().ringingCall(callId);
        Call.Role actual = call == null ? null : call.roleOf(u.id());
        if (actual == null) {
            c.error("unknown-call", "no ringing call with id '" + callId + "'", type);
            return null;
        }
        if (actual != role) {
            c.error("bad-request", "only the " + (role == Call.Role.CALLER ? "caller" : "callee") + " may send " + type, type);
            return null;
        }
        return call;
    }

    private static LobbyUser requireInLobby(Connection c, String type) {
        LobbyUser u = c.lobbyUser();
        if (u == null) {
            c.error("not-in-lobby", "send lobby-enter first", type);
        }
        return u;
    }

    /** A 1-{@value #MAX_ID} character string field, else null. */
    private static String id(JsonNode msg, String field) {
        JsonNode n = msg.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty() || n.asText().length() > MAX_ID) {
            return null;
        }
        return n.asText();
    }

    /** Runs a request on the lobby thread; an unexpected fault is logged and answered {@code internal}. */
    private void run(Connection c, String type, Runnable request) {
        lobby.execute(() -> {
            try {
                request.run();
            } catch (RuntimeException e) {
                LOG.error("{} failed", type, e);
                c.error("internal", "the request could not be processed", type);
            }
        });
    }
}
