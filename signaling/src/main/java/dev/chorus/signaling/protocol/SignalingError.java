package dev.chorus.signaling.protocol;

/** A request that failed with a protocol error code (see docs/protocol.md). */
public final class SignalingError extends Exception {
    private final String code;

    public SignalingError(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
