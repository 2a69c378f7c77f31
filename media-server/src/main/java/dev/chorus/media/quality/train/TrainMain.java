package dev.chorus.media.quality.train;

import dev.chorus.media.quality.GccRatePolicy;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.quality.model.ModelFile;
import dev.chorus.media.quality.model.ModelHeader;
import dev.chorus.media.sim.Evaluation;
import dev.chorus.media.sim.OraclePolicy;
import dev.chorus.media.sim.RunResult;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.sim.trace.TraceCatalog;
import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.regression.GradientTreeBoost;
import smile.regression.RandomForest;
import smile.regression.Regression;

/**
 * {@code scripts/train-model}: labelled rows from the link simulator (each trace under the gcc policy
 * and under the oracle, so rows cover rates below and at capacity), a whole-trace split
 * ({@link TraceSplit}), gradient boosted trees and a random forest against two baselines, for each of
 * the two labels (mean capacity over the next second, and its low quantile), each label's model chosen
 * on the validation traces, numbers reported on the test traces, and the two chosen regressions written as one
 * {@link ModelFile} with a markdown report next to it ({@code FILE.md}) and the test trace list
 * ({@code FILE.heldout.txt}) so an evaluation can run exactly on traces the model never saw (and
 * {@code FILE.validation.txt}: tune the policy around the model on these, never on the test traces).
 */
public final class TrainMain {
    private static final String USAGE = """
            usage: TrainMain --traces DIR [--traces DIR2 ...] --out FILE [--seed N] [--test-share 0.2] [--validation-share 0.15]
                             [--max-rows N] [--max-duration S] [--threads N]
            """;
    private static final String LABEL = "capacity_next_1s_kbps";
    private static final String LOW_LABEL = "capacity_low_next_1s_kbps";
    /** Prefix of the low-quantile candidates' names. */
    static final String LOW = "low: ";

    private TrainMain() {
    }

    /** A named way to predict one label (the low quantile if {@code low}) from one feature row. */
    record Candidate(String name, boolean low, Function<double[], Double> predict, LinkModel model) {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream log) throws Exception {
        List<Path> traces = new ArrayList<>();
        Path out = null;
        long seed = 1;
        double testShare = 0.2;
        double valShare = 0.15;
        int maxRows = 40_000;
        long maxS = 180;
        int threads = 2;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--traces" -> traces.add(Path.of(v));
                case "--out" -> out = Path.of(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--test-share" -> testShare = Double.parseDouble(v);
                case "--validation-share" -> valShare = Double.parseDouble(v);
                case "--max-rows" -> maxRows = Integer.parseInt(v);
                case "--max-duration" -> maxS = Long.parseLong(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--help", "-h" -> {
                    log.print(USAGE);
                    return 0;
                }
                default -> {
                    log.println("unknown option " + args[i]);
                    log.print(USAGE);
                    return 2;
                }
            }
            i++;
        }
        if (traces.isEmpty() || out == null) {
            log.print(USAGE);
            return 2;
        }
        long t0 = System.nanoTime();
        smile.math.MathEx.setSeed(seed); // Smile's tree subsampling draws from its own generator
        List<TraceCatalog.Scan> scans = new ArrayList<>();
        for (Path dir : traces) {
            scans.add(TraceCatalog.scan(dir));
        }
        TraceCatalog.Scan scan = TraceCatalog.merge(traces, scans);
        // one split per --traces directory: a later directory of new traces cannot move the first one's
        List<List<String>> groups = scans.stream()
                .map(sc -> sc.traces().stream().map(TraceCatalog.Found::name).toList()).toList();
        TraceSplit split = TraceSplit.ofGroups(groups, testShare, valShare, seed);
        log.printf("%d traces: %d train, %d validation, %d test (seed %d)%n", scan.traces().size(),
                split.train().size(), split.validation().size(), split.test().size(), seed);
        Evaluation.Options o = Evaluation.Options.defaults();
        Evaluation.Options options = new Evaluation.Options(o.link(), o.source(), seed, o.minDurationNanos(),
                maxS * 1_000_000_000L, threads, true);
        Dataset train = rows(scan, Set.copyOf(split.train()), options, log).subsample(maxRows, seed);
        Dataset val = rows(scan, Set.copyOf(split.validation()), options, log).subsample(maxRows / 2, seed + 1);
        Dataset test = rows(scan, Set.copyOf(split.test()), options, log);
        log.printf("rows: %d train, %d validation, %d test (%.0f s)%n", train.size(), val.size(), test.size(),
                (System.nanoTime() - t0) / 1e9);

