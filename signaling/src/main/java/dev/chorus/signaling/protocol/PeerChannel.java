package dev.chorus.signaling.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where messages for one participant go (a WebSocket today); must not block. */
public interface PeerChannel {
    void send(ObjectNode message);
}
