package dev.chorus.signaling.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One SSRC with its a=ssrc attributes (RFC 5576) merged from all lines naming it, in written order.
 * Attributes written without ":value" map to an empty string.
 */
public record Ssrc(long ssrc, Map<String, String> attributes) {
    public static final long MAX = 0xFFFF_FFFFL;

    public Ssrc {
        if (ssrc < 0 || ssrc > MAX) {
            throw new IllegalArgumentException("ssrc out of 32-bit range: " + ssrc);
        }
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public static Ssrc of(long ssrc, String cname) {
        return new Ssrc(ssrc, Map.of("cname", cname));
    }

    public String cname() {
        return attributes.get("cname");
    }

    /** The legacy per-SSRC msid ("stream track"), or null. */
    public String msid() {
        return attributes.get("msid");
    }

    public Ssrc with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        copy.put(key, value);
        return new Ssrc(ssrc, copy);
    }
}