        List<Candidate> candidates = new ArrayList<>();
        Map<String, Double> trainSeconds = new LinkedHashMap<>();
        for (boolean low : new boolean[] {false, true}) {
            String p = low ? LOW : "";
            candidates.add(new Candidate(p + "baseline: gcc estimate", low, f -> f[Feature.ESTIMATE_KBPS.ordinal()], null));
            candidates.add(new Candidate(p + "baseline: acked rate", low, f -> Math.max(0, f[Feature.ACKED_KBPS.ordinal()]), null));
            DataFrame df = frame(train, low);
            Formula formula = Formula.lhs(low ? LOW_LABEL : LABEL);
            long t1 = System.nanoTime();
            Regression<Tuple> gbm = GradientTreeBoost.fit(formula, df,
                    new GradientTreeBoost.Options(smile.base.cart.Loss.huber(0.9), 300, 6, 31, 5, 0.05, 0.7, null, null));
            trainSeconds.put(p + "gbm", (System.nanoTime() - t1) / 1e9);
            candidates.add(model(p + "gbm", low, gbm));
            t1 = System.nanoTime();
            Regression<Tuple> rf = RandomForest.fit(formula, df, new RandomForest.Options(100, 12, 20, 200, 5, 0.7,
                    new java.util.Random(seed).longs(100).toArray(), null));
            trainSeconds.put(p + "random-forest", (System.nanoTime() - t1) / 1e9);
            candidates.add(model(p + "random-forest", low, rf));
        }
        log.printf("trained %s%n", trainSeconds);

