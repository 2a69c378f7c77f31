package dev.chorus.signaling.sdp;

import java.util.Objects;

/** The a=msid value (RFC 8830): media stream id plus optional track id ("-" means no stream). */
public record Msid(String streamId, String trackId) {

    public Msid {
        Objects.requireNonNull(streamId, "streamId");
    }

    public String toSdpValue() {
        return trackId == null ? streamId : streamId + " " + trackId;
    }

    static Msid parse(String value) throws SdpParseException {
        String[] t = value.strip().split("\\s+");
        if (t.length > 2 || t[0].isEmpty()) {
            throw new SdpParseException("msid must be '<stream-id> [<track-id>]'");
        }
        return new Msid(t[0], t.length == 2 ? t[1] : null);
    }
}
