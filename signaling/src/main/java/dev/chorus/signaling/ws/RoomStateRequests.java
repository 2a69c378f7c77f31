package dev.chorus.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.room.ClientStatsSample;
import dev.chorus.signaling.room.MediaState;
import dev.chorus.signaling.room.Participant;

/**
 * People, chat and status in a room: {@code media-state}, {@code chat}, {@code client-stats}
 * (docs/protocol.md). Validation here; rate limits and the work on the room thread.
 */
final class RoomStateRequests {
    static final int MAX_CHAT = 1000;

    void mediaState(Connection c, JsonNode msg) {
        Participant p = c.requireJoined("media-state");
        if (p == null) {
            return;
        }
        JsonNode audio = msg.get("audio");
        JsonNode video = msg.get("video");
        JsonNode screen = msg.get("screen");
        if (!isBoolean(audio) || !isBoolean(video) || !isBoolean(screen)) {
            c.error("bad-request", "media-state needs booleans 'audio', 'video' and 'screen'", "media-state");
            return;
        }
        MediaState state = new MediaState(audio.booleanValue(), video.booleanValue(), screen.booleanValue());
        RoomRequests.inRoom(c, p, "media-state", () -> p.room().onMediaState(p, state));
    }

    void chat(Connection c, JsonNode msg) {
        long now = System.nanoTime();
        Participant p = c.requireJoined("chat");
        if (p == null) {
            return;
        }
        JsonNode t = msg.get("text");
        if (t == null || !t.isTextual()) {
            c.error("bad-request", "chat needs a string 'text'", "chat");
            return;
        }
        // kept verbatim but for the trimming: the server never escapes or interprets chat text
        String text = t.asText().strip();
        if (text.isEmpty()) {
            c.error("bad-request", "chat 'text' is empty", "chat");
            return;
        }
        if (text.length() > MAX_CHAT) {
            c.error("message-too-long", "chat 'text' is limited to " + MAX_CHAT + " characters", "chat");
            return;
        }
        RoomRequests.inRoom(c, p, "chat", () -> p.room().onChat(p, text, now));
    }

    void clientStats(Connection c, JsonNode msg) {
        long now = System.nanoTime();
        Participant p = c.requireJoined("client-stats");
        if (p == null) {
            return;
        }
        ClientStatsSample sample;
        try {
            sample = ClientStatsParser.parse(msg.get("stats"), System.currentTimeMillis());
        } catch (ClientStatsParser.Invalid e) {
            c.error("bad-request", e.getMessage(), "client-stats");
            return;
        }
        RoomRequests.inRoom(c, p, "client-stats", () -> p.room().onClientStats(p, sample, now));
    }

    private static boolean isBoolean(JsonNode n) {
        return n != null && n.isBoolean();
    }
}
