package dev.chorus.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Handles one client → server message type on the event loop: validates it, answers errors at once and
 * hands real work to the room's (or lobby's) own thread. Must never block.
 */
@FunctionalInterface
public interface RequestHandler {
    void handle(Connection c, JsonNode msg);
}
