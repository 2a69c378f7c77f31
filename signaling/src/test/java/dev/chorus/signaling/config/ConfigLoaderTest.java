package dev.chorus.signaling.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.signaling.config.ConfigLoader.ConfigException;
import dev.chorus.signaling.config.ConfigLoader.HelpRequested;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence and validation: defaults ← config file ← environment ← flags. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    /** An empty config file named by the environment, so the working directory's config/chorus.conf never leaks in. */
    private Map<String, String> noFileEnv() throws Exception {
        Path empty = dir.resolve("empty.conf");
        Files.writeString(empty, "");
        return Map.of("CHORUS_CONFIG", empty.toString());
    }

    private Path file(String text) throws Exception {
        Path f = dir.resolve("chorus.conf");
        Files.writeString(f, text);
        return f;
    }

    private static ServerConfig load(Map<String, String> env, String... args) throws Exception {
        return ConfigLoader.load(args, env);
    }

    @Test
    void publisherTransportCcIsABooleanSwitch() throws Exception {
        Map<String, String> env = noFileEnv();
        assertTrue(load(env).publisherTransportCc());
        assertEquals(false, load(env, "--signaling.publisher-transport-cc=false").publisherTransportCc());
        assertEquals(false, load(Map.of("CHORUS_CONFIG", env.get("CHORUS_CONFIG"),
                "CHORUS_SIGNALING_PUBLISHER_TRANSPORT_CC", "FALSE")).publisherTransportCc());
        ConfigException e = assertThrows(ConfigException.class, () -> load(env, "--signaling.publisher-transport-cc=yes"));
        assertTrue(e.getMessage().contains("signaling.publisher-transport-cc"), e.getMessage());
    }

    @Test
    void resumeGraceIsZeroToAnHour() throws Exception {
        Map<String, String> env = noFileEnv();
        assertEquals(30, load(env).resumeGraceSeconds());
        assertEquals(0, load(env, "--signaling.resume-grace-seconds=0").resumeGraceSeconds());
        assertEquals(3600, load(Map.of("CHORUS_CONFIG", env.get("CHORUS_CONFIG"),
                "CHORUS_SIGNALING_RESUME_GRACE_SECONDS", "3600")).resumeGraceSeconds());
        for (String bad : new String[] {"-1", "3601", "1.5", "soon"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(env, "--signaling.resume-grace-seconds=" + bad));
            assertTrue(e.getMessage().contains("signaling.resume-grace-seconds"), e.getMessage());
        }
        assertEquals(5, ServerConfig.ephemeralLoopback().withResumeGraceSeconds(5).resumeGraceSeconds());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.ephemeralLoopback().withResumeGraceSeconds(-1));
    }

    @Test
    void freezeFeedbackIsOffOrMarginWindowCap() throws Exception {
        Map<String, String> env = noFileEnv();
        var off = dev.chorus.media.quality.FreezeFeedback.Settings.OFF;
        assertEquals(off, load(env).freezeFeedback());
        assertEquals(off, load(env, "--bwe.freeze-feedback=OFF").freezeFeedback());
        var on = load(env, "--bwe.freeze-feedback=1.2, 30 ,0.9").freezeFeedback();
        assertEquals(new dev.chorus.media.quality.FreezeFeedback.Settings(1.2, 30, 0.9, off.staleS()), on);
        assertEquals(1.0, load(Map.of("CHORUS_CONFIG", env.get("CHORUS_CONFIG"),
                "CHORUS_BWE_FREEZE_FEEDBACK", "1.0,60,1.0")).freezeFeedback().margin());
        for (String bad : new String[] {"on", "1.0,60", "1.0,60,1.0,5", "0,60,1", "2,60,1", "1,0,1", "1,60,0.2", "a,b,c"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(env, "--bwe.freeze-feedback=" + bad));
            assertTrue(e.getMessage().contains("bwe.freeze-feedback"), bad + ": " + e.getMessage());
        }
    }

    @Test
    void ringTimeoutIsAPositiveNumberOfSeconds() throws Exception {
        Map<String, String> env = noFileEnv();
        assertEquals(30, load(env).ringTimeoutSeconds());
        assertEquals(5, load(env, "--lobby.ring-timeout-seconds=5").ringTimeoutSeconds());
        assertEquals(7, load(Map.of("CHORUS_CONFIG", env.get("CHORUS_CONFIG"),
                "CHORUS_LOBBY_RING_TIMEOUT_SECONDS", "7")).ringTimeoutSeconds());
        for (String bad : new String[] {"0", "-1", "soon", "1.5"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(env, "--lobby.ring-timeout-seconds=" + bad));
            assertTrue(e.getMessage().contains("lobby.ring-timeout-seconds"), e.getMessage());
        }
        assertEquals(3, ServerConfig.defaults().withRingTimeoutSeconds(3).ringTimeoutSeconds());
    }

    @Test
    void defaults() throws Exception {
        ServerConfig d = ServerConfig.defaults();
        assertEquals(8080, d.httpPort());
        assertEquals(8443, d.httpsPort());
        assertEquals(10000, d.mediaPort());
        assertEquals(262144, d.maxFrameBytes());
        assertEquals("0.0.0.0", d.httpBind());
        assertNull(d.mediaPublicAddress());
        assertNull(d.tlsCertFile());

        Path empty = file("# nothing here\n\n");
        ServerConfig c = load(Map.of(), "--config", empty.toString());
        assertEquals(d, c);
    }

    @Test
    void aMissingDefaultConfigFileIsNotAnError() throws Exception {
        Assumptions.assumeFalse(Files.exists(Path.of("config/chorus.conf")), "a default config file is present");
        assertEquals(ServerConfig.defaults(), load(Map.of()));
    }

    @Test
    void aConfigFileNamedByTheEnvironmentMustExist() {
        // CHORUS_CONFIG names the file like --config does, so a missing one is an error there too
        Map<String, String> env = Map.of("CHORUS_CONFIG", dir.resolve("absent.conf").toString());
        ConfigException e = assertThrows(ConfigException.class, () -> load(env));
        assertTrue(e.getMessage().contains("absent.conf"), e.getMessage());
    }

    @Test
    void configFileOverridesDefaults() throws Exception {
        Path f = file("""
                # Chorus test config
                http.port = 9000
                   https.port=9443   
                media.port: 11000
                media.public-address = "203.0.113.7"
                # media.port = 1
                signaling.max-frame-bytes = 1024

                """);
        ServerConfig c = load(Map.of(), "--config", f.toString());
        assertEquals(9000, c.httpPort());
        assertEquals(9443, c.httpsPort());
        assertEquals(11000, c.mediaPort());
        assertEquals("203.0.113.7", c.mediaPublicAddress());
        assertEquals(1024, c.maxFrameBytes());
        assertEquals("0.0.0.0", c.httpBind(), "keys absent from the file keep their defaults");

        assertEquals(c, load(Map.of(), "--config=" + f));
        assertEquals(c, load(Map.of("CHORUS_CONFIG", f.toString())));
    }

    @Test
    void environmentOverridesTheFile() throws Exception {
        Path f = file("media.public-address = 203.0.113.7\nmedia.port = 11000\n");
        ServerConfig c = load(Map.of("CHORUS_MEDIA_PUBLIC_ADDRESS", "198.51.100.9", "CHORUS_HTTP_PORT", " 8181 "),
                "--config", f.toString());
        assertEquals("198.51.100.9", c.mediaPublicAddress());
        assertEquals(8181, c.httpPort());
        assertEquals(11000, c.mediaPort(), "the file still wins over defaults");
    }

    @Test
    void flagsOverrideTheEnvironment() throws Exception {
        Path f = file("media.port = 11000\nhttp.port = 9000\n");
        Map<String, String> env = Map.of("CHORUS_MEDIA_PORT", "11500", "CHORUS_HTTP_PORT", "9500",
                "CHORUS_MEDIA_PUBLIC_ADDRESS", "198.51.100.9");
        ServerConfig c = load(env, "--config", f.toString(), "--media.port=12000", "--http.port", "9090");
        assertEquals(12000, c.mediaPort());
        assertEquals(9090, c.httpPort());
        assertEquals("198.51.100.9", c.mediaPublicAddress(), "env still wins where no flag is given");
        // the order of --config among the flags does not matter
        assertEquals(c, load(env, "--media.port=12000", "--http.port", "9090", "--config", f.toString()));
    }

    @Test
    void unknownKeyInTheFileIsRejectedWithItsLine() throws Exception {
        Path f = file("# ok\nhttp.port = 9000\nhttp.prot = 9001\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), "--config", f.toString()));
        assertTrue(e.getMessage().contains("http.prot"), e.getMessage());
        assertTrue(e.getMessage().contains(":3"), "names the line: " + e.getMessage());
    }

    @Test
    void lineWithoutASeparatorIsRejected() throws Exception {
        Path f = file("http.port 9000\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), "--config", f.toString()));
        assertTrue(e.getMessage().contains("key = value"), e.getMessage());
    }

    @Test
    void unknownFlagIsRejected() throws Exception {
        Map<String, String> env = noFileEnv();
        ConfigException e = assertThrows(ConfigException.class, () -> load(env, "--media.prot=1"));
        assertTrue(e.getMessage().contains("media.prot"), e.getMessage());
        ConfigException e2 = assertThrows(ConfigException.class, () -> load(env, "--bogus", "1"));
        assertTrue(e2.getMessage().contains("bogus"), e2.getMessage());
    }

    @Test
    void strayArgumentsAndFlagsWithoutValuesAreRejected() throws Exception {
        Map<String, String> env = noFileEnv();
        assertThrows(ConfigException.class, () -> load(env, "8080"));
        ConfigException e = assertThrows(ConfigException.class, () -> load(env, "--http.port"));
        assertTrue(e.getMessage().contains("http.port"), e.getMessage());
    }

    @Test
    void nonNumericOrOutOfRangePortsAreRejected() throws Exception {
        Map<String, String> env = noFileEnv();
        ConfigException flag = assertThrows(ConfigException.class, () -> load(env, "--http.port=http"));
        assertTrue(flag.getMessage().contains("http.port"), flag.getMessage());
        assertTrue(flag.getMessage().contains("'http'"), flag.getMessage());

        Path f = file("media.port = ten thousand\n");
        ConfigException file = assertThrows(ConfigException.class, () -> load(Map.of(), "--config", f.toString()));
        assertTrue(file.getMessage().contains("media.port"), file.getMessage());

        Path empty = file("");
        assertThrows(ConfigException.class, () -> load(Map.of("CHORUS_HTTPS_PORT", "x"), "--config", empty.toString()));
        assertThrows(ConfigException.class, () -> load(Map.of(), "--config", empty.toString(), "--media.port=70000"));
        assertThrows(ConfigException.class, () -> load(Map.of(), "--config", empty.toString(), "--http.port=-2"));
        assertThrows(ConfigException.class,
                () -> load(Map.of(), "--config", empty.toString(), "--signaling.max-frame-bytes=0"));
        assertEquals(-1, load(Map.of(), "--config", empty.toString(), "--https.port=-1").httpsPort(), "-1 = off");
    }

    @Test
    void helpIsRequestedAndDocumentsEveryKey() throws Exception {
        Map<String, String> env = noFileEnv();
        assertThrows(HelpRequested.class, () -> load(env, "--help"));
        assertThrows(HelpRequested.class, () -> load(env, "-h"));
        // --help wins even next to invalid input
        assertThrows(HelpRequested.class, () -> load(env, "--bogus=1", "--help"));

        String help = ConfigKeys.help();
        assertEquals(ConfigKeys.KEYS.length, ConfigKeys.defaults().size());
        for (String key : ConfigKeys.defaults().keySet()) {
            assertTrue(help.contains("--" + key + "="), "help mentions " + key);
            assertTrue(help.contains(ConfigKeys.envName(key)), "help mentions " + ConfigKeys.envName(key));
        }
        for (String key : new String[] {ConfigKeys.HTTP_PORT, ConfigKeys.HTTPS_PORT, ConfigKeys.MEDIA_PORT,
                ConfigKeys.MEDIA_PUBLIC, ConfigKeys.MAX_FRAME, ConfigKeys.HTTP_BIND, ConfigKeys.TLS_CERT,
                ConfigKeys.TLS_KEY, ConfigKeys.DATA_DIR, ConfigKeys.MEDIA_BIND, ConfigKeys.MEDIA_WORKERS}) {
            assertTrue(ConfigKeys.isKnown(key), key);
            assertTrue(help.contains(key), key);
        }
        assertEquals("CHORUS_MEDIA_PUBLIC_ADDRESS", ConfigKeys.envName("media.public-address"));
        assertEquals("CHORUS_SIGNALING_MAX_FRAME_BYTES", ConfigKeys.envName("signaling.max-frame-bytes"));
    }

    @Test
    void missingExplicitConfigFileIsAnError() {
        Path absent = dir.resolve("nope.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), "--config", absent.toString()));
        assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
        assertThrows(ConfigException.class, () -> load(Map.of(), "--config=" + absent));
        // a directory is not a config file either
        assertThrows(ConfigException.class, () -> load(Map.of(), "--config", dir.toString()));
    }

    @Test
    void iceServersForClients() throws Exception {
        Map<String, String> env = noFileEnv();
        assertTrue(load(env).iceServers().isEmpty(), "none by default");
        ServerConfig c = load(Map.of("CHORUS_CONFIG", env.get("CHORUS_CONFIG"), "CHORUS_ICE_TURN_SECRET", "north"),
                "--ice.servers=stun:stun.example.org:3478, turn:turn.example.org:3478?transport=udp ,turns:turn.example.org:5349");
        assertEquals(java.util.List.of("stun:stun.example.org:3478", "turn:turn.example.org:3478?transport=udp",
                "turns:turn.example.org:5349"), c.iceServers().urls());
        assertEquals("north", c.iceServers().secret());
        assertEquals(86400, c.iceServers().ttlSeconds());
        assertTrue(!c.toString().contains("north"), "the secret never reaches logs: " + c);
        assertEquals("u", load(env, "--ice.servers=turn:t:3478", "--ice.turn-username=u", "--ice.turn-credential=p")
                .iceServers().username());
        String[][] bad = {
            {"--ice.servers=http://turn.example.org"},                     // not an ICE URI
            {"--ice.servers=turn:t:3478"},                                 // TURN without credentials
            {"--ice.servers=turn:t:3478", "--ice.turn-username=u"},        // half a static pair
            {"--ice.servers=turn:<t>:3478", "--ice.turn-secret=s"},        // breaks a Link header
            {"--ice.servers=stun:s", "--ice.turn-ttl-seconds=0"},
        };
        for (String[] args : bad) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(env, args), String.join(" ", args));
            assertTrue(!e.getMessage().isBlank());
        }
    }
}
