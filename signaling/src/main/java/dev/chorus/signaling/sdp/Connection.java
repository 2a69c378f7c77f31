package dev.chorus.signaling.sdp;

import java.util.Objects;

/** A c= line; the network type is always IN for WebRTC, so only address type and address are kept. */
public record Connection(String addressType, String address) {
    /** The placeholder browsers and servers write when ICE carries the real addresses. */
    public static final Connection IP4_ANY = new Connection("IP4", "0.0.0.0");

    public Connection {
        Objects.requireNonNull(addressType, "addressType");
        Objects.requireNonNull(address, "address");
    }

    public String toSdpValue() {
        return "IN " + addressType + " " + address;
    }

    static Connection parse(String value) throws SdpParseException {
        String[] t = value.strip().split("\\s+");
        if (t.length != 3 || !t[0].equals("IN")) {
            throw new SdpParseException("c= must be 'IN <IP4|IP6> <address>'");
        }
        return new Connection(t[1], t[2]);
    }
}
