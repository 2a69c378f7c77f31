package dev.chorus.media.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner end to end on three small fixtures, cut short. */
class EvaluateMainTest {
    @Test
    void writesSummaryTimeSeriesAndTelemetry(@TempDir Path dir) throws Exception {
        Path traces = dir.resolve("traces");
        Files.createDirectories(traces.resolve("sub"));
        for (String f : List.of("norway-trace_10367", "gym-loss-pattern-3.json", "mahimahi-verizon-evdo-excerpt.down")) {
            try (InputStream in = getClass().getResourceAsStream("/traces/" + f)) {
                Files.copy(in, traces.resolve(f.startsWith("gym") ? "sub/" + f : f));
            }
        }
        Files.writeString(traces.resolve("README.md"), "not a trace");
        Files.writeString(traces.resolve("broken.json"), "{\"uplink\": {}}");
        Path out = dir.resolve("out");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = EvaluateMain.run(new String[] {"--traces", traces.toString(), "--out", out.toString(),
                "--max-duration", "20", "--min-duration", "10", "--threads", "2", "--telemetry"},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, "the broken trace makes the exit code 1: " + err);
        assertTrue(err.contains("broken.json"), err);

        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(3, s.get("trace_count").asInt());
        assertEquals("broken.json", s.get("failed").get(0).get("name").asText());
        assertEquals("README.md", s.get("skipped").get(0).get("name").asText());
        for (String p : Policies.BASELINES) {
            JsonNode agg = s.get("policies").get(p);
            for (String m : List.of("utilization", "overshoot", "freezes_per_min", "switches_per_min", "delivered_kbps")) {
                assertTrue(agg.get(m).isNumber(), p + " " + m);
                assertTrue(agg.get("pooled").get(m).isNumber(), p + " pooled " + m);
            }
            assertTrue(agg.get("utilization").asDouble() >= 0 && agg.get("utilization").asDouble() <= 1);
        }
        assertEquals(3, s.get("per_trace").size());
        assertEquals("mahimahi-verizon-evdo-excerpt.down", s.get("per_trace").get(0).get("trace").asText());
        assertEquals(20.0, s.get("per_trace").get(0).get("gcc").get("simulated_s").asDouble());
        assertTrue(s.get("per_trace").get(2).get("looped").asBoolean()); // the 1.5 s gym pattern

        List<String> series = Files.readAllLines(out.resolve("timeseries/norway-trace_10367.csv"));
        assertEquals("time_s,capacity_kbps,gcc_allowed_kbps,gcc_forwarded_kbps,gcc_delivered_kbps,gcc_layer,"
                + "ewma_allowed_kbps,ewma_forwarded_kbps,ewma_delivered_kbps,ewma_layer,"
                + "oracle_allowed_kbps,oracle_forwarded_kbps,oracle_delivered_kbps,oracle_layer", series.get(0));
        assertEquals(200, series.size()); // 199 samples (0.1 … 19.9 s) and the header
        assertTrue(series.get(1).startsWith("0.1,473.9,"), series.get(1));
        assertTrue(Files.exists(out.resolve("timeseries/sub_gym-loss-pattern-3.json.csv")));
        List<String> tel = Files.readAllLines(out.resolve("telemetry/norway-trace_10367.oracle.csv"));
        assertEquals(201, tel.size()); // rows at 0, 0.1 … 19.9 s
        // the row at 4.9 s: 0.1 s at 473.904 then 0.9 s at 487.92 kbit/s ahead; 90 % of it at 487.92 or more
        assertTrue(tel.get(50).startsWith("norway-trace_10367,4.9,") && tel.get(50).endsWith(",486.518,487.92"), tel.get(50));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("oracle"), stdout.toString(StandardCharsets.UTF_8));

