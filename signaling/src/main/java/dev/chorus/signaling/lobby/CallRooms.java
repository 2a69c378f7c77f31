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
    private final RoomManager rooms;
    private final Lobby lobby;
    /** How often a room someone still stays in (a third person, a socket in its resume grace) is looked at again. */
    private final Duration recheck;

    CallRooms(RoomManager rooms, Lobby lobby, Duration recheck) {
        this.rooms = rooms;
        this.lobby = lobby;
        this.recheck = recheck;
    }

    /** A new SFU room; its id. */
    String open() {
        return rooms.create(RoomMode.SFU).id();
    }

    /** Closes the room once it is empty, looking again every {@link #recheck} while it is not. */
    void closeWhenEmpty(String roomId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return; // already closed (server stopping)
        }
        // on the room's thread, so no join or leave is half done while we look
        try {
            room.execute(() -> {
                if (room.size() == 0) {
                    rooms.close(room);
                } else {
                    lobby.schedule(() -> closeWhenEmpty(roomId), recheck);
                }
            });
        } catch (RejectedExecutionException e) {
            // its thread has stopped: the server is closing every room
        }
    }
}
