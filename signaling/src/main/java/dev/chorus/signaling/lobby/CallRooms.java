package dev.chorus.signaling.lobby;

import dev.chorus.signaling.room.Room;
import dev.chorus.signaling.room.RoomManager;
import dev.chorus.signaling.room.RoomMode;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

/**
 * The rooms accepted calls take place in: an SFU room per call, closed once the call is over for both
 * sides and nobody is left in it (unlike rooms made through the REST API, nobody else would close it).
 */
final class CallRooms {
    /** The first look again at a room that was not empty: its last leaves are often still queued on its thread. */
    private static final Duration FIRST_RECHECK = Duration.ofMillis(200);

    private final RoomManager rooms;
    private final Lobby lobby;
    /** The longest wait between looks at a room someone stays in (a third person, a socket in its resume grace). */
    private final Duration maxRecheck;

    CallRooms(RoomManager rooms, Lobby lobby, Duration maxRecheck) {
        this.rooms = rooms;
        this.lobby = lobby;
        this.maxRecheck = maxRecheck;
    }

    /** A new SFU room; its id. */
    String open() {
        return rooms.create(RoomMode.SFU).id();
    }

    /** Closes the room once it is empty, looking again (less and less often) while it is not. */
    void closeWhenEmpty(String roomId) {
        closeWhenEmpty(roomId, FIRST_RECHECK);
    }

    private void closeWhenEmpty(String roomId, Duration recheck) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return; // already closed (server stopping)
        }
        Duration next = recheck.multipliedBy(2).compareTo(maxRecheck) > 0 ? maxRecheck : recheck.multipliedBy(2);
        try {
            // on the room's thread, so no join or leave is half done while we look
            room.execute(() -> {
                if (room.size() == 0) {
                    rooms.close(room);
                } else {
                    lobby.schedule(() -> closeWhenEmpty(roomId, next), recheck);
                }
            });
        } catch (RejectedExecutionException e) {
            // its thread has stopped: the server is closing every room
        }
    }
}