        String report = Files.readString(out.resolve("report.md"));
        JsonNode gcc = s.get("policies").get("gcc");
        assertTrue(report.contains(String.format(java.util.Locale.ROOT, "| gcc | %.3f | %.3f | %.2f | %.2f | %.0f |%n",
                gcc.get("utilization").asDouble(), gcc.get("overshoot").asDouble(), gcc.get("freezes_per_min").asDouble(),
                gcc.get("switches_per_min").asDouble(), gcc.get("delivered_kbps").asDouble())), report);
        assertTrue(report.contains("- Failed: `broken.json`"), report);
        for (String plot : List.of("norway-trace_10367.png", "sub_gym-loss-pattern-3.json.png",
                "mahimahi-verizon-evdo-excerpt.down.png")) {
            assertTrue(report.contains("](plots/" + plot + ")"), plot + " linked: " + report);
            java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve("plots").resolve(plot).toFile());
            assertEquals(1000, png.getWidth(), plot);
            assertEquals(400, png.getHeight(), plot);
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount(@TempDir Path dir) throws Exception {
        Path traces = dir.resolve("traces");
        Files.createDirectories(traces);
        for (String f : List.of("norway-ferry-2011-02-01.log", "gym-4g3mbps-excerpt.json", "norway-trace_10367")) {
            try (InputStream in = getClass().getResourceAsStream("/traces/" + f)) {
                Files.copy(in, traces.resolve(f));
            }
        }
        String[] summaries = new String[2];
        for (int threads = 1; threads <= 2; threads++) {
            Path out = dir.resolve("out" + threads);
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            assertEquals(0, EvaluateMain.run(new String[] {"--traces", traces.toString(), "--out", out.toString(),
                    "--max-duration", "15", "--threads", Integer.toString(threads)}, quiet, quiet));
            summaries[threads - 1] = Files.readString(out.resolve("summary.json"))
                    .replaceAll("\"(wall_s|threads)\" : [0-9.]+", "")
                    .replace(dir.resolve("out" + threads).toString(), "");
        }
        assertEquals(summaries[0], summaries[1]);
    }

