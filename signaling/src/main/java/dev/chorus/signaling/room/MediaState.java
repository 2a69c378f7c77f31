package dev.chorus.signaling.room;

/** What a participant publishes now, as its client reports it ({@code media-state}). */
public record MediaState(boolean audio, boolean video, boolean screen) {
    /** Until the client says otherwise: nothing. */
    public static final MediaState NONE = new MediaState(false, false, false);
}
