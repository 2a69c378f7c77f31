package dev.chorus.signaling.lobby;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lobby's switchboard (lobby thread only): rings, answers, ends calls, and keeps both users
 * {@code in-call} from the first ring until each has left the call's room. Requests arrive validated
 * ({@link LobbyRequests}); this class only applies them.
 */
final class Calls {
    private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

    private final Lobby lobby;
    private final CallRooms rooms;
    private final Duration ringTimeout;
    /** Calls still ringing, by id: the only ones {@code call-accept/-reject/-cancel} may name. */
    private final Map<String, Call> ringing = new HashMap<>();

    Calls(Lobby lobby, CallRooms rooms, Duration ringTimeout) {
        this.lobby = lobby;
        this.rooms = rooms;
        this.ringTimeout = ringTimeout;
    }

    /** The ringing call with this id, or null (unknown, or already answered or ended). */
    Call ringingCall(String callId) {
        return ringing.get(callId);
    }

    /** {@code caller} rings {@code callee}; if either is already in a call, the caller gets {@code busy}. */
    void ring(LobbyUser caller, LobbyUser callee, CallMedia media) {
        String callId = UUID.randomUUID().toString();
        if (caller.call != null || callee.call != null) {
            caller.send(LobbyMessages.ended(callId, "busy"));
            return;
        }
        Call call = new Call(callId, caller.id(), callee.id(), media);
        ringing.put(callId, call);
        caller.call = call;
        callee.call = call;
        caller.inCallRoom = false;
        callee.inCallRoom = false;
        call.setTimer(lobby.schedule(() -> end(call, Call.State.NO_ANSWER), ringTimeout));
        caller.send(LobbyMessages.ringing(call));
        callee.send(LobbyMessages.incoming(call, caller));
        lobby.presenceChanged(caller);
        lobby.presenceChanged(callee);
        LOG.info("lobby: call {} {} → {} ({}) ringing", callId, caller, callee, media.json());
    }

    /** The callee accepted: a room is created and both are told to join it; each has a while to do so. */
    void accept(Call call) {
        if (!call.ringing()) {
            return;
        }
        String roomId = rooms.open();
        call.accept(roomId);
        ringing.remove(call.id());
        ObjectNode msg = LobbyMessages.accepted(call);
        for (LobbyUser u : parties(call)) {
            u.send(msg);
        }
        // a side that never joins (a client fault) must not stay in-call forever
        call.setTimer(lobby.schedule(() -> joinDeadline(call), ringTimeout));
        LOG.info("lobby: call {} accepted, room {}", call.id(), roomId);
    }

    /** Ends a ringing call (a no-op for one already answered): both get {@code call-ended} and are available again. */
    void end(Call call, Call.State reason) {
        if (!call.end(reason)) {
            return;
        }
        ringing.remove(call.id());
        ObjectNode msg = LobbyMessages.ended(call.id(), reason.reason);
        List<LobbyUser> both = parties(call);
        for (LobbyUser u : both) {
            u.call = null;
            u.send(msg);
        }
        // presence after call-ended: neither side hears the other is available before the call is over
        for (LobbyUser u : both) {
            lobby.presenceChanged(u);
        }
        LOG.info("lobby: call {} ended: {}", call.id(), reason.reason);
    }

    /** {@code u} has left the lobby (and is no longer listed): a ringing call ends {@code gone}. */
    void userLeft(LobbyUser u) {
        Call call = u.call;
        if (call == null) {
            return;
        }
        u.call = null;
        if (call.ringing()) {
            u.send(LobbyMessages.ended(call.id(), Call.State.GONE.reason)); // a lobby-leave: their socket is still open
            end(call, Call.State.GONE);
        } else {
            closeRoomIfDone(call);
        }
    }

    /** The socket of {@code u} joined or left a room: leaving the call's room makes them available. */
    void roomChanged(LobbyUser u) {
        Call call = u.call;
        if (call == null || call.roomId() == null || !lobby.contains(u)) {
            return;
        }
        if (!u.isConnected()) {
            return; // the socket closed: it leaves the lobby next, with presence-left instead
        }
        if (u.isInRoom(call.roomId())) {
            u.inCallRoom = true;
        } else if (u.inCallRoom) {
            release(u, call);
        }
    }

    /** An accepted call's join window is over: whoever is not in its room is available again. */
    private void joinDeadline(Call call) {
        for (LobbyUser u : parties(call)) {
            if (u.isInRoom(call.roomId())) {
                u.inCallRoom = true;
            } else {
                release(u, call);
            }
        }
    }

    private void release(LobbyUser u, Call call) {
        u.call = null;
        u.inCallRoom = false;
        lobby.presenceChanged(u);
        closeRoomIfDone(call);
    }

    /** Once neither side is with the call any more, its room goes away when empty. */
    private void closeRoomIfDone(Call call) {
        if (parties(call).isEmpty()) {
            call.cancelTimer();
            rooms.closeWhenEmpty(call.roomId());
        }
    }

    /** The call's users who are in the lobby and still with this call. */
    private List<LobbyUser> parties(Call call) {
        List<LobbyUser> out = new ArrayList<>(2);
        for (String id : new String[] {call.callerId(), call.calleeId()}) {
            LobbyUser u = lobby.user(id);
            if (u != null && u.call == call) {
                out.add(u);
            }
        }
        return out;
    }
}
