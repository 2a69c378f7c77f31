package dev.chorus.signaling.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An a=rid line (RFC 8851). Restrictions (e.g. "max-width=1280;max-height=720", "pt=96,97") are
 * kept raw, empty when absent; {@link #restrictionMap()} gives a key/value view.
 */
public record Rid(String id, RidDirection direction, String restrictions) {

    public Rid {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        restrictions = restrictions == null ? "" : restrictions.strip();
    }

    public Rid(String id, RidDirection direction) {
        this(id, direction, "");
    }

    public Map<String, String> restrictionMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : restrictions.split(";")) {
            String p = part.strip();
            if (!p.isEmpty()) {
                int eq = p.indexOf('=');
                map.putIfAbsent(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
            }
        }
        return Collections.unmodifiableMap(map);
    }

    public String toSdpValue() {
        return id + " " + direction.sdpName() + (restrictions.isEmpty() ? "" : " " + restrictions);
    }

    static Rid parse(String value) throws SdpParseException {
        String[] t = value.strip().split("\\s+", 3);
        if (t.length < 2 || t[0].isEmpty()) {
            throw new SdpParseException("rid must be '<id> send|recv [<restrictions>]'");
        }
        return new Rid(t[0], RidDirection.parse(t[1]), t.length == 3 ? t[2] : "");
    }
}
