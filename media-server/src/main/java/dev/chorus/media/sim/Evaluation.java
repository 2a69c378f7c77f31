package dev.chorus.media.sim;

import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.sim.trace.TraceCatalog;
import dev.chorus.media.sim.trace.TraceReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs every trace under every policy (same seed per trace for all policies, so they meet the same
 * frames and the same random losses where the sending allows) and collects the results by trace name.
 * Traces shorter than {@link Options#minDurationNanos()} loop up to it; longer ones may be cut at
 * {@link Options#maxDurationNanos()}. Order and results do not depend on the thread count.
 */
public final class Evaluation {
    /**
     * @param minDurationNanos a shorter trace loops to this (a 1-second pattern says nothing on its own)
     * @param maxDurationNanos cut longer traces here; 0 = whole traces
     */
    public record Options(LinkConfig link, SourceConfig source, long seed, long minDurationNanos,
            long maxDurationNanos, int threads, boolean keepTelemetry) {
        public static Options defaults() {
            return new Options(LinkConfig.DEFAULT, SourceConfig.DEFAULT, 1, 60_000_000_000L, 0, 1, false);
        }
    }

    /** One trace's runs, one per policy, in the order the policies were given. */
    public record TraceRuns(String name, String format, double traceSeconds, boolean looped, List<RunResult> runs) {
    }

    /** A trace that could not be read. */
    public record Failure(String name, String reason) {
    }

    public record Result(List<TraceRuns> traces, List<Failure> failures, List<TraceCatalog.Skipped> skipped) {
    }

    private final Options options;
    private final List<String> policies;
    private final Map<String, Function<CapacityTrace, RatePolicy>> factories;

    public Evaluation(Options options, List<String> policies, Map<String, Function<CapacityTrace, RatePolicy>> factories) {
        this.options = options;
        this.policies = List.copyOf(policies);
        this.factories = Map.copyOf(factories);
        for (String p : policies) {
            if (!factories.containsKey(p)) {
                throw new IllegalArgumentException("no factory for policy " + p);
            }
        }
    }

    /** Baseline policies by name (see {@link Policies}). */
    public static Evaluation ofBaselines(Options options, List<String> policies) {
        Map<String, Function<CapacityTrace, RatePolicy>> f = new TreeMap<>();
        for (String p : policies) {
            f.put(p, Policies.byName(p));
        }
        return new Evaluation(options, policies, f);
    }

    /**
     * Runs {@code scan}'s traces. {@code progress} gets each finished trace with its time series and
     * telemetry (write them there); the result keeps only the numbers, so memory stays flat however
     * many hours of traces run.
     */
    public Result run(TraceCatalog.Scan scan, Consumer<TraceRuns> progress) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()), r -> {
            Thread t = new Thread(r, "evaluation");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<Object>> futures = new TreeMap<>();
            for (TraceCatalog.Found f : scan.traces()) {
                futures.put(f.name(), pool.submit(() -> {
                    try {
                        TraceRuns runs = runTrace(TraceReader.read(f.path(), f.name()));
                        progress.accept(runs);
                        return new TraceRuns(runs.name(), runs.format(), runs.traceSeconds(), runs.looped(),
                                runs.runs().stream().map(RunResult::withoutDetail).toList());
                    } catch (IOException e) {
                        return new Failure(f.name(), e.getMessage());
                    }
                }));
            }
            List<TraceRuns> done = new ArrayList<>();
            List<Failure> failed = new ArrayList<>();
            for (Map.Entry<String, Future<Object>> e : futures.entrySet()) {
                Object o;
                try {
                    o = e.getValue().get();
                } catch (java.util.concurrent.ExecutionException ex) {
                    o = new Failure(e.getKey(), "simulation failed: " + ex.getCause());
                }
                if (o instanceof TraceRuns r) {
                    done.add(r);
                } else {
                    failed.add((Failure) o);
                }
            }
            return new Result(done, failed, scan.skipped());
        } finally {
            pool.shutdownNow();
        }
    }

    /** All policies on one trace. */
    public TraceRuns runTrace(CapacityTrace trace) {
        long d = trace.durationNanos();
        boolean looped = d < options.minDurationNanos();
        CapacityTrace t = looped ? trace.withLooping(true) : trace;
        long duration = Math.max(d, options.minDurationNanos());
        if (options.maxDurationNanos() > 0) {
            duration = Math.min(duration, options.maxDurationNanos());
        }
        long seed = options.seed() * 1_000_003L + trace.name().hashCode();
        SimConfig config = new SimConfig(options.link(), options.source(), duration, seed, options.keepTelemetry());
        List<RunResult> runs = new ArrayList<>();
        for (String p : policies) {
            runs.add(new Simulation(t, factories.get(p).apply(t), config).run());
        }
        return new TraceRuns(trace.name(), trace.format().name().toLowerCase(java.util.Locale.ROOT), d / 1e9, looped,
                List.copyOf(runs));
    }

    public List<String> policies() {
        return policies;
    }
}
