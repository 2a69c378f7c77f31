package dev.chorus.signaling.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.protocol.Messages;
import java.util.List;

/**
 * A participant's latest {@code client-stats}: the browser's own view of its link (docs/protocol.md),
 * validated, with only the known fields. A null number means the client did not report it. Read by the
 * admin API and by link-quality telemetry; immutable, so any thread may read it.
 *
 * @param receivedAt server epoch milliseconds when it arrived
 * @param freezeCount the browser's cumulative freeze count over all the video it receives (null: not reported);
 *                    handed to the participant's receive-side rate policy
 */
public record ClientStatsSample(long receivedAt, Double bweKbps, Double sendKbps, Double recvKbps, Double rttMs,
                                Double jitterMs, Double lossPct, Double score, Long freezeCount, List<Track> tracks) {

    /** One received track as the client renders it; numbers null when not reported (audio has no size). */
    public record Track(String participantId, String kind, Double width, Double height, Double fps) {
        ObjectNode toJson() {
            ObjectNode n = Messages.JSON.createObjectNode();
            n.put("participantId", participantId);
            n.put("kind", kind);
            put(n, "width", width);
            put(n, "height", height);
            put(n, "fps", fps);
            return n;
        }
    }

    public ClientStatsSample {
        tracks = tracks == null ? null : List.copyOf(tracks);
    }

    /** The admin API's {@code clientStats}: the reported fields plus {@code receivedAt}. */
    public ObjectNode toJson() {
        ObjectNode n = Messages.JSON.createObjectNode();
        n.put("receivedAt", receivedAt);
        put(n, "bweKbps", bweKbps);
        put(n, "sendKbps", sendKbps);
        put(n, "recvKbps", recvKbps);
        put(n, "rttMs", rttMs);
        put(n, "jitterMs", jitterMs);
        put(n, "lossPct", lossPct);
        put(n, "score", score);
        if (freezeCount != null) {
            n.put("freezeCount", freezeCount);
        }
        if (tracks != null) {
            var a = n.putArray("tracks");
            tracks.forEach(t -> a.add(t.toJson()));
        }
        return n;
    }

    /** Whole numbers as integers (1280, not 1280.0), others as they are; nulls left out. */
    private static void put(ObjectNode n, String field, Double v) {
        if (v == null) {
            return;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            n.put(field, v.longValue());
        } else {
            n.put(field, v);
        }
    }
}
