package dev.chorus.signaling.room;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.protocol.Messages;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A room's chat: numbers messages (ids rise by one per room) and keeps the most recent ones for people
 * who join or resume later. Room thread only, which is also what gives every receiver one order.
 */
final class ChatHistory {
    /** docs/protocol.md: {@code joined.chat} holds at most this many. */
    static final int KEEP = 50;

    /** One message as sent; text is stored and sent verbatim (clients render it as text). */
    record Message(long id, String participantId, String name, String text, long ts) {
        ObjectNode toJson() {
            ObjectNode n = Messages.JSON.createObjectNode();
            n.put("id", id);
            n.put("participantId", participantId);
            n.put("name", name);
            n.put("text", text);
            n.put("ts", ts);
            return n;
        }
    }

    private final Deque<Message> recent = new ArrayDeque<>();
    private long lastId;

    Message add(String participantId, String name, String text, long ts) {
        Message m = new Message(++lastId, participantId, name, text, ts);
        recent.addLast(m);
        if (recent.size() > KEEP) {
            recent.removeFirst();
        }
        return m;
    }

    /** The kept messages, oldest first. */
    ArrayNode toJson() {
        ArrayNode a = Messages.JSON.createArrayNode();
        recent.forEach(m -> a.add(m.toJson()));
        return a;
    }
}
