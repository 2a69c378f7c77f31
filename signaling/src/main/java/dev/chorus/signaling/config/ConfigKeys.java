package dev.chorus.signaling.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every configuration key, its default and its meaning (printed by {@code --help}). */
public final class ConfigKeys {
    public static final String HTTP_BIND = "http.bind";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTPS_PORT = "https.port";
    public static final String TLS_CERT = "https.cert";
    public static final String TLS_KEY = "https.key";
    public static final String DATA_DIR = "data.dir";
    public static final String MEDIA_PORT = "media.port";
    public static final String MEDIA_BIND = "media.bind-address";
    public static final String MEDIA_PUBLIC = "media.public-address";
    public static final String MAX_FRAME = "signaling.max-frame-bytes";
    public static final String MEDIA_WORKERS = "media.workers";
    public static final String PUBLISHER_TRANSPORT_CC = "signaling.publisher-transport-cc";
    public static final String ADMIN_TOKEN = "admin.token";
    public static final String RESUME_GRACE = "signaling.resume-grace-seconds";
    public static final String RING_TIMEOUT = "lobby.ring-timeout-seconds";
    public static final String BWE_MODEL = "bwe.model";
    public static final String BWE_MODEL_FILE = "bwe.model-file";
    public static final String BWE_FREEZE_FEEDBACK = "bwe.freeze-feedback";
    public static final String WHIP_TOKEN = "whip.token";
    public static final String WHIP_ICE_TIMEOUT = "whip.ice-timeout-seconds";
    public static final String ICE_SERVERS = "ice.servers";
    public static final String TURN_USERNAME = "ice.turn-username";
    public static final String TURN_CREDENTIAL = "ice.turn-credential";
    public static final String TURN_SECRET = "ice.turn-secret";
    public static final String TURN_TTL = "ice.turn-ttl-seconds";

    record Key(String name, String defaultValue, String help) {}

    static final Key[] KEYS = {
        new Key(HTTP_BIND, "0.0.0.0", "address the HTTP and HTTPS listeners bind"),
        new Key(HTTP_PORT, "8080", "plain HTTP port (browsers allow the camera on localhost); 0 = ephemeral, -1 = off"),
        new Key(HTTPS_PORT, "8443", "HTTPS port; -1 = off"),
        new Key(TLS_CERT, "", "PEM certificate chain for HTTPS (empty: self-signed, generated at first start)"),
        new Key(TLS_KEY, "", "PEM private key for HTTPS"),
        new Key(DATA_DIR, "data", "directory for generated state (the self-signed HTTPS certificate)"),
        new Key(MEDIA_PORT, "10000", "the one UDP port for all media (ICE/DTLS/SRTP)"),
        new Key(MEDIA_BIND, "", "address to bind the media port (empty: every local address)"),
        new Key(MEDIA_PUBLIC, "", "public IP advertised as the host candidate (VMs behind NAT)"),
        new Key(MAX_FRAME, "262144", "largest accepted WebSocket message in bytes"),
        new Key(MEDIA_WORKERS, String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors())),
                "media worker threads (rooms are pinned to one)"),
        new Key(PUBLISHER_TRANSPORT_CC, "true", "negotiate transport-cc with publishers (true/false); only with a media"
                + " core that sends transport-cc feedback: without it, browsers' send estimates decay"),
        new Key(ADMIN_TOKEN, "", "bearer token for /api/admin and the /admin page (empty: admin API disabled);"
                + " prefer the env var: flags show in the process list"),
        new Key(RESUME_GRACE, "30", "seconds a participant whose WebSocket dropped (without leave) stays in the room,"
                + " resumable with its resumeToken (0-3600; 0: leaves at once)"),
        new Key(RING_TIMEOUT, "30", "seconds a direct call rings before it ends with no-answer"),
        new Key(BWE_MODEL, "gcc", "receiver rate policy: gcc (the send-side estimate) or learned (the link-quality"
                + " model bounded by the estimate; falls back to gcc, with a warning, if the model does not load)"),
        new Key(BWE_MODEL_FILE, "", "model file for bwe.model=learned (empty: the model shipped in media-server)"),
        new Key(BWE_FREEZE_FEEDBACK, "off", "with bwe.model=learned, use the receivers' own freeze reports (client-stats):"
                + " off, or MARGIN,WINDOW_SECONDS,CAP - margin while none froze within the window, at most CAP x the"
                + " estimate after a freeze (e.g. 1.0,60,1.0; see docs/congestion-control.md)"),
        new Key(WHIP_TOKEN, "", "bearer token WHIP/WHEP requests must carry (empty: none needed)"),
        new Key(WHIP_ICE_TIMEOUT, "30", "seconds a WHIP/WHEP session's media may stay unconnected before it is ended"),
        new Key(ICE_SERVERS, "", "comma-separated stun:/turn:/turns: URLs handed to clients (browsers, WHIP/WHEP"
                + " Link headers) for networks that block UDP to the media port; empty: none"),
        new Key(TURN_USERNAME, "", "static TURN username (with ice.turn-credential)"),
        new Key(TURN_CREDENTIAL, "", "static TURN password; prefer the env var"),
        new Key(TURN_SECRET, "", "shared secret for time-limited TURN credentials (coturn static-auth-secret,"
                + " use-auth-secret); overrides the static pair; prefer the env var"),
        new Key(TURN_TTL, "86400", "lifetime in seconds of a time-limited TURN credential"),
    };

    private ConfigKeys() {}

    public static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Key k : KEYS) {
            m.put(k.name(), k.defaultValue());
        }
        return m;
    }

    /** CHORUS_ + upper case, dots and dashes as underscores: media.public-address → CHORUS_MEDIA_PUBLIC_ADDRESS. */
    public static String envName(String key) {
        return "CHORUS_" + key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    public static boolean isKnown(String key) {
        for (Key k : KEYS) {
            if (k.name().equals(key)) {
                return true;
            }
        }
        return false;
    }

    public static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: chorus-server [--config FILE] [--KEY=VALUE ...]\n\n");
        sb.append("Settings come from built-in defaults, then the config file (default config/chorus.conf if\n");
        sb.append("present; lines of 'key = value', # comments), then environment variables, then flags.\n\n");
        for (Key k : KEYS) {
            sb.append(String.format("  --%-28s %s%n", k.name() + "=" + (k.defaultValue().isEmpty() ? "\"\"" : k.defaultValue()), k.help()));
            sb.append(String.format("    %-28s env %s%n", "", envName(k.name())));
        }
        return sb.toString();
    }
}
