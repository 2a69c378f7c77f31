package dev.chorus.signaling.lobby;

/** What a direct call carries: the {@code media} field of {@code call}, {@code call-accepted} and {@code call-media}. */
public enum CallMedia {
    VIDEO("video"), VOICE("voice");

    private final String json;

    CallMedia(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The media named {@code s} ("video" or "voice", exactly), else null. */
    public static CallMedia parse(String s) {
        for (CallMedia m : values()) {
            if (m.json.equals(s)) {
                return m;
            }
        }
        return null;
    }
}
