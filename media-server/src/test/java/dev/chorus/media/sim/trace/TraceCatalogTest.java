package dev.chorus.media.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceCatalogTest {
    private static final Path SHARED = Path.of("/work/shared/traces/train");

    @Test
    void findsTracesRecursivelyAndSkipsTheRest(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/t.down"), "0\n5\n10\n");
        Files.writeString(dir.resolve("a/norway_bus_1"), "0.0 1.0\n1.0 2.0\n");
        Files.writeString(dir.resolve("g.json"), Fixtures.text("gym-loss-pattern-3.json"));
        Files.writeString(dir.resolve("README.md"), "# traces\n");
        Files.writeString(dir.resolve("notes.txt"), "hello\n");
        Files.writeString(dir.resolve(".hidden"), "0\n5\n");
        TraceCatalog.Scan scan = TraceCatalog.scan(dir);
        assertEquals(List.of("a/b/t.down", "a/norway_bus_1", "g.json"),
                scan.traces().stream().map(TraceCatalog.Found::name).toList());
        assertEquals(List.of(TraceFormat.MAHIMAHI, TraceFormat.PENSIEVE, TraceFormat.GYM),
                scan.traces().stream().map(TraceCatalog.Found::format).toList());
        assertEquals(3, scan.skipped().size());
    }

    @Test
    void severalDirectoriesNameTracesRelativeToTheirOwnAndRefuseOneNameTwice(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("first/norway"));
        Path b = Files.createDirectories(dir.resolve("second/cell"));
        Files.writeString(a.resolve("bus_1"), "0.0 1.0\n1.0 2.0\n");
        Files.writeString(b.resolve("drive.down"), "0\n5\n10\n");
        TraceCatalog.Scan scan = TraceCatalog.scanAll(List.of(dir.resolve("first"), dir.resolve("second")));
        assertEquals(List.of("norway/bus_1", "cell/drive.down"),
                scan.traces().stream().map(TraceCatalog.Found::name).toList());
        Files.createDirectories(dir.resolve("second/norway"));
        Files.writeString(dir.resolve("second/norway/bus_1"), "0.0 3.0\n1.0 2.0\n");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> TraceCatalog.scanAll(List.of(dir.resolve("first"), dir.resolve("second"))));
        assertTrue(e.getMessage().contains("norway/bus_1"), e.getMessage());
    }

    /** Every public training trace parses (skipped where the shared directory is absent). */
    @Test
    void everySharedTraceParses() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SHARED), "no " + SHARED);
        TraceCatalog.Scan scan = TraceCatalog.scan(SHARED);
        assertTrue(scan.traces().size() >= 100, "traces: " + scan.traces().size());
        for (TraceCatalog.Found f : scan.traces()) {
            CapacityTrace t = TraceReader.read(f.path(), f.name());
            assertEquals(f.format(), t.format());
            assertTrue(t.durationNanos() > 0, f.name());
        }
        assertTrue(scan.skipped().stream().allMatch(s -> s.name().equals("README.md")), scan.skipped().toString());
    }
}
