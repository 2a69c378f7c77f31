package dev.chorus.signaling.ice;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.config.IceServersConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The STUN/TURN servers a client is told about, with credentials: static ones as configured, or
 * time-limited ones from a shared secret — the "TURN REST API" scheme coturn implements with
 * {@code use-auth-secret}: username {@code <expiry unix time>:<label>}, password
 * {@code base64(HMAC-SHA1(secret, username))}, so the TURN server checks them without talking to us
 * and a leaked credential stops working. Thread-safe.
 */
public final class ClientIceServers {
    /** One RTCIceServer: URLs sharing the same credentials (null for STUN). */
    public record Entry(List<String> urls, String username, String credential) {}

    private final IceServersConfig config;
    private final Clock clock;

    public ClientIceServers(IceServersConfig config) {
        this(config, Clock.systemUTC());
    }

    public ClientIceServers(IceServersConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public boolean isEmpty() {
        return config.isEmpty();
    }

    /**
     * The servers for one client; {@code label} ends up in the time-limited username (TURN servers log
     * it), so it should identify the session, never a secret.
     */
    public List<Entry> issue(String label) {
        List<String> stun = new ArrayList<>();
        List<String> turn = new ArrayList<>();
        for (String u : config.urls()) {
            (u.toLowerCase(Locale.ROOT).startsWith("turn") ? turn : stun).add(u);
        }
        List<Entry> out = new ArrayList<>(2);
        if (!stun.isEmpty()) {
            out.add(new Entry(List.copyOf(stun), null, null));
        }
        if (!turn.isEmpty()) {
            if (config.secret() != null) {
                long expiry = clock.instant().getEpochSecond() + config.ttlSeconds();
                String username = expiry + ":" + label.replace(':', '_');
                out.add(new Entry(List.copyOf(turn), username, restCredential(config.secret(), username)));
            } else {
                out.add(new Entry(List.copyOf(turn), config.username(), config.credential()));
            }
        }
        return out;
    }

    /** {@code base64(HMAC-SHA1(secret, username))}, the TURN REST API password. */
    static String restCredential(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** As RTCIceServer dictionaries ({@code urls}, {@code username}, {@code credential}) for browsers. */
    public static ArrayNode toJson(List<Entry> entries) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Entry e : entries) {
            ObjectNode o = list.addObject();
            ArrayNode urls = o.putArray("urls");
            e.urls().forEach(urls::add);
            if (e.username() != null) {
                o.put("username", e.username());
                o.put("credential", e.credential());
            }
        }
        return list;
    }

    /**
     * As RFC 9725 §4.6 {@code Link} header values, one per URL:
     * {@code <turn:host?transport=udp>; rel="ice-server"; username="u"; credential="p"; credential-type="password"}.
     */
    public static List<String> toLinkHeaders(List<Entry> entries) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            for (String url : e.urls()) {
                StringBuilder sb = new StringBuilder().append('<').append(url).append(">; rel=\"ice-server\"");
                if (e.username() != null) {
                    sb.append("; username=").append(quoted(e.username()))
                            .append("; credential=").append(quoted(e.credential()))
                            .append("; credential-type=\"password\"");
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    /** An RFC 9110 quoted-string. */
    static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
