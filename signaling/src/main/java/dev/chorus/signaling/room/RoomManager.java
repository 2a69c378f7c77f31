package dev.chorus.signaling.room;

import dev.chorus.media.sfu.MediaServer;
import dev.chorus.signaling.config.IceServersConfig;
import dev.chorus.signaling.ice.ClientIceServers;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** All rooms of this server, by id. */
public final class RoomManager implements AutoCloseable {
    private final MediaServer media;
    private final boolean publisherTransportCc;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final ResumeSessions sessions;
    private final ClientIceServers iceServers;

    public RoomManager(MediaServer media) {
        this(media, true);
    }

    /** @param publisherTransportCc negotiate transport-cc with publishers (config signaling.publisher-transport-cc) */
    public RoomManager(MediaServer media, boolean publisherTransportCc) {
        this(media, publisherTransportCc, 30);
    }

    /** @param resumeGraceSeconds how long dropped participants stay resumable (signaling.resume-grace-seconds) */
    public RoomManager(MediaServer media, boolean publisherTransportCc, int resumeGraceSeconds) {
        this(media, publisherTransportCc, resumeGraceSeconds, new ClientIceServers(IceServersConfig.NONE));
    }

    /** @param iceServers the STUN/TURN servers participants are told about (in {@code joined}) */
    public RoomManager(MediaServer media, boolean publisherTransportCc, int resumeGraceSeconds,
                       ClientIceServers iceServers) {
        this.media = media;
        this.publisherTransportCc = publisherTransportCc;
        this.sessions = new ResumeSessions(resumeGraceSeconds);
        this.iceServers = iceServers;
    }

    /** Every room's resume tokens ({@code resume} arrives on a socket that knows no room). */
    public ResumeSessions resumeSessions() {
        return sessions;
    }

    public Room create() {
        return create(RoomMode.SFU);
    }

    public Room create(RoomMode mode) {
        String id = UUID.randomUUID().toString();
        Room r = new Room(id, media.createRouter(id), media, publisherTransportCc, Objects.requireNonNull(mode),
                sessions, iceServers);
        rooms.put(id, r);
        return r;
    }

    public Room get(String id) {
        return id == null ? null : rooms.get(id);
    }

    /** Removes a room and closes it (anyone still in it leaves); a no-op if it is already gone. */
    public void close(Room room) {
        if (rooms.remove(room.id(), room)) {
            room.close();
        }
    }

    public Collection<Room> rooms() {
        return rooms.values();
    }

    @Override
    public void close() {
        rooms.values().forEach(Room::close);
        rooms.clear();
        sessions.close();
    }
}
