package dev.chorus.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.lobby.CallMedia;
import dev.chorus.signaling.room.CallMediaAnnouncement;
import dev.chorus.signaling.room.Participant;

/** {@code call-media} {@code {media: "video"|"voice"}}: in a room, switches the call's media for everyone. */
final class CallMediaRequest {
    private CallMediaRequest() {}

    static void handle(Connection c, JsonNode msg) {
        Participant p = c.requireJoined("call-media");
        if (p == null) {
            return;
        }
        CallMedia media = msg.path("media").isTextual() ? CallMedia.parse(msg.path("media").asText()) : null;
        if (media == null) {
            c.error("bad-request", "call-media needs 'media': \"video\" or \"voice\"", "call-media");
            return;
        }
        RoomRequests.inRoom(c, p, "call-media", () -> CallMediaAnnouncement.announce(p, media.json()));
    }
}
