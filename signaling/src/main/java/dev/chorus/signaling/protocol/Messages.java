package dev.chorus.signaling.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/** Builders for server → client messages (docs/protocol.md). */
public final class Messages {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {}

    public static ObjectNode of(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    public static ObjectNode error(String code, String message, String requestType) {
        ObjectNode n = of("error");
        n.put("code", code);
        n.put("message", message);
        if (requestType != null) {
            n.put("requestType", requestType);
        }
        return n;
    }

    public static ObjectNode participant(String id, String name) {
        ObjectNode n = JSON.createObjectNode();
        n.put("participantId", id);
        n.put("name", name);
        return n;
    }

    public static ArrayNode array(Collection<ObjectNode> items) {
        ArrayNode a = JSON.createArrayNode();
        items.forEach(a::add);
        return a;
    }
}
