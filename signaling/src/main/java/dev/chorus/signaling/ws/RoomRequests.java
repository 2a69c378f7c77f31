package dev.chorus.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.protocol.SignalingError;
import dev.chorus.signaling.room.Participant;
import dev.chorus.signaling.room.Room;
import dev.chorus.signaling.room.RoomManager;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joining a room and negotiating media in it: {@code join}, {@code offer}, {@code candidate},
 * {@code render-size}, {@code pin}, {@code leave}. Validation here; the work runs on the room thread.
 */
final class RoomRequests {
    private static final Logger LOG = LoggerFactory.getLogger(RoomRequests.class);
    static final int MAX_NAME = 64;
    /** Browsers number mids ("0", "1", …); a longer one is not from a browser. */
    static final int MAX_MID = 32;
    static final int MAX_PARTICIPANT_ID = 64;
    /** Larger than any display (16K); also keeps the value an int. */
    static final int MAX_RENDER_SIDE = 16384;
    static final int MAX_SCREEN_MIDS = 16;

    private final RoomManager rooms;

    RoomRequests(RoomManager rooms) {
        this.rooms = rooms;
    }

    void join(Connection c, JsonNode msg) {
        if (c.participant() != null || c.joining()) {
            c.error("already-joined", "this connection is already in a room", "join");
            return;
        }
        String roomId = msg.path("roomId").asText(null);
        String name = msg.path("name").isTextual() ? msg.path("name").asText().strip() : "";
        if (roomId == null || !msg.path("roomId").isTextual()) {
            c.error("bad-request", "join needs a string 'roomId'", "join");
            return;
        }
        if (name.isEmpty() || name.length() > MAX_NAME) {
            c.error("bad-request", "join needs a 'name' of 1-" + MAX_NAME + " characters", "join");
            return;
        }
        Room room = rooms.get(roomId);
        if (room == null) {
            c.error("room-not-found", "no room with id '" + Connection.truncate(roomId) + "'", "join");
            return;
        }
        c.setJoining(true);
        room.execute(() -> {
            if (!c.isActive()) {
                c.setJoining(false);
                return;
            }
            boolean[] openOnceAttached = new boolean[1];
            Participant p = room.join(name, c, joined -> {
                c.setParticipant(joined);
                openOnceAttached[0] = c.isActive();
            });
            c.setJoining(false);
            if (!openOnceAttached[0] && c.participant() == p) {
                // closed before `joined` (and its resume token) could go out, and the close hook found
                // nobody to detach: no grace period. A detach the hook queued anyway finds p gone.
                c.setParticipant(null);
                room.leave(p);
            }
            // Closed after that: the client may hold the token (it may even have closed on reading
            // `joined`), and the close hook, which sees p, detaches it for the grace period.
        });
    }

    void offer(Connection c, JsonNode msg) {
        Participant p = c.requireJoined("offer");
        if (p == null) {
            return;
        }
        String sdp = msg.path("sdp").asText(null);
        if (sdp == null || !msg.path("sdp").isTextual()) {
            c.error("bad-request", "offer needs a string 'sdp'", "offer");
            return;
        }
        Set<String> screen = screenMids(msg.get("screen"));
        if (screen == null) {
            c.error("bad-request", "'screen' must be an array of at most " + MAX_SCREEN_MIDS + " mids", "offer");
            return;
        }
        inRoom(c, p, "offer", () -> p.room().onOffer(p, sdp, screen));
    }

    /** The offer's optional 'screen' list; null if malformed. */
    private static Set<String> screenMids(JsonNode screen) {
        if (screen == null || screen.isNull()) {
            return Set.of();
        }
        if (!screen.isArray() || screen.size() > MAX_SCREEN_MIDS) {
            return null;
        }
        Set<String> mids = new HashSet<>();
        for (JsonNode m : screen) {
            if (!isMid(m)) {
                return null;
            }
            mids.add(m.asText());
        }
        return mids;
    }

    private static boolean isMid(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isEmpty() && n.asText().length() <= MAX_MID;
    }

    /** A whole number in [0, MAX_RENDER_SIDE], else -1 (floats, strings, huge and negative numbers). */
    private static int renderSide(JsonNode n) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            return -1;
        }
        int v = n.intValue();
        return v >= 0 && v <= MAX_RENDER_SIDE ? v : -1;
    }

    void renderSize(Connection c, JsonNode msg) {
        Participant p = c.requireJoined("render-size");
        if (p == null) {
            return;
        }
        JsonNode mid = msg.get("mid");
        int width = renderSide(msg.get("width"));
        int height = renderSide(msg.get("height"));
        if (!isMid(mid) || width < 0 || height < 0) {
            c.error("bad-request", "render-size needs a string 'mid' (1-" + MAX_MID + " characters) and whole 'width' and 'height' in 0-"
                    + MAX_RENDER_SIDE, "render-size");
            return;
        }
        inRoom(c, p, "render-size", () -> p.room().onRenderSize(p, mid.asText(), width, height));
    }

    void pin(Connection c, JsonNode msg) {
        Participant p = c.requireJoined("pin");
        if (p == null) {
            return;
        }
        JsonNode target = msg.get("participantId");
        boolean valid = target != null && (target.isNull()
                || (target.isTextual() && !target.asText().isEmpty() && target.asText().length() <= MAX_PARTICIPANT_ID));
        if (!valid) {
            c.error("bad-request", "pin needs 'participantId': a participant id, or null to unpin", "pin");
            return;
        }
        String id = target.isNull() ? null : target.asText();
        inRoom(c, p, "pin", () -> p.room().onPin(p, id));
    }

    void candidate(Connection c, JsonNode msg) {
        Participant p = c.requireJoined("candidate");
        if (p == null) {
            return;
        }
        JsonNode cand = msg.get("candidate");
        if (cand == null || cand.isNull()) {
            return; // end of candidates: nothing to do for a controlled agent
        }
        String line = cand.isTextual() ? cand.asText() : cand.path("candidate").asText(null);
        if (line == null) {
            c.error("bad-request", "candidate needs 'candidate.candidate'", "candidate");
            return;
        }
        if (line.isEmpty()) {
            return; // Firefox's end-of-candidates marker
        }
        inRoom(c, p, "candidate", () -> p.room().onCandidate(p, line));
    }

    void leave(Connection c, JsonNode msg) {
        leave(c, true);
    }

    private void leave(Connection c, boolean reply) {
        Participant p = c.participant();
        if (p == null) {
            if (reply) {
                c.error("not-joined", "not in a room", "leave");
            }
            return;
        }
        c.setParticipant(null);
        p.room().execute(() -> {
            p.room().leave(p);
            if (reply) {
                c.send(Messages.of("left"));
            }
        });
    }

    /** A room request's body; a {@link SignalingError} it throws becomes the error reply. */
    interface RoomWork {
        void run() throws SignalingError;
    }

    /** Runs a validated request on the room's thread; its failure becomes an error reply. */
    static void inRoom(Connection c, Participant p, String requestType, RoomWork r) {
        p.room().execute(() -> {
            if (p.hasLeft()) {
                return;
            }
            try {
                r.run();
            } catch (SignalingError e) {
                c.error(e.code(), e.getMessage(), requestType);
            } catch (RuntimeException e) {
                LOG.error("{} from {} failed", requestType, p.id(), e);
                c.error("internal", "the request could not be processed", requestType);
            }
        });
    }
}
