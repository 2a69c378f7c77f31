package dev.chorus.signaling.room;

import dev.chorus.signaling.protocol.SignalingError;

/**
 * What a receiver tells the server about how it shows the videos it gets ({@code render-size},
 * {@code pin}); the media core uses both to pick layers. Room thread only.
 */
final class ReceiverControls {
    private ReceiverControls() {}

    static void renderSize(Participant p, String mid, int width, int height) throws SignalingError {
        MediaSlot s = p.slotsByMid.get(mid);
        boolean receivesVideo = s != null && "video".equals(s.kind)
                && (s.role == MediaSlot.Role.ASSIGNED || s.role == MediaSlot.Role.FREE || s.role == MediaSlot.Role.RETIRED);
        if (!receivesVideo) {
            throw new SignalingError("unknown-mid", "mid '" + truncate(mid) + "' is not a video m-line you receive");
        }
        if (s.role == MediaSlot.Role.ASSIGNED && s.consumer != null) {
            s.consumer.setRenderSize(width, height);
        }
        // FREE or RETIRED: the track is not there yet or just ended; the client raced the server, no error
    }

    static void pin(Room room, Participant p, String target) throws SignalingError {
        if (target != null) {
            if (target.equals(p.id)) {
                throw new SignalingError("bad-request", "you cannot pin yourself");
            }
            if (!room.isPresent(target)) {
                throw new SignalingError("unknown-participant", "no participant '" + truncate(target) + "' in this room");
            }
        }
        p.pinned = target;
        for (MediaSlot s : p.slots) {
            if (s.role == MediaSlot.Role.ASSIGNED && s.consumer != null && "video".equals(s.kind)) {
                s.consumer.setPinned(target != null && target.equals(s.sourceParticipantId));
            }
        }
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
