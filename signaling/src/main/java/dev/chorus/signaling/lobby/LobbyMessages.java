package dev.chorus.signaling.lobby;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.protocol.Messages;
import java.util.Collection;

/** Builders for the lobby's server → client messages (docs/protocol.md, "Lobby and direct calls"). */
final class LobbyMessages {
    private LobbyMessages() {}

    /** {@code {userId, name, status}}: one entry of {@code lobby.users} and {@code presence.user}. */
    static ObjectNode user(LobbyUser u) {
        ObjectNode n = Messages.JSON.createObjectNode();
        n.put("userId", u.id());
        n.put("name", u.name());
        n.put("status", u.status());
        return n;
    }

    static ObjectNode lobby(LobbyUser self, Collection<LobbyUser> others) {
        ObjectNode n = Messages.of("lobby");
        n.put("userId", self.id());
        ArrayNode list = n.putArray("users");
        for (LobbyUser o : others) {
            list.add(user(o));
        }
        return n;
    }

    static ObjectNode presence(LobbyUser u) {
        ObjectNode n = Messages.of("presence");
        n.set("user", user(u));
        return n;
    }

    static ObjectNode presenceLeft(LobbyUser u) {
        ObjectNode n = Messages.of("presence-left");
        n.put("userId", u.id());
        return n;
    }

    static ObjectNode ringing(Call call) {
        ObjectNode n = Messages.of("call-ringing");
        n.put("callId", call.id());
        n.put("userId", call.calleeId());
        n.put("media", call.media().json());
        return n;
    }

    static ObjectNode incoming(Call call, LobbyUser caller) {
        ObjectNode n = Messages.of("incoming-call");
        n.put("callId", call.id());
        ObjectNode from = n.putObject("from");
        from.put("userId", caller.id());
        from.put("name", caller.name());
        n.put("media", call.media().json());
        return n;
    }

    static ObjectNode accepted(Call call) {
        ObjectNode n = Messages.of("call-accepted");
        n.put("callId", call.id());
        n.put("roomId", call.roomId());
        n.put("media", call.media().json());
        return n;
    }

    /** {@code reason}: {@code busy}, or the {@link Call.State#reason} of how the call ended. */
    static ObjectNode ended(String callId, String reason) {
        ObjectNode n = Messages.of("call-ended");
        n.put("callId", callId);
        n.put("reason", reason);
        return n;
    }
}
