package dev.chorus.media.quality;

/**
 * Why a receiver should get a video track before others, most important first (the declaration
 * order is the allocation order). Ties within a class are broken by the speaker rank the caller
 * supplies ({@link VideoTrack#speakerRank(int)}), then by the caller's list order.
 */
public enum TrackPriority {
    /** Someone's screen: text must stay readable, so it gets its ideal layer before cameras improve. */
    SCREEN_SHARE,
    /** The receiver pinned this tile. */
    PINNED,
    /** The room's current dominant speaker. */
    DOMINANT_SPEAKER,
    /** Every other tile. */
    NORMAL;

    /** Tracks above {@link #NORMAL} are "on stage": they go straight to their best layer, in order. */
    boolean onStage() {
        return this != NORMAL;
    }
}
