package dev.chorus.media.sim.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.md from a small hand-written summary: the rows carry its numbers, links point at real files. */
class MarkdownReportTest {
    private static final String SUMMARY = """
            {"schema": 1, "generated_by": "dev.chorus.media.sim.EvaluateMain", "traces_dir": "/t",
             "config": {"policies": ["learned", "gcc"], "seed": 7, "min_duration_s": 60.0, "max_duration_s": 0.0},
             "simulated_s_per_policy": 180, "wall_s": 4.2, "trace_count": 2,
             "skipped": [{"name": "README.md", "reason": "not a trace"}],
             "failed": [{"name": "bad.json", "reason": "no uplink | at all"}],
             "policies": {
               "learned": {"utilization": 0.61234, "overshoot": 0.0409, "freezes_per_min": 0.5, "switches_per_min": 3.25,
                           "delivered_kbps": 701.6, "mape": 0.1234, "mae_kbps": 228.7},
               "gcc": {"utilization": 0.415, "overshoot": 0.006, "freezes_per_min": 0.95, "switches_per_min": 9.5,
                       "delivered_kbps": 427.2}},
             "per_trace": [
               {"trace": "norway/bus_1", "format": "pensieve", "trace_s": 300.0, "looped": false,
                "learned": {"simulated_s": 120.0, "capacity_kbps": 1800.4, "delivered_kbps": 900.2, "freezes_per_min": 0.5},
                "gcc": {"simulated_s": 120.0, "capacity_kbps": 1800.4, "delivered_kbps": 512.0, "freezes_per_min": 1.25}},
               {"trace": "gym/loss 3.json", "format": "gym", "trace_s": 1.5, "looped": true,
                "learned": {"simulated_s": 60.0, "capacity_kbps": 1000.0, "delivered_kbps": 503.4, "freezes_per_min": 0.0},
                "gcc": {"simulated_s": 60.0, "capacity_kbps": 1000.0, "delivered_kbps": 342.6, "freezes_per_min": 0.5}}],
             "model": "m.bin", "learned_margin": 0.8}
            """;

    @Test
    void tablesCarryTheSummaryNumbersAndPlotsLinkToFilesThatExist(@TempDir Path out) throws Exception {
        JsonNode summary = new ObjectMapper().readTree(SUMMARY);
        Files.createDirectories(out.resolve("plots"));
        Files.write(out.resolve("plots").resolve(TracePlot.fileName("norway/bus_1")), new byte[] {1});
        Path file = MarkdownReport.write(out, summary, List.of("--traces", "/t", "--out", "/my out"),
                Instant.parse("2026-11-21T14:00:00.123Z"));
        String md = Files.readString(file, StandardCharsets.UTF_8);

        assertTrue(md.contains("`scripts/evaluate-model --traces /t --out '/my out'` on 2026-11-21T14:00:00Z"), md);
        assertTrue(md.contains("- Traces: 2 from `/t` (1 other files skipped, 1 failed)"), md);
        assertTrue(md.contains("- Policies: learned, gcc (learned: `m.bin`, margin 0.8)"), md);
        assertTrue(md.contains("- Failed: `bad.json`: no uplink \\| at all"), md);
        assertTrue(md.contains("| learned | 0.612 | 0.041 | 0.50 | 3.25 | 702 | 12.3 % | 229 |\n"), md);
        assertTrue(md.contains("| gcc | 0.415 | 0.006 | 0.95 | 9.50 | 427 |  |  |\n"), md);
        assertTrue(md.contains("| trace | format | simulated s | capacity kbit/s | learned kbit/s | learned freezes/min "
                + "| gcc kbit/s | gcc freezes/min |\n"), md);
        assertTrue(md.contains("| `norway/bus_1` | pensieve | 120 | 1800 | 900 | 0.50 | 512 | 1.25 |\n"), md);
        assertTrue(md.contains("| `gym/loss 3.json` | gym | 60 (looped) | 1000 | 503 | 0.00 | 343 | 0.50 |\n"), md);

        Matcher links = Pattern.compile("!\\[[^\\]]*\\]\\(([^)]+)\\)").matcher(md);
        int n = 0;
        while (links.find()) {
            n++;
            assertTrue(Files.isRegularFile(out.resolve(links.group(1))), links.group(1));
        }
        assertTrue(n == 1, n + " plot links, only one plot exists");
        assertTrue(md.contains("### `gym/loss 3.json`\n\n(no plot)"), md);
    }
}
