package dev.chorus.media.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/predictability-bound} (docs/model-report.md, "Diagnostic (session 12)") on traces whose
 * answers are known by hand: samples every 2 s from 0 to 40 s, rows every 100 ms from 5 s while the
 * next second is inside the trace (340 per trace, 9 of every 20 crossing a sample).
 */
class PredictabilityBoundScriptTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "predictability-bound");

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
        /** The columns of the output line for set {@code name}. */
        String[] row(String name) {
            for (String line : out.split("\n")) {
                String[] c = line.trim().split("\\s+");
                if (c[0].equals(name)) {
                    return c;
                }
            }
            throw new AssertionError("no line for " + name + " in:\n" + out + err);
        }
    }

    private static Result run(Path... dirs) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed");
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString()));
        for (Path d : dirs) {
            cmd.add(d.toString());
        }
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script did not finish");
        return new Result(p.exitValue(), out, err);
    }

    /** Two identical traces (the first fits the bound, the second is scored), Mbit/s per 2 s sample. */
    private Path set(String name, double even, double odd) throws IOException {
        Path set = Files.createDirectories(dir.resolve(name));
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k <= 20; k++) {
            sb.append(2 * k).append(".0\t").append(k % 2 == 0 ? even : odd).append('\n');
        }
        Files.writeString(set.resolve("a.log"), sb);
        Files.writeString(set.resolve("b.log"), sb);
        return set;
    }

    @Test
    void persistenceMissesTheJumpsAndTheBucketBoundLearnsThemFromTheOtherTrace() throws Exception {
        Result r = run(set("alternating", 1.0, 3.0), set("constant", 2.0, 2.0));
        assertEquals(0, r.exit(), r.err());
        String[] alt = r.row("alternating");
        assertEquals("2", alt[1]);
        assertEquals("680", alt[2]);
        // exact: the mean over the 340 rows of |last second − next second| / next second (1 ↔ 3 Mbit/s)
        assertEquals(0.596, Double.parseDouble(alt[3]), 1e-9);
        // the jump is the same in both traces, so the constants fitted on the first are exact on the second
        assertEquals(0.0, Double.parseDouble(alt[4]), 1e-9);
        assertEquals(0.45, Double.parseDouble(alt[5]), 1e-9);
        String[] constant = r.row("constant");
        assertEquals(0.0, Double.parseDouble(constant[3]), 1e-9);
        assertEquals(0.0, Double.parseDouble(constant[4]), 1e-9);
    }

    @Test
    void aSetWithoutAUsableTraceIsAnErrorNamingIt() throws Exception {
        Path junk = Files.createDirectories(dir.resolve("junk"));
        Files.writeString(junk.resolve("x.log"), "not a trace\n0.0 1.0\n");
        Result r = run(junk, dir.resolve("missing"));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("junk: no two-column trace"), r.err());
        assertTrue(r.err().contains("missing: no two-column trace"), r.err());
    }
}
