package dev.chorus.signaling.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** admin.token: file, CHORUS_ADMIN_TOKEN (wins over the file), and that it is never printed. */
class AdminTokenConfigTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("chorus.conf");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void unsetMeansDisabled() throws Exception {
        Path f = file("");
        assertNull(ConfigLoader.load(new String[] {"--config", f.toString()}, Map.of()).adminToken());
        assertNull(ServerConfig.defaults().adminToken());
        assertNull(ServerConfig.ephemeralLoopback().adminToken());
        assertNull(ConfigLoader.load(new String[] {"--config", f.toString()},
                Map.of("CHORUS_ADMIN_TOKEN", "  ")).adminToken(), "blank = none");
    }

    @Test
    void fromTheFile() throws Exception {
        Path f = file("admin.token = from-file-0123456789\n");
        assertEquals("from-file-0123456789",
                ConfigLoader.load(new String[] {"--config", f.toString()}, Map.of()).adminToken());
    }

    @Test
    void environmentWinsOverTheFile() throws Exception {
        Path f = file("admin.token = from-file-0123456789\n");
        ServerConfig c = ConfigLoader.load(new String[] {"--config", f.toString()},
                Map.of("CHORUS_ADMIN_TOKEN", " from-env-9876543210 "));
        assertEquals("from-env-9876543210", c.adminToken());
    }

    @Test
    void neverPrinted() throws Exception {
        Path f = file("admin.token = very-secret-value\n");
        ServerConfig c = ConfigLoader.load(new String[] {"--config", f.toString()}, Map.of());
        assertFalse(c.toString().contains("very-secret-value"), c.toString());
        assertTrue(c.toString().contains("adminToken=(set)"), c.toString());
        assertTrue(ConfigKeys.help().contains("CHORUS_ADMIN_TOKEN"));
    }
}
