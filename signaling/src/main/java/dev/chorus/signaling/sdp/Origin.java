package dev.chorus.signaling.sdp;

import java.util.Objects;

/**
 * The o= line. The session id is kept as a string because it is only echoed back and browsers
 * use the full unsigned 64-bit range; the version is numeric because the answerer must increment it.
 */
public record Origin(String username, String sessionId, long sessionVersion, String addressType, String address) {

    public Origin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(addressType, "addressType");
        Objects.requireNonNull(address, "address");
    }

    /** The conventional origin for a generated description: user "-", IP4 127.0.0.1. */
    public static Origin of(String sessionId, long sessionVersion) {
        return new Origin("-", sessionId, sessionVersion, "IP4", "127.0.0.1");
    }

    public Origin withSessionVersion(long version) {
        return new Origin(username, sessionId, version, addressType, address);
    }

    public String toSdpValue() {
        return username + " " + sessionId + " " + sessionVersion + " IN " + addressType + " " + address;
    }

    static Origin parse(String value) throws SdpParseException {
        String[] t = value.strip().split("\\s+");
        if (t.length != 6) {
            throw new SdpParseException("o= needs 6 fields (user id version IN type address), got " + t.length);
        }
        if (!SdpNumbers.allDigits(t[1]) || t[1].length() > 20) {
            throw new SdpParseException("o= session id must be a decimal number, got '"
                    + SdpParseException.quote(t[1]) + "'");
        }
        long version = SdpNumbers.parseLong(t[2], 0, Long.MAX_VALUE, "o= session version");
        if (!t[3].equals("IN")) {
            throw new SdpParseException("o= network type must be IN, got '" + SdpParseException.quote(t[3]) + "'");
        }
        return new Origin(t[0], t[1], version, t[4], t[5]);
    }
}
