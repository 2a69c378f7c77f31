package dev.chorus.media.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.media.quality.model.ModelLoader;
import dev.chorus.media.sim.report.MarkdownReport;
import dev.chorus.media.sim.report.TracePlot;
import dev.chorus.media.sim.trace.TraceCatalog;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Command line: runs every trace under a directory (recursively, any of the three formats) through
 * the link simulator under each policy and writes {@code summary.json}, {@code report.md} with one
 * plot per trace in {@code plots/}, per-trace time series and optionally telemetry. {@code scripts/evaluate-model} runs it; {@code --help} lists the options.
 */
public final class EvaluateMain {
    private static final String USAGE = """
            usage: EvaluateMain --traces DIR --out DIR [options]
              --traces DIR        traces to run, searched recursively (Pensieve, OpenNetLab gym JSON, mahimahi);
                                  repeatable, each trace named relative to its own DIR
              --out DIR           where summary.json, report.md, plots/, timeseries/ (and telemetry/) go;
                                  created if missing
              --policies LIST     comma-separated, from gcc,ewma,oracle,oracle-low,oracle-past,bounds,learned,
                                  learned-oracle, learned-past (the learned policy with a perfect model)
                                  (default: gcc,ewma,oracle, plus learned when --model is given)
              --gcc-headroom X    gcc allows (1 - X) × the estimate (default 0: what the server does; other
                                  values trace gcc's bitrate/freeze curve, 0 ≤ X < 1)
              --oracle-margin X   the oracles allow X × the capacity they read (0 < X ≤ 2, default 1)
              --oracle-probe-cap X  ... and probe at most X × it (0.01-4; default 0: probe as the server)
              --perfect-model-noise S  learned-oracle / learned-past off by exp(S z) per second, z
                                  standard normal (default 0: exact; 0 ≤ S ≤ 2)
              --model FILE        the learned policy's model (default: the one shipped in media-server)
              --learned-margin X  the learned policy allows X × the mean prediction (default: the
                                  policy's; tune these knobs on validation traces only)
              --learned-low-margin X  ... and at most X × the low-quantile prediction (0: ignore it)
              --danger-loss X     a row with loss ≥ X caps the rate at the estimate (0: off)
              --danger-owd-ms X   a row with mean queueing delay ≥ X ms does too (0: off)
              --danger-hold-s X   for X s after the last such row (0: off)
              --learned-up-bound X  learned allows at most X × max(estimate, fresh probe) (default 1.5)
              --learned-down-bound X  ... and at least X × the estimate (default 0.5; 0: none)
              --danger-silent-rows N  N rows in a row with media sent and nothing reported received are
                                  dangerous too (default 3; 0: off)
              --trust-floor-kbps X  while the estimate is under X kbit/s it caps learned (default 0: off)
              --freeze-feedback-margin X  learned uses margin X while the receiver's freeze reports (every
                                  5 s) show no freeze within the window (default 0: reports ignored)
              --freeze-feedback-window-s S  the window (default 60)
              --freeze-feedback-cap X  after a reported freeze learned allows at most X × the estimate
                                  (default 1.0)
              --trust-window-s S  learned follows gcc while the median error of its predictions scored
                                  (on full seconds) within the last S s is above --trust-tau
                                  (default 0: gate off; docs/model-report.md, "Round 7")
              --trust-tau X       that largest median error (default 0.3)
              --trust-against-estimate  ... plus the median error of the GCC estimate on the same seconds
              --learned-probe-cap X  learned probes at most X × its last prediction (0.01-4; default 0:
                                  off; docs/model-report.md, "Diagnostic (session 12)")
              --trace-list FILE   only the traces named in FILE, one relative name per line (e.g. the
                                  FILE.heldout.txt that train-model writes: the traces it never saw)
              --threads N         traces run in parallel (default 1; results do not depend on it)
              --seed N            base seed (default 1): same seed, same numbers
              --min-duration S    shorter traces loop up to S seconds (default 60)
              --max-duration S    cut longer traces at S seconds (default 0 = whole traces)
              --queue-bytes N     bottleneck drop-tail queue (default 64000)
              --telemetry         also write every run's 100 ms telemetry rows with labels (large)
            """;

