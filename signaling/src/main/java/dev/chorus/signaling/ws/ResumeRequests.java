package dev.chorus.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.protocol.PeerChannel;
import dev.chorus.signaling.protocol.SignalingError;
import dev.chorus.signaling.room.Participant;
import dev.chorus.signaling.room.ResumeSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staying in a room across a dropped WebSocket (docs/protocol.md, WebSocket drop): a closed socket only
 * detaches its participant; {@code resume} on a new socket attaches it again.
 */
final class ResumeRequests {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeRequests.class);

    private final ResumeSessions sessions;

    ResumeRequests(ResumeSessions sessions) {
        this.sessions = sessions;
    }

    void resume(Connection c, JsonNode msg) {
        if (c.participant() != null || c.joining()) {
            c.error("already-joined", "this connection is already in a room", "resume");
            return;
        }
        JsonNode t = msg.get("resumeToken");
        if (t == null || !t.isTextual()) {
            c.error("bad-request", "resume needs a string 'resumeToken'", "resume");
            return;
        }
        String token = t.asText();
        Participant p = sessions.find(token);
        if (p == null) {
            c.error("resume-failed", "unknown, spent or expired resume token: join afresh", "resume");
            return;
        }
        c.setJoining(true);
        p.room().execute(() -> {
            try {
                if (c.isActive()) {
                    attach(c, p, token); // a socket closed by now leaves the token unspent for the next try
                }
            } finally {
                c.setJoining(false);
            }
        });
    }

    /** Room thread. */
    private static void attach(Connection c, Participant p, String token) {
        PeerChannel previous;
        try {
            // the connection is set before `resumed` goes out: the client may answer it at once, and a
            // close from then on detaches again
            previous = p.room().resume(p, c, token, c::setParticipant);
        } catch (SignalingError e) {
            c.error(e.code(), e.getMessage(), "resume");
            return;
        } catch (RuntimeException e) {
            c.setParticipant(null);
            p.room().detach(p, c); // if it got as far as attaching: back to waiting, not stuck on c
            LOG.error("resume of {} failed", p.id(), e);
            c.error("internal", "the request could not be processed", "resume");
            return;
        }
        if (previous instanceof Connection old && old != c) {
            // the client gave up on that socket; it must not act for the participant any more
            old.setParticipant(null);
            old.channel().close();
        }
        if (!c.isActive() && c.participant() == p) {
            // closed before the participant was set: the close hook saw nobody to detach
            c.setParticipant(null);
            p.room().detach(p, c);
        }
    }

    /** The connection closed without {@code leave}: its participant waits for a resume (grace period). */
    void closed(Connection c) {
        Participant p = c.participant();
        if (p == null) {
            return;
        }
        c.setParticipant(null);
        p.room().execute(() -> p.room().detach(p, c));
    }
}
