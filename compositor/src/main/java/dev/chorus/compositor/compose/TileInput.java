package dev.chorus.compositor.compose;

import dev.chorus.compositor.frame.I420Frame;

/**
 * What the composer needs to draw one participant's tile. An interface so per-participant pipeline
 * objects can implement it and be passed every frame without allocating wrappers; {@link #of} is for
 * callers that don't mind.
 */
public interface TileInput {
    /** Stable id: keys the cached label and name card, and picks the card colour. */
    String participantId();

    /** Name shown on the label; blank falls back to the id. */
    String displayName();

    /** Latest decoded picture, or null when the camera is off or nothing was decoded yet. */
    I420Frame video();

    /** Whether this is the active speaker (gets the highlight border). */
    boolean speaking();

    static TileInput of(String participantId, String displayName, I420Frame video, boolean speaking) {
        return new Simple(participantId, displayName, video, speaking);
    }

    record Simple(String participantId, String displayName, I420Frame video, boolean speaking) implements TileInput {}
}
