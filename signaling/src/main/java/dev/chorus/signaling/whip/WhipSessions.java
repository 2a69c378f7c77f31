package dev.chorus.signaling.whip;

import dev.chorus.media.sfu.TransportState;
import dev.chorus.signaling.room.Room;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live WHIP/WHEP resources, by session id, and their reaper: a session whose participant left
 * (room closed) is forgotten, and one whose transport has not been connected for the ICE timeout
 * (never connected, consent lost, DTLS failed) ends as if DELETEd — a client that vanishes without
 * DELETE leaves nothing behind.
 */
public final class WhipSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WhipSessions.class);

    private final Map<String, WhipSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "whip-reaper");
        t.setDaemon(true);
        return t;
    });
    private volatile long timeoutNanos;

    public WhipSessions(Duration iceTimeout) {
        setIceTimeout(iceTimeout);
        reaper.scheduleWithFixedDelay(this::reap, 1, 1, TimeUnit.SECONDS);
    }

    /** How long a session's transport may stay unconnected before it is ended (tests shorten it). */
    public void setIceTimeout(Duration d) {
        timeoutNanos = d.toNanos();
    }

    public int size() {
        return sessions.size();
    }

    void add(WhipSession s) {
        sessions.put(s.id, s);
    }

    WhipSession get(String id) {
        WhipSession s = id == null ? null : sessions.get(id);
        if (s != null && s.participant.hasLeft()) {
            sessions.remove(id, s);
            return null;
        }
        return s;
    }

    /** Forgets the session; true if it was still registered (the caller then ends its participant). */
    boolean remove(WhipSession s) {
        return sessions.remove(s.id, s);
    }

    /** Ends the session's participant on its room thread. */
    static void end(WhipSession s) {
        Room room = s.room;
        try {
            room.execute(() -> room.leave(s.participant));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the room closed: everyone in it left already
        }
    }

    private void reap() {
        long now = System.nanoTime();
        for (WhipSession s : sessions.values()) {
            if (s.participant.hasLeft()) {
                sessions.remove(s.id, s);
                continue;
            }
            if (s.participant.transportState() == TransportState.CONNECTED) {
                s.downSince = 0;
            } else if (s.downSince == 0) {
                s.downSince = now;
            } else if (now - s.downSince > timeoutNanos && remove(s)) {
                LOG.info("{} session {} in room {}: not connected for {} ms, ended", s.kind, s.id, s.room.id(),
                        TimeUnit.NANOSECONDS.toMillis(now - s.downSince));
                end(s);
            }
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
    }
}