    private EvaluateMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        List<Path> traces = new ArrayList<>();
        Path outDir = null;
        List<String> policies = Policies.BASELINES;
        Evaluation.Options o = Evaluation.Options.defaults();
        int threads = 1;
        long seed = o.seed();
        long minS = o.minDurationNanos() / 1_000_000_000L;
        long maxS = 0;
        int queue = o.link().queueBytes();
        boolean telemetry = false;
        Path model = null;
        Path traceList = null;
        dev.chorus.media.quality.LearnedRatePolicy.Settings d = dev.chorus.media.quality.LearnedRatePolicy.Settings.DEFAULTS;
        double margin = d.margin();
        double lowMargin = d.lowMargin();
        double dangerLoss = d.dangerLoss();
        double dangerOwd = d.dangerOwdMs();
        double dangerHold = d.dangerHoldS();
        double upBound = d.upBound();
        double downBound = d.downBound();
        int silentRows = d.dangerSilentRows();
        double trustFloor = d.trustFloorKbps();
        dev.chorus.media.quality.FreezeFeedback.Settings f0 = dev.chorus.media.quality.FreezeFeedback.Settings.OFF;
        double feedbackMargin = f0.margin();
        double feedbackWindow = f0.windowS();
        double feedbackCap = f0.capFactor();
        dev.chorus.media.quality.FreezeFeedback.Settings feedback = f0;
        double trustWindow = 0;
        double trustTau = 0.3;
        boolean trustRelative = false;
        double probeCap = 0;
        dev.chorus.media.quality.TrustGate.Settings gate = dev.chorus.media.quality.TrustGate.Settings.OFF;
        boolean policiesGiven = false;
        double gccHeadroom = 0;
        OraclePolicy.Settings oracle = OraclePolicy.Settings.DEFAULTS;
        double oracleMargin = 1;
        double oracleProbeCap = 0;
        double perfectNoise = 0;
        dev.chorus.media.quality.LearnedRatePolicy.Settings settings = d;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--traces" -> traces.add(Path.of(value(args, ++i, a)));
                    case "--out" -> outDir = Path.of(value(args, ++i, a));
                    case "--policies" -> {
                        policies = policies(value(args, ++i, a));
                        policiesGiven = true;
                    }
                    case "--gcc-headroom" -> gccHeadroom = headroom(value(args, ++i, a));
                    case "--oracle-margin" -> oracleMargin = number(value(args, ++i, a), a);
                    case "--oracle-probe-cap" -> oracleProbeCap = number(value(args, ++i, a), a);
                    case "--perfect-model-noise" -> perfectNoise = number(value(args, ++i, a), a);
                    case "--model" -> model = Path.of(value(args, ++i, a));
                    case "--trace-list" -> traceList = Path.of(value(args, ++i, a));
                    case "--learned-margin" -> margin = Double.parseDouble(value(args, ++i, a));
                    case "--learned-low-margin" -> lowMargin = Double.parseDouble(value(args, ++i, a));
                    case "--danger-loss" -> dangerLoss = Double.parseDouble(value(args, ++i, a));
                    case "--danger-owd-ms" -> dangerOwd = Double.parseDouble(value(args, ++i, a));
                    case "--danger-hold-s" -> dangerHold = Double.parseDouble(value(args, ++i, a));
                    case "--learned-up-bound" -> upBound = Double.parseDouble(value(args, ++i, a));
                    case "--learned-down-bound" -> downBound = number(value(args, ++i, a), a);
                    case "--danger-silent-rows" -> silentRows = Integer.parseInt(value(args, ++i, a));
                    case "--trust-floor-kbps" -> trustFloor = Double.parseDouble(value(args, ++i, a));
                    case "--freeze-feedback-margin" -> feedbackMargin = Double.parseDouble(value(args, ++i, a));
                    case "--freeze-feedback-window-s" -> feedbackWindow = Double.parseDouble(value(args, ++i, a));
                    case "--freeze-feedback-cap" -> feedbackCap = Double.parseDouble(value(args, ++i, a));
                    case "--trust-window-s" -> trustWindow = Double.parseDouble(value(args, ++i, a));
                    case "--trust-tau" -> trustTau = Double.parseDouble(value(args, ++i, a));
                    case "--trust-against-estimate" -> trustRelative = true;
                    case "--learned-probe-cap" -> probeCap = probeCap(value(args, ++i, a));
                    case "--threads" -> threads = positive(value(args, ++i, a), a);
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--min-duration" -> minS = Long.parseLong(value(args, ++i, a));
                    case "--max-duration" -> maxS = Long.parseLong(value(args, ++i, a));
                    case "--queue-bytes" -> queue = positive(value(args, ++i, a), a);
                    case "--telemetry" -> telemetry = true;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (traces.isEmpty() || outDir == null) {
                throw new IllegalArgumentException("--traces and --out are required");
            }
            if (model != null && !policiesGiven) {
                policies = new ArrayList<>(Policies.BASELINES);
                policies.add(0, "learned");
            }
            if (minS < 0 || maxS < 0) {
                throw new IllegalArgumentException("durations must be ≥ 0");
            }
            settings = new dev.chorus.media.quality.LearnedRatePolicy.Settings(margin, lowMargin, dangerLoss, dangerOwd,
                    dangerHold, upBound, silentRows, trustFloor, downBound);
            feedback = new dev.chorus.media.quality.FreezeFeedback.Settings(feedbackMargin, feedbackWindow, feedbackCap,
                    f0.staleS());
            oracle = new OraclePolicy.Settings(oracleMargin, oracleProbeCap);
            PerfectModel.checkedNoise(perfectNoise); // here, so a bad value is a usage error (exit 2)
            gate = trustWindow == 0 ? gate : new dev.chorus.media.quality.TrustGate.Settings(trustWindow, trustTau,
                    trustRelative);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Evaluation.Options options = new Evaluation.Options(o.link().withQueueBytes(queue), o.source(), seed,
                minS * 1_000_000_000L, maxS * 1_000_000_000L, threads, telemetry);
        TraceCatalog.Scan scan = TraceCatalog.scanAll(traces);
        if (traceList != null) {
            java.util.Set<String> only = java.util.Set.copyOf(Files.readAllLines(traceList).stream().map(String::trim)
                    .filter(l -> !l.isEmpty()).toList());
            scan = new TraceCatalog.Scan(scan.traces().stream().filter(f -> only.contains(f.name())).toList(),
                    scan.skipped());
        }
        LearnedEvaluation learned = null;
        if (policies.contains("learned")) {
            ModelLoader.Result loaded = model == null ? ModelLoader.shipped() : ModelLoader.fromFile(model);
            if (!loaded.loaded()) {
                err.println("error: no usable model (" + loaded.source() + ": " + loaded.problem() + ")");
                return 1;
            }
            learned = new LearnedEvaluation(loaded.model().get(), settings, feedback, gate, probeCap);
            err.println("learned policy: " + loaded.source() + " (" + learned.model().header().kind() + ", trained "
                    + learned.model().header().trainedAt() + ")");
        }
        if (scan.traces().isEmpty()) {
            err.println("error: no traces under " + traces);
            return 1;
        }
        Files.createDirectories(outDir);
        Path series = outDir.resolve("timeseries");
        Path tel = outDir.resolve("telemetry");
        Path plots = outDir.resolve(MarkdownReport.PLOTS_DIR);
        err.printf("%d traces under %s (%d other files skipped), policies %s, %d thread(s)%n", scan.traces().size(),
                traces, scan.skipped().size(), policies, threads);
        java.util.Map<String, java.util.function.Function<dev.chorus.media.sim.trace.CapacityTrace, dev.chorus.media.quality.RatePolicy>> factories = new java.util.TreeMap<>();
        for (String p : policies) {
            factories.put(p, p.equals("learned") ? learned::policyFor
                    : PerfectModel.isOne(p) ? PerfectModel.factory(p, settings, probeCap, perfectNoise, seed)
                    : Policies.byName(p, gccHeadroom, oracle));
        }
        Evaluation evaluation = new Evaluation(options, policies, factories);
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        boolean writeTelemetry = telemetry;
        int total = scan.traces().size();
        List<Exception> writeErrors = new ArrayList<>();
        Evaluation.Result result = evaluation.run(scan, runs -> {
            try {
                EvaluationReport.writeTimeSeries(series, runs);
                TracePlot.write(plots, runs);
                if (writeTelemetry) {
                    EvaluationReport.writeTelemetry(tel, runs);
                }
            } catch (java.io.IOException e) {
                synchronized (writeErrors) {
                    writeErrors.add(e);
                }
            }
            int n = done.incrementAndGet();
            synchronized (err) {
                err.printf(Locale.ROOT, "[%d/%d] %s (%.0f s)%s%n", n, total, runs.name(), runs.runs().get(0).durationS(),
                        line(runs));
            }
        });
        if (!writeErrors.isEmpty()) {
            throw writeErrors.get(0);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        ObjectNode meta = meta(traces, options, policies, wall, result);
        ObjectNode summary = EvaluationReport.summary(result, policies, meta);
        if (policies.contains("gcc")) {
            summary.put("gcc_headroom", gccHeadroom);
        }
        if (policies.stream().anyMatch(p -> p.startsWith("oracle"))) {
            summary.putPOJO("oracle_settings", oracle);
        }
        if (learned != null) {
            EvaluationReport.addPredictionErrors(summary, learned);
            summary.put("model", model == null ? ModelLoader.SHIPPED_RESOURCE : model.toString());
            summary.put("learned_margin", settings.margin());
            summary.putPOJO("learned_settings", learned.settings());
            summary.putPOJO("learned_freeze_feedback", learned.feedback());
            summary.putPOJO("learned_trust_gate", learned.gateSettings());
            summary.put("learned_probe_cap", learned.probeCap());
        }
        if (policies.stream().anyMatch(PerfectModel::isOne)) {
            if (learned == null) { // the perfect-model policies run the learned policy's settings
                summary.putPOJO("learned_settings", settings);
                summary.put("learned_probe_cap", probeCap);
            }
            summary.put("perfect_model_noise", perfectNoise);
        }
        EvaluationReport.writeSummary(outDir.resolve("summary.json"), summary);
        Path report = MarkdownReport.write(outDir, summary, Arrays.asList(args), Instant.now());
        for (Evaluation.Failure f : result.failures()) {
            err.println("failed: " + f.name() + ": " + f.reason());
        }
        out.printf(Locale.ROOT, "%d traces, %.0f s simulated per policy, %.1f s wall: %s, %s%n", result.traces().size(),
                meta.get("simulated_s_per_policy").asDouble(), wall, outDir.resolve("summary.json"), report);
        for (int i = 0; i < policies.size(); i++) {
            int idx = i;
            String p = policies.get(i);
            ObjectNode agg = EvaluationReport.aggregate(result.traces().stream().map(t -> t.runs().get(idx)).toList());
            out.printf(Locale.ROOT, "  %-7s utilization %.3f  overshoot %.3f  freezes/min %.2f  switches/min %.2f  delivered %.0f kbit/s%n",
                    p, agg.get("utilization").asDouble(), agg.get("overshoot").asDouble(),
                    agg.get("freezes_per_min").asDouble(), agg.get("switches_per_min").asDouble(),
                    agg.get("delivered_kbps").asDouble());
        }
        if (learned != null) {
            out.printf(Locale.ROOT, "  learned prediction: MAPE %.1f %%, MAE %.0f kbit/s over %d predictions"
                    + " (MAPE %.1f %% over the %d with capacity ≤ 3 Mbit/s)%n",
                    learned.total().mape() * 100, learned.total().maeKbps(), learned.total().rows(),
                    learned.total().mapeDecisionRange() * 100, learned.total().decisionRangeRows());
            out.printf(Locale.ROOT, "  on the same rows: GCC estimate MAPE %.1f %% (%.1f %% ≤ 3 Mbit/s), acked rate MAPE %.1f %% (%.1f %%)%n",
                    learned.estimateBaseline().mape() * 100, learned.estimateBaseline().mapeDecisionRange() * 100,
                    learned.ackedBaseline().mape() * 100, learned.ackedBaseline().mapeDecisionRange() * 100);
            if (learned.lowTotal().rows() > 0) {
                out.printf(Locale.ROOT, "  learned low-quantile prediction: MAPE %.1f %%, MAE %.0f kbit/s (vs the low label)%n",
                        learned.lowTotal().mape() * 100, learned.lowTotal().maeKbps());
            }
        }
        return result.failures().isEmpty() ? 0 : 1;
    }

