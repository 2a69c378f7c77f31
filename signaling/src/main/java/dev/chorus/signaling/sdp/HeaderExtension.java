package dev.chorus.signaling.sdp;

import java.util.Objects;

/**
 * An a=extmap line (RFC 8285): local id, extension URI, optional direction and attributes.
 * Ids differ between browsers, so always look them up by URI.
 */
public record HeaderExtension(int id, String uri, Direction direction, String attributes) {
    public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String TOFFSET = "urn:ietf:params:rtp-hdrext:toffset";
    public static final String VIDEO_ORIENTATION = "urn:3gpp:video-orientation";
    public static final String PLAYOUT_DELAY = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    /** Largest id the two-byte header form can carry; anything above cannot appear on the wire. */
    public static final int MAX_ID = 255;

    public HeaderExtension {
        Objects.requireNonNull(uri, "uri");
        if (attributes != null && attributes.isBlank()) {
            attributes = null; // "no attributes" has a single representation so round-trips compare equal
        }
    }

    public HeaderExtension(int id, String uri) {
        this(id, uri, null, null);
    }

    public String toSdpValue() {
        StringBuilder sb = new StringBuilder().append(id);
        if (direction != null) {
            sb.append('/').append(direction.sdpName());
        }
        sb.append(' ').append(uri);
        if (attributes != null) {
            sb.append(' ').append(attributes);
        }
        return sb.toString();
    }

    static HeaderExtension parse(String value) throws SdpParseException {
        String[] t = value.strip().split("\\s+", 3);
        if (t.length < 2) {
            throw new SdpParseException("extmap must be '<id>[/<direction>] <uri> [<attributes>]'");
        }
        String idText = t[0];
        Direction direction = null;
        int slash = idText.indexOf('/');
        if (slash >= 0) {
            String dirText = idText.substring(slash + 1);
            direction = Direction.fromSdpName(dirText).orElseThrow(() -> new SdpParseException(
                    "unknown extmap direction '" + SdpParseException.quote(dirText) + "'"));
            idText = idText.substring(0, slash);
        }
        int id = SdpNumbers.parseInt(idText, 1, MAX_ID, "extmap id");
        return new HeaderExtension(id, t[1], direction, t.length == 3 ? t[2] : null);
    }
}
