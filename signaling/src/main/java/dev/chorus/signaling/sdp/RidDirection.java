package dev.chorus.signaling.sdp;

/** Direction of an a=rid restriction (RFC 8851): which side sends the identified stream. */
public enum RidDirection {
    SEND("send"),
    RECV("recv");

    private final String sdpName;

    RidDirection(String sdpName) {
        this.sdpName = sdpName;
    }

    public String sdpName() {
        return sdpName;
    }

    /** What the answerer declares for a rid the offerer sends (and vice versa). */
    public RidDirection reverse() {
        return this == SEND ? RECV : SEND;
    }

    static RidDirection parse(String text) throws SdpParseException {
        return switch (text) {
            case "send" -> SEND;
            case "recv" -> RECV;
            default -> throw new SdpParseException("rid direction must be 'send' or 'recv', got '"
                    + SdpParseException.quote(text) + "'");
        };
    }
}
