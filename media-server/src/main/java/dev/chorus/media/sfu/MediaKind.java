package dev.chorus.media.sfu;

public enum MediaKind {
    AUDIO, VIDEO;

    public static MediaKind of(String sdpKind) {
        return switch (sdpKind.toLowerCase()) {
            case "audio" -> AUDIO;
            case "video" -> VIDEO;
            default -> throw new IllegalArgumentException("unsupported media kind " + sdpKind);
        };
    }

    public String sdpName() {
        return name().toLowerCase();
    }
}
