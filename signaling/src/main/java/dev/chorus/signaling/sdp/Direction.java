package dev.chorus.signaling.sdp;

import java.util.Optional;

/** Media direction attribute of an m= section (RFC 8866 section 6.7). */
public enum Direction {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String sdpName;

    Direction(String sdpName) {
        this.sdpName = sdpName;
    }

    /** The attribute name as written in SDP, e.g. {@code "sendonly"}. */
    public String sdpName() {
        return sdpName;
    }

    /** The answerer's mirror image: if the offerer only sends, the answerer only receives. */
    public Direction reverse() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            case SENDRECV, INACTIVE -> this;
        };
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    public static Optional<Direction> fromSdpName(String name) {
        for (Direction d : values()) {
            if (d.sdpName.equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
