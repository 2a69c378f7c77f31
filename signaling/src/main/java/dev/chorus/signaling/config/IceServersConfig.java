package dev.chorus.signaling.config;

import java.util.List;
import java.util.Locale;

/**
 * STUN/TURN servers the server hands to its clients (browsers in {@code joined}, WHIP/WHEP clients in
 * {@code Link: rel="ice-server"} headers). The media server itself needs none: it has a public
 * address; clients behind UDP-blocking firewalls need a TURN relay to reach it.
 *
 * @param urls {@code stun:}, {@code turn:} or {@code turns:} URIs (RFC 7064/7065)
 * @param username static TURN username, or null
 * @param credential static TURN password, or null
 * @param secret shared secret for time-limited TURN credentials (coturn's {@code static-auth-secret},
 *               the "TURN REST API"), or null; takes precedence over the static pair
 * @param ttlSeconds how long a time-limited credential is valid
 */
public record IceServersConfig(List<String> urls, String username, String credential, String secret,
                               int ttlSeconds) {
    public static final IceServersConfig NONE = new IceServersConfig(List.of(), null, null, null, 86400);

    public IceServersConfig {
        urls = List.copyOf(urls);
        username = blankToNull(username);
        credential = blankToNull(credential);
        secret = blankToNull(secret);
        if (ttlSeconds <= 0) {
            throw new IllegalArgumentException("TURN credential lifetime must be positive, got " + ttlSeconds);
        }
        boolean turn = false;
        for (String u : urls) {
            String scheme = u.contains(":") ? u.substring(0, u.indexOf(':')).toLowerCase(Locale.ROOT) : "";
            if (!scheme.equals("stun") && !scheme.equals("stuns") && !scheme.equals("turn") && !scheme.equals("turns")) {
                throw new IllegalArgumentException("ICE server URLs must be stun:, stuns:, turn: or turns:, got " + u);
            }
            if (u.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c == '"' || c == ',')) {
                throw new IllegalArgumentException("bad character in ICE server URL " + u);
            }
            turn |= scheme.startsWith("turn");
        }
        if ((username == null) != (credential == null)) {
            throw new IllegalArgumentException("a TURN username needs a credential and vice versa");
        }
        if (turn && secret == null && username == null) {
            throw new IllegalArgumentException("TURN servers need ice.turn-secret or ice.turn-username/-credential");
        }
    }

    public boolean isEmpty() {
        return urls.isEmpty();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Credentials never go to logs. */
    @Override
    public String toString() {
        return "IceServers[urls=" + urls + ", username=" + (username == null ? "(none)" : username)
                + ", credential=" + (credential == null ? "(none)" : "(set)")
                + ", secret=" + (secret == null ? "(none)" : "(set)") + ", ttlSeconds=" + ttlSeconds + "]";
    }
}
