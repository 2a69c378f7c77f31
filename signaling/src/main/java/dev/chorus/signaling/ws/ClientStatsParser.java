package dev.chorus.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.room.ClientStatsSample;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates {@code client-stats}' {@code stats} (docs/protocol.md) into a {@link ClientStatsSample}: the
 * known fields must be non-negative finite numbers, unknown ones are dropped (so nothing a client
 * invents is stored or shown), at most {@link #MAX_TRACKS} tracks.
 */
final class ClientStatsParser {
    static final int MAX_TRACKS = 64;
    static final int MAX_SCORE = 100;
    /** Far above anything real (a freeze a second for a year), low enough to stay exact in a double. */
    static final long MAX_FREEZE_COUNT = 1L << 40;

    /** The reason a report was refused (the text of the {@code bad-request}). */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private ClientStatsParser() {}

    static ClientStatsSample parse(JsonNode stats, long receivedAt) throws Invalid {
        if (stats == null || !stats.isObject()) {
            throw new Invalid("client-stats needs an object 'stats'");
        }
        Double score = number(stats, "score");
        if (score != null && score > MAX_SCORE) {
            throw new Invalid("'score' must be 0-" + MAX_SCORE);
        }
        Double freezes = number(stats, "freezeCount");
        if (freezes != null && (freezes != Math.rint(freezes) || freezes > MAX_FREEZE_COUNT)) {
            throw new Invalid("'freezeCount' must be a whole number 0-" + MAX_FREEZE_COUNT);
        }
        return new ClientStatsSample(receivedAt, number(stats, "bweKbps"), number(stats, "sendKbps"),
                number(stats, "recvKbps"), number(stats, "rttMs"), number(stats, "jitterMs"), number(stats, "lossPct"),
                score, freezes == null ? null : freezes.longValue(), tracks(stats.get("tracks")));
    }

    private static List<ClientStatsSample.Track> tracks(JsonNode tracks) throws Invalid {
        if (tracks == null) {
            return null;
        }
        if (!tracks.isArray() || tracks.size() > MAX_TRACKS) {
            throw new Invalid("'tracks' must be an array of at most " + MAX_TRACKS + " tracks");
        }
        List<ClientStatsSample.Track> out = new ArrayList<>(tracks.size());
        for (JsonNode t : tracks) {
            if (!t.isObject()) {
                throw new Invalid("each track must be an object");
            }
            JsonNode pid = t.get("participantId");
            if (pid == null || !pid.isTextual() || pid.asText().isEmpty()
                    || pid.asText().length() > RoomRequests.MAX_PARTICIPANT_ID) {
                throw new Invalid("each track needs a string 'participantId' of 1-" + RoomRequests.MAX_PARTICIPANT_ID + " characters");
            }
            String kind = t.path("kind").asText("");
            if (!t.path("kind").isTextual() || !(kind.equals("audio") || kind.equals("video"))) {
                throw new Invalid("each track needs 'kind' \"audio\" or \"video\"");
            }
            out.add(new ClientStatsSample.Track(pid.asText(), kind, number(t, "width"), number(t, "height"), number(t, "fps")));
        }
        return out;
    }

    /** The field's value, null if absent; anything but a non-negative finite number is refused. */
    private static Double number(JsonNode parent, String field) throws Invalid {
        JsonNode n = parent.get(field);
        if (n == null) {
            return null;
        }
        double v = n.asDouble();
        if (!n.isNumber() || !Double.isFinite(v) || v < 0) {
            throw new Invalid("'" + field + "' must be a non-negative finite number");
        }
        return v;
    }
}