        Map<String, ErrorStats> valStats = new LinkedHashMap<>();
        Map<String, ErrorStats> testStats = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            valStats.put(c.name(), errors(c, val));
            testStats.put(c.name(), errors(c, test));
        }
        Candidate best = best(candidates, valStats, false);
        Candidate bestLow = best(candidates, valStats, true);
        ErrorStats bt = testStats.get(best.name());
        ErrorStats btLow = testStats.get(bestLow.name());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("mape", bt.mape());
        metrics.put("mae_kbps", bt.maeKbps());
        metrics.put("validation_mape", valStats.get(best.name()).mape());
        metrics.put("low_mape", btLow.mape());
        metrics.put("low_mae_kbps", btLow.maeKbps());
        metrics.put("low_validation_mape", valStats.get(bestLow.name()).mape());
        metrics.put("train_rows", (double) train.size());
        metrics.put("test_rows", (double) test.size());
        String notes = String.format(Locale.ROOT, "traces %s; whole-trace split seed %d: %d train, %d validation, %d test",
                traces, seed, split.train().size(), split.validation().size(), split.test().size());
        String kind = best.name() + "; low " + bestLow.name().substring(LOW.length());
        ModelHeader header = new ModelHeader(ModelFile.FORMAT_VERSION, TelemetryRow.SCHEMA_VERSION,
                List.of(LinkModel.featureNames()), kind, LABEL, LOW_LABEL,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), metrics, notes);
        LinkModel chosen = new LinkModel(header, best.model().regression(), bestLow.model().regression());
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            ModelFile.write(chosen, os);
        }
        Files.write(Path.of(out + ".heldout.txt"), split.test());
        Files.write(Path.of(out + ".validation.txt"), split.validation());
        Files.writeString(Path.of(out + ".md"), TrainingReport.markdown(header, split, valStats, testStats,
                trainSeconds, train, test, (System.nanoTime() - t0) / 1e9));
        log.printf(Locale.ROOT, "chose %s: test MAPE %.1f %%, MAE %.0f kbit/s; %s: test MAPE %.1f %%, MAE %.0f kbit/s"
                + " -> %s (%d bytes)%n", best.name(), bt.mape() * 100, bt.maeKbps(), bestLow.name(), btLow.mape() * 100,
                btLow.maeKbps(), out, Files.size(out));
        return 0;
    }

    private static Candidate model(String name, boolean low, Regression<Tuple> r) {
        LinkModel m = new LinkModel(ModelHeader.inMemory(name, low ? LOW_LABEL : LABEL), r);
        return new Candidate(name, low, m::predictKbps, m);
    }

    /** The trained candidate for that label with the lowest validation MAPE. */
    private static Candidate best(List<Candidate> candidates, Map<String, ErrorStats> valStats, boolean low) {
        return candidates.stream().filter(c -> c.model() != null && c.low() == low)
                .min(java.util.Comparator.comparingDouble(c -> valStats.get(c.name()).mape())).orElseThrow();
    }

    private static ErrorStats errors(Candidate c, Dataset d) {
        ErrorStats s = new ErrorStats();
        for (int i = 0; i < d.size(); i++) {
            s.add(c.predict().apply(d.features(i)), d.label(i, c.low()));
        }
        return s;
    }

    /** The training frame: feature columns plus the (low if {@code low}) label in log space ({@link LinkModel#target}). */
    static DataFrame frame(Dataset d, boolean low) {
        String[] names = LinkModel.featureNames();
        String[] cols = java.util.Arrays.copyOf(names, names.length + 1);
        cols[names.length] = low ? LOW_LABEL : LABEL;
        double[][] x = new double[d.size()][];
        for (int i = 0; i < d.size(); i++) {
            double[] row = java.util.Arrays.copyOf(d.features(i), names.length + 1);
            row[names.length] = LinkModel.target(d.label(i, low));
            x[i] = row;
        }
        return DataFrame.of(x, cols);
    }

    /** Runs {@code names}' traces under gcc and the oracle and keeps their labelled rows. */
    static Dataset rows(TraceCatalog.Scan scan, Set<String> names, Evaluation.Options options, PrintStream log)
            throws InterruptedException {
        TraceCatalog.Scan subset = new TraceCatalog.Scan(
                scan.traces().stream().filter(f -> names.contains(f.name())).toList(), List.of());
        Map<String, Function<CapacityTrace, RatePolicy>> f = new LinkedHashMap<>();
        f.put("gcc", t -> new GccRatePolicy());
        f.put("oracle", OraclePolicy::new);
        // traces finish in any order on several threads: collect per trace, then add in name order, so
        // the seeded subsample picks the same rows whatever the thread count
        Map<String, List<TelemetryRow>> byTrace = new java.util.concurrent.ConcurrentSkipListMap<>();
        Evaluation.Result r = new Evaluation(options, List.of("gcc", "oracle"), f).run(subset, runs -> {
            List<TelemetryRow> kept = new ArrayList<>();
            for (RunResult run : runs.runs()) {
                for (TelemetryRow row : run.telemetry()) {
                    // the first second has no feedback yet: nothing to learn from
                    if (row.hasLabels() && row.timeNanos() >= 1_000_000_000L) {
                        kept.add(row);
                    }
                }
            }
            byTrace.put(runs.name(), kept);
        });
        for (Evaluation.Failure fail : r.failures()) {
            log.println("failed: " + fail.name() + ": " + fail.reason());
        }
        Dataset d = new Dataset();
        byTrace.forEach((name, rows) -> rows.forEach(row -> d.add(name, row)));
        return d;
    }
}
