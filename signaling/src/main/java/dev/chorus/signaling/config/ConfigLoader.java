package dev.chorus.signaling.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds a {@link ServerConfig} from defaults, a {@code key = value} file, env vars and flags. */
public final class ConfigLoader {
    private ConfigLoader() {}

    public static final class ConfigException extends Exception {
        public ConfigException(String message) {
            super(message);
        }
    }

    /** Thrown for {@code --help}: the caller prints {@link ConfigKeys#help()} and exits 0. */
    public static final class HelpRequested extends Exception {
        public HelpRequested() {
            super("help");
        }
    }

    public static ServerConfig load(String[] args, Map<String, String> env) throws ConfigException, HelpRequested {
        Map<String, String> values = ConfigKeys.defaults();
        String configFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                throw new HelpRequested();
            }
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                configFile = args[i].substring("--config=".length());
            }
        }
        if (configFile == null && env.get("CHORUS_CONFIG") != null) {
            configFile = env.get("CHORUS_CONFIG");
        }
        Path file = Path.of(configFile != null ? configFile : "config/chorus.conf");
        if (Files.isRegularFile(file)) {
            readFile(file, values);
        } else if (configFile != null) {
            throw new ConfigException("config file not found: " + file);
        }
        for (String key : List.copyOf(values.keySet())) {
            String v = env.get(ConfigKeys.envName(key));
            if (v != null) {
                values.put(key, v.trim());
            }
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config")) {
                i++;
                continue;
            }
            if (a.startsWith("--config=")) {
                continue;
            }
            if (!a.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + a + "' (try --help)");
            }
            String kv = a.substring(2);
            String key;
            String value;
            int eq = kv.indexOf('=');
            if (eq >= 0) {
                key = kv.substring(0, eq);
                value = kv.substring(eq + 1);
            } else if (i + 1 < args.length) {
                key = kv;
                value = args[++i];
            } else {
                throw new ConfigException("flag --" + kv + " needs a value");
            }
            if (!ConfigKeys.isKnown(key)) {
                throw new ConfigException("unknown setting '" + key + "' (try --help)");
            }
            values.put(key, value);
        }
        try {
            return fromMap(values);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static void readFile(Path file, Map<String, String> values) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int sep = line.indexOf('=');
            if (sep < 0) {
                sep = line.indexOf(':');
            }
            if (sep <= 0) {
                throw new ConfigException(file + ":" + n + ": expected 'key = value'");
            }
            String key = line.substring(0, sep).strip();
            String value = line.substring(sep + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!ConfigKeys.isKnown(key)) {
                throw new ConfigException(file + ":" + n + ": unknown setting '" + key + "'");
            }
            values.put(key, value);
        }
    }

    static ServerConfig fromMap(Map<String, String> m) {
        try {
            return new ServerConfig(
                    m.get(ConfigKeys.HTTP_BIND),
                    port(m, ConfigKeys.HTTP_PORT), port(m, ConfigKeys.HTTPS_PORT),
                    blankToNull(m.get(ConfigKeys.TLS_CERT)), blankToNull(m.get(ConfigKeys.TLS_KEY)),
                    m.get(ConfigKeys.DATA_DIR),
                    port(m, ConfigKeys.MEDIA_PORT), blankToNull(m.get(ConfigKeys.MEDIA_BIND)),
                    blankToNull(m.get(ConfigKeys.MEDIA_PUBLIC)),
                    positive(m, ConfigKeys.MAX_FRAME), positive(m, ConfigKeys.MEDIA_WORKERS),
                    bool(m, ConfigKeys.PUBLISHER_TRANSPORT_CC),
                    blankToNull(m.get(ConfigKeys.ADMIN_TOKEN)),
                    range(m, ConfigKeys.RESUME_GRACE, 0, ServerConfig.MAX_RESUME_GRACE_SECONDS),
                    positive(m, ConfigKeys.RING_TIMEOUT),
                    m.get(ConfigKeys.BWE_MODEL), blankToNull(m.get(ConfigKeys.BWE_MODEL_FILE)),
                    blankToNull(m.get(ConfigKeys.WHIP_TOKEN)),
                    positive(m, ConfigKeys.WHIP_ICE_TIMEOUT),
                    new IceServersConfig(list(m.get(ConfigKeys.ICE_SERVERS)), m.get(ConfigKeys.TURN_USERNAME),
                            m.get(ConfigKeys.TURN_CREDENTIAL), m.get(ConfigKeys.TURN_SECRET),
                            positive(m, ConfigKeys.TURN_TTL)),
                    freezeFeedback(m.get(ConfigKeys.BWE_FREEZE_FEEDBACK)));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static int port(Map<String, String> m, String key) throws ConfigException {
        int v = integer(m, key);
        if (v < -1 || v > 65535) {
            throw new ConfigException(key + " must be a port number (0-65535, -1 = off), got " + v);
        }
        return v;
    }

    private static int positive(Map<String, String> m, String key) throws ConfigException {
        int v = integer(m, key);
        if (v <= 0) {
            throw new ConfigException(key + " must be positive, got " + v);
        }
        return v;
    }

    private static int range(Map<String, String> m, String key, int min, int max) throws ConfigException {
        int v = integer(m, key);
        if (v < min || v > max) {
            throw new ConfigException(key + " must be " + min + "-" + max + ", got " + v);
        }
        return v;
    }

    private static boolean bool(Map<String, String> m, String key) throws ConfigException {
        String v = m.get(key).trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(key + " must be true or false, got '" + m.get(key) + "'");
    }

    private static int integer(Map<String, String> m, String key) throws ConfigException {
        try {
            return Integer.parseInt(m.get(key).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got '" + m.get(key) + "'");
        }
    }

    /** {@code off} (or empty), or {@code MARGIN,WINDOW_SECONDS,CAP}. */
    public static dev.chorus.media.quality.FreezeFeedback.Settings freezeFeedback(String v) throws ConfigException {
        var off = dev.chorus.media.quality.FreezeFeedback.Settings.OFF;
        if (v == null || v.isBlank() || v.strip().equalsIgnoreCase("off")) {
            return off;
        }
        String[] parts = v.split(",");
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException("three numbers");
            }
            double margin = Double.parseDouble(parts[0].strip());
            if (!(margin > 0)) {
                throw new IllegalArgumentException("a margin above 0 (or off)");
            }
            return new dev.chorus.media.quality.FreezeFeedback.Settings(margin, Double.parseDouble(parts[1].strip()),
                    Double.parseDouble(parts[2].strip()), off.staleS());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKeys.BWE_FREEZE_FEEDBACK + " must be off or MARGIN,WINDOW_SECONDS,CAP"
                    + " (margin 0-1.5, window > 0, cap 0.5-1.5), got '" + v + "'");
        }
    }

    private static java.util.List<String> list(String s) {
        return s == null ? java.util.List.of()
                : java.util.Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