    private static String line(Evaluation.TraceRuns runs) {
        StringBuilder b = new StringBuilder();
        for (RunResult r : runs.runs()) {
            b.append(String.format(Locale.ROOT, "  %s util %.2f frz/min %.2f %.0fk", r.policy(), r.utilization(),
                    r.freezesPerMin(), r.deliveredKbps()));
        }
        return b.toString();
    }

    private static ObjectNode meta(List<Path> traces, Evaluation.Options o, List<String> policies, double wall,
            Evaluation.Result result) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode meta = json.createObjectNode();
        meta.put("generated_by", EvaluateMain.class.getName());
        meta.put("traces_dir", traces.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(",")));
        ObjectNode cfg = meta.putObject("config");
        cfg.putPOJO("policies", policies);
        cfg.put("seed", o.seed());
        cfg.put("min_duration_s", o.minDurationNanos() / 1e9);
        cfg.put("max_duration_s", o.maxDurationNanos() / 1e9);
        cfg.put("threads", o.threads());
        ObjectNode link = cfg.putObject("link");
        link.put("queue_bytes", o.link().queueBytes());
        link.put("propagation_ms", o.link().propagationNanos() / 1e6);
        link.put("jitter_ms", o.link().jitterNanos() / 1e6);
        link.put("loss", o.link().lossRate());
        link.put("trace_overrides", "a gym segment's loss, rtt (one way = rtt/2) and jitter replace these");
        ObjectNode src = cfg.putObject("source");
        src.putPOJO("layer_kbps", o.source().layerBps().stream().map(b -> b / 1000).toList());
        src.putPOJO("layer_heights", o.source().layerHeights());
        src.put("fps", o.source().fps());
        src.put("temporal_layers", o.source().temporalLayers());
        src.put("keyframe_interval_s", o.source().keyFrameIntervalNanos() / 1e9);
        src.put("audio_kbps", o.source().audioBps() / 1000);
        double simulated = result.traces().stream().mapToDouble(t -> t.runs().get(0).durationS()).sum();
        meta.put("simulated_s_per_policy", Math.round(simulated));
        meta.put("wall_s", Math.round(wall * 10) / 10.0);
        return meta;
    }

    private static List<String> policies(String list) {
        List<String> p = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (p.isEmpty()) {
            throw new IllegalArgumentException("--policies is empty");
        }
        for (String name : p) {
            if (!Policies.KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown policy '" + name + "' (known: " + Policies.KNOWN + ")");
            }
        }
        return p;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** The policy checks its own range; this only names the option in the message. */
    private static double headroom(String s) {
        try {
            return new dev.chorus.media.quality.GccRatePolicy(Double.parseDouble(s)).headroom();
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new IllegalArgumentException("--gcc-headroom must be in [0, 1), got " + s);
        }
    }

    /** As {@link #headroom}: the policy checks the range, this names the option. */
    private static double probeCap(String s) {
        try {
            return dev.chorus.media.quality.LearnedRatePolicy.checkedProbeCap(Double.parseDouble(s));
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new IllegalArgumentException("--learned-probe-cap must be 0 or in ["
                    + dev.chorus.media.quality.LearnedRatePolicy.MIN_PROBE_CAP + ", "
                    + dev.chorus.media.quality.LearnedRatePolicy.MAX_PROBE_CAP + "], got " + s);
        }
    }

    private static double number(String s, String option) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got " + s);
        }
    }

    private static int positive(String s, String option) {
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got " + s);
        }
        if (v <= 0) {
            throw new IllegalArgumentException(option + " must be > 0");
        }
        return v;
    }
}
