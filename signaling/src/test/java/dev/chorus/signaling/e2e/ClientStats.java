package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A snapshot of {@code window.chorus.stats()} in one browser. */
public record ClientStats(String participantId, String roomId, String mode, List<RemoteTrack> remote) {

    /** One live received track. Frame fields are 0 for audio; codec ("VP8", "H264", "opus") null before media. */
    public record RemoteTrack(String participantId, String name, String kind, String trackId,
                              long framesDecoded, long frameWidth, long frameHeight,
                              long packetsReceived, long bytesReceived, String codec) {
        public boolean isVideo() { return "video".equals(kind); }
        public boolean isAudio() { return "audio".equals(kind); }

        @Override
        public String toString() {
            return kind + "(" + name + "/" + shortId(participantId) + " " + codec + " frames=" + framesDecoded
                    + (isVideo() ? " " + frameWidth + "x" + frameHeight : "")
                    + " packets=" + packetsReceived + ")";
        }
    }

    public static ClientStats fromJson(JsonNode n) {
        List<RemoteTrack> remote = new ArrayList<>();
        for (JsonNode r : n.path("remote")) {
            remote.add(new RemoteTrack(text(r, "participantId"), text(r, "name"), text(r, "kind"), text(r, "trackId"),
                    r.path("framesDecoded").asLong(0), r.path("frameWidth").asLong(0), r.path("frameHeight").asLong(0),
                    r.path("packetsReceived").asLong(0), r.path("bytesReceived").asLong(0), text(r, "codec")));
        }
        return new ClientStats(text(n, "participantId"), text(n, "roomId"), text(n, "mode"), List.copyOf(remote));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public boolean joined() { return participantId != null; }

    public List<RemoteTrack> videos() { return remote.stream().filter(RemoteTrack::isVideo).toList(); }

    public List<RemoteTrack> audios() { return remote.stream().filter(RemoteTrack::isAudio).toList(); }

    public List<RemoteTrack> from(String participantId) {
        return remote.stream().filter(t -> t.participantId().equals(participantId)).toList();
    }

    public Optional<RemoteTrack> track(String trackId) {
        return remote.stream().filter(t -> t.trackId().equals(trackId)).findFirst();
    }

    /** Distinct participant ids that this client currently receives anything from. */
    public Set<String> senders() {
        return remote.stream().map(RemoteTrack::participantId).collect(Collectors.toCollection(TreeSet::new));
    }

    static String shortId(String id) {
        return id == null ? "null" : id.length() <= 8 ? id : id.substring(0, 8);
    }

    @Override
    public String toString() {
        return "stats[" + shortId(participantId) + " mode=" + mode + " remote=" + remote + "]";
    }
}
