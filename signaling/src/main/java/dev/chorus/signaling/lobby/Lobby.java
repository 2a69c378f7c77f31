package dev.chorus.signaling.lobby;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.room.RoomManager;
import dev.chorus.signaling.ws.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online, and their direct calls. All lobby state lives on one thread of its own (with the ring
 * timers on the same thread), so nothing is locked, Netty's event loops only hand work over, and
 * requests of one socket are handled in the order they arrived.
 */
public final class Lobby implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lobby.class);

    private final ScheduledThreadPoolExecutor thread;
    /** In order of entering, so {@code lobby.users} lists people in a stable order. Lobby thread only. */
    private final Map<String, LobbyUser> users = new LinkedHashMap<>();
    private final Calls calls;

    /**
     * @param ringTimeout how long a call rings before it ends with {@code no-answer}; also how long an
     *                    accepted call waits for each side to join its room
     */
    public Lobby(RoomManager rooms, Duration ringTimeout) {
        thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "chorus-lobby");
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true); // answered calls do not keep their timers queued
        calls = new Calls(this, new CallRooms(rooms, this, ringTimeout), ringTimeout);
    }

    /** Runs {@code r} on the lobby thread; dropped once the lobby is closed (the server is stopping). */
    public void execute(Runnable r) {
        try {
            thread.execute(() -> runLogged(r));
        } catch (RejectedExecutionException e) {
            LOG.debug("lobby closed: task dropped");
        }
    }

    /** Runs {@code r} on the lobby thread after {@code delay}; null if the lobby is closed. */
    ScheduledFuture<?> schedule(Runnable r, Duration delay) {
        try {
            return thread.schedule(() -> runLogged(r), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private static void runLogged(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            LOG.error("lobby task failed", t);
        }
    }

    Calls calls() {
        return calls;
    }

    // ---- lobby thread ----

    /** The user with this id, or null if nobody in the lobby has it. */
    LobbyUser user(String id) {
        return users.get(id);
    }

    boolean contains(LobbyUser u) {
        return users.get(u.id()) == u;
    }

    /** {@code c} enters as {@code name}: it gets {@code lobby}, everyone else {@code presence}. */
    LobbyUser enter(Connection c, String name) {
        LobbyUser u = new LobbyUser(UUID.randomUUID().toString(), name, c, this);
        List<LobbyUser> others = new ArrayList<>(users.values());
        users.put(u.id(), u);
        c.setLobbyUser(u);
        u.send(LobbyMessages.lobby(u, others));
        broadcast(LobbyMessages.presence(u), u);
        LOG.info("lobby: {} entered, {} online", u, users.size());
        return u;
    }

    /** {@code u} leaves the lobby (request or closed socket): their call ends or lets go of them. */
    void leave(LobbyUser u) {
        if (users.remove(u.id(), u)) {
            u.connection().setLobbyUser(null);
            calls.userLeft(u);
            broadcast(LobbyMessages.presenceLeft(u), null);
            LOG.info("lobby: {} left, {} online", u, users.size());
        }
    }

    /** Tells everyone else {@code u}'s status (after it changed); nothing if {@code u} has left. */
    void presenceChanged(LobbyUser u) {
        if (contains(u)) {
            broadcast(LobbyMessages.presence(u), u);
        }
    }

    private void broadcast(ObjectNode msg, LobbyUser except) {
        for (LobbyUser o : users.values()) {
            if (o != except) {
                o.send(msg);
            }
        }
    }

    /** Stops the lobby thread; pending timers are dropped. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