    @Test
    void badArgumentsPrintUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", "x"}, System.out, e));
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", "x", "--out", "y", "--policies", "psychic"}, System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: EvaluateMain"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown policy 'psychic'"));
        // the learned policy's knobs are checked before anything runs
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", "x", "--out", "y", "--learned-low-margin", "-1"},
                System.out, e));
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", "x", "--out", "y", "--danger-loss", "2"}, System.out, e));
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", "x", "--out", "y", "--danger-hold-s", "soon"},
                System.out, e));
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", "x", "--out", "y", "--freeze-feedback-margin", "2"},
                System.out, e));
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", "x", "--out", "y", "--freeze-feedback-cap", "0.2"},
                System.out, e));
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", "x", "--out", "y", "--trust-window-s", "3"}, System.out, e));
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", "x", "--out", "y", "--trust-window-s", "10",
                "--trust-tau", "-1"}, System.out, e));
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", "x", "--out", "y", "--learned-probe-cap", "5"},
                System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--learned-probe-cap must be 0 or in [0.01, 4.0]"));
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", "x", "--out", "y", "--gcc-headroom", "1"}, System.out, e));
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", "x", "--out", "y", "--gcc-headroom", "-0.1"},
                System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--gcc-headroom must be in [0, 1)"));
    }

    @Test
    void gccHeadroomLowersWhatGccSpendsAndProbingIsReported(@TempDir Path dir) throws Exception {
        Path traces = Files.createDirectories(dir.resolve("traces"));
        Files.writeString(traces.resolve("flat"), "0 1.2\n1 1.2\n2 1.2\n"); // room for the middle layer, not the top
        JsonNode[] runs = new JsonNode[2];
        String[] headrooms = {"0", "0.6"};
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("o" + i);
            assertEquals(0, EvaluateMain.run(new String[] {"--traces", traces.toString(), "--out", out.toString(),
                    "--policies", "gcc", "--min-duration", "30", "--gcc-headroom", headrooms[i]}, System.out, System.err));
            runs[i] = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            assertEquals(Double.parseDouble(headrooms[i]), runs[i].get("gcc_headroom").asDouble());
        }
        double full = runs[0].get("policies").get("gcc").get("delivered_kbps").asDouble();
        double less = runs[1].get("policies").get("gcc").get("delivered_kbps").asDouble();
        assertTrue(less < 0.8 * full, "headroom 0.6 must spend less: " + less + " vs " + full);
        JsonNode t = runs[0].get("per_trace").get(0).get("gcc");
        assertTrue(t.get("probe_clusters").asInt() >= 2, "the start-up probes at least: " + t);
        assertTrue(t.get("padding_kbps").asDouble() > 0, t.toString());
    }

    @Test
    void aProbeCapStopsLearnedProbingBeyondItsPrediction(@TempDir Path dir) throws Exception {
        Path traces = Files.createDirectories(dir.resolve("traces"));
        Files.writeString(traces.resolve("flat"), "0 1.2\n1 1.2\n2 1.2\n"); // the top layer never fits: probes
        JsonNode[] runs = new JsonNode[2];
        String[] caps = {"0", "0.01"};
        for (int i = 0; i < 2; i++) {
            runs[i] = evaluate(traces, dir.resolve("cap" + i), "--policies", "learned", "--min-duration", "60",
                    "--learned-probe-cap", caps[i]);
            assertEquals(Double.parseDouble(caps[i]), runs[i].get("learned_probe_cap").asDouble());
        }
        int uncapped = runs[0].get("per_trace").get(0).get("learned").get("probe_clusters").asInt();
        int capped = runs[1].get("per_trace").get(0).get("learned").get("probe_clusters").asInt();
        assertTrue(uncapped > capped, "uncapped " + uncapped + " probe clusters, capped " + capped);
    }

    @Test
    void theOracleSettingsReachTheOracleAndTheSummary(@TempDir Path dir) throws Exception {
        Path traces = Files.createDirectories(dir.resolve("traces"));
        Files.writeString(traces.resolve("flat"), "0 1.2\n1 1.2\n2 1.2\n"); // the top layer never fits: probes
        String[][] settings = {{"1", "0"}, {"0.3", "1"}};
        JsonNode[] runs = new JsonNode[2];
        for (int i = 0; i < 2; i++) {
            runs[i] = evaluate(traces, dir.resolve("o" + i), "--policies", "oracle", "--min-duration", "60",
                    "--oracle-margin", settings[i][0], "--oracle-probe-cap", settings[i][1]);
            assertEquals(Double.parseDouble(settings[i][0]), runs[i].get("oracle_settings").get("margin").asDouble());
        }
        JsonNode full = runs[0].get("per_trace").get(0).get("oracle");
        JsonNode half = runs[1].get("per_trace").get(0).get("oracle");
        assertTrue(half.get("delivered_kbps").asDouble() < 0.75 * full.get("delivered_kbps").asDouble(),
                "margin 0.3: " + half + " against " + full);
        assertTrue(half.get("probe_clusters").asInt() < full.get("probe_clusters").asInt(),
                "probes capped at the link: " + half + " against " + full);
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", traces.toString(), "--out", dir.resolve("bad")
                .toString(), "--oracle-margin", "3"}, System.out, System.err));
    }

    @Test
    void aPerfectModelRunCarriesTheLearnedSettingsItRanWith(@TempDir Path dir) throws Exception {
        Path traces = Files.createDirectories(dir.resolve("traces"));
        Files.writeString(traces.resolve("flat"), "0 1.2\n1 1.2\n2 1.2\n");
        JsonNode summary = evaluate(traces, dir.resolve("o"), "--policies", "learned-oracle,learned-past",
                "--min-duration", "20", "--learned-up-bound", "3", "--learned-down-bound", "0");
        assertEquals(3.0, summary.get("learned_settings").get("upBound").asDouble());
        assertEquals(0.0, summary.get("learned_settings").get("downBound").asDouble());
        assertEquals(0.0, summary.get("perfect_model_noise").asDouble());
        JsonNode t = summary.get("per_trace").get(0);
        assertTrue(t.get("learned-oracle").get("delivered_kbps").asDouble() > 0, t.toString());
        assertTrue(t.get("learned-past").get("delivered_kbps").asDouble() > 0, t.toString());
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", traces.toString(), "--out", dir.resolve("bad")
                .toString(), "--policies", "learned-oracle", "--learned-down-bound", "1.5"}, System.out, System.err));
        assertEquals(2, EvaluateMain.run(new String[] {"--traces", traces.toString(), "--out", dir.resolve("bad")
                .toString(), "--policies", "learned-oracle", "--perfect-model-noise", "3"}, System.out, System.err));
    }

    @Test
    void theFreezeFeedbackSettingsReachTheLearnedPolicyAndTheSummary(@TempDir Path dir) throws Exception {
        Path traces = Files.createDirectories(dir.resolve("traces"));
        Files.writeString(traces.resolve("flat"), "0 1.0\n1 1.0\n2 1.0\n");
        Path out = dir.resolve("o");
        assertEquals(0, EvaluateMain.run(new String[] {"--traces", traces.toString(), "--out", out.toString(),
                "--policies", "learned", "--min-duration", "12", "--freeze-feedback-margin", "1.1",
                "--freeze-feedback-window-s", "30", "--freeze-feedback-cap", "0.9"}, System.out, System.err));
        JsonNode f = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("learned_freeze_feedback");
        assertEquals(1.1, f.get("margin").asDouble());
        assertEquals(30.0, f.get("windowS").asDouble());
        assertEquals(0.9, f.get("capFactor").asDouble());
    }

    @Test
    void theTrustGateSettingsReachTheLearnedPolicyAndEachTraceReportsItsGate(@TempDir Path dir) throws Exception {
        Path traces = Files.createDirectories(dir.resolve("traces"));
        // a link that halves every 5 s: full seconds for the gate to score
        Files.writeString(traces.resolve("steps"), "0 1.6\n5 0.4\n10 1.6\n15 0.4\n20 1.6\n");
        ObjectMapper json = new ObjectMapper();
        Path off = dir.resolve("off");
        assertEquals(0, EvaluateMain.run(new String[] {"--traces", traces.toString(), "--out", off.toString(),
                "--policies", "learned", "--min-duration", "40"}, System.out, System.err));
        JsonNode plain = json.readTree(off.resolve("summary.json").toFile());
        assertEquals(0.0, plain.get("learned_trust_gate").get("windowS").asDouble());
        assertTrue(plain.get("per_trace").get(0).get("learned").get("gate_learned_share") == null);
        Path on = dir.resolve("on");
        assertEquals(0, EvaluateMain.run(new String[] {"--traces", traces.toString(), "--out", on.toString(),
                "--policies", "learned", "--min-duration", "40", "--trust-window-s", "10", "--trust-tau", "0.2",
                "--trust-against-estimate"}, System.out, System.err));
        JsonNode gated = json.readTree(on.resolve("summary.json").toFile());
        JsonNode g = gated.get("learned_trust_gate");
        assertEquals(10.0, g.get("windowS").asDouble());
        assertEquals(0.2, g.get("tau").asDouble());
        assertTrue(g.get("againstEstimate").asBoolean());
        JsonNode t = gated.get("per_trace").get(0).get("learned");
        double share = t.get("gate_learned_share").asDouble();
        assertTrue(share >= 0 && share <= 1, t.toString());
        assertTrue(t.get("gate_scored").asLong() > 0, "a link that drops to a quarter fills up: " + t);
    }

    @Test
    void learnedWithoutAUsableModelRefusesToRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path traces = java.nio.file.Files.createDirectories(dir.resolve("traces"));
        java.nio.file.Files.writeString(traces.resolve("flat"), "0 1.0\n1 1.0\n2 1.0\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(1, EvaluateMain.run(new String[] {"--traces", traces.toString(), "--out", dir.resolve("o").toString(),
                "--model", dir.resolve("absent.bin").toString()}, System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no usable model"), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs EvaluateMain on {@code traces} into {@code out} with {@code options}; its summary.json. */
    private static JsonNode evaluate(Path traces, Path out, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--traces", traces.toString(), "--out", out.toString()));
        args.addAll(List.of(options));
        assertEquals(0, EvaluateMain.run(args.toArray(String[]::new), System.out, System.err));
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }
}
