package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.chorus.signaling.e2e.net.TraceSchedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * What one policy's run of the real-browser check came to. {@code samples.get(0)} is the baseline taken when the
 * replay started (its counters are subtracted, its rates ignored); the others are the seconds of the run.
 *
 * @param heightShare       share of the run's seconds at each decoded frame height (0: no frame yet)
 * @param freezeCount       Chrome's freezes during the run (freezeCount difference)
 * @param freezeSec         their total duration
 * @param longestStallSec   the longest time without a newly decoded frame (1 s resolution)
 * @param lowSeconds        seconds whose shaped rate was at most {@link #LOW_KBIT}
 * @param lowShapedKbit     mean shaped rate over them
 * @param lowTransportKbit  mean received rate (all transports) over them
 * @param serverPolicies    every {@code ratePolicy.name} the server reported for the receiver
 * @param maxTcLagMs        the latest a {@code tc} rate change was applied after its planned time
 */
public record RealCheckSummary(int run, String policy, String trace, double traceOffsetSec, double traceSec,
                               double scale, int floorKbit, int ceilingKbit, int seconds, double meanShapedKbit,
                               double meanTransportKbit, double meanVideoKbit, double meanFrameHeight,
                               Map<Long, Double> heightShare, double meanFps, long freezeCount, double freezeSec,
                               double longestStallSec, int lowSeconds, double lowShapedKbit, double lowTransportKbit,
                               double meanAllowedKbit, double meanEstimateKbit, Set<String> serverPolicies,
                               double maxTcLagMs) {
    /** A second is "low" when the link was shaped to at most this: only the lowest layers fit. */
    public static final int LOW_KBIT = 500;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static RealCheckSummary of(int run, String policy, TraceSchedule schedule, List<RealCheckSample> samples,
                                      double maxTcLagMs) {
        if (samples.size() < 2) throw new IllegalArgumentException("no seconds sampled: " + samples);
        RealCheckSample base = samples.getFirst(), last = samples.getLast();
        List<RealCheckSample> s = samples.subList(1, samples.size());
        Map<Long, Double> share = new TreeMap<>();
        for (RealCheckSample x : s) share.merge(x.frameHeight(), 1.0 / s.size(), Double::sum);
        List<RealCheckSample> low = s.stream().filter(x -> x.shapedKbit() <= LOW_KBIT).toList();
        Set<String> policies = new TreeSet<>();
        s.forEach(x -> policies.add(x.serverPolicy()));
        return new RealCheckSummary(run, policy, schedule.traceName(), schedule.offsetNanos() / 1e9,
                schedule.durationNanos() / 1e9, schedule.scale(), schedule.floorKbit(), schedule.ceilingKbit(),
                s.size(), mean(s, RealCheckSample::shapedKbit), mean(s, RealCheckSample::transportKbit),
                mean(s, RealCheckSample::videoKbit), mean(s, x -> x.frameHeight()), share,
                mean(s, RealCheckSample::framesPerSecond), last.freezeCount() - base.freezeCount(),
                last.totalFreezesDurationSec() - base.totalFreezesDurationSec(), longestStallSec(samples),
                low.size(), mean(low, RealCheckSample::shapedKbit), mean(low, RealCheckSample::transportKbit),
                mean(s.stream().filter(x -> x.allowedKbit() >= 0).toList(), x -> x.allowedKbit()),
                mean(s.stream().filter(x -> x.estimateKbit() >= 0).toList(), x -> x.estimateKbit()),
                policies, maxTcLagMs);
    }

    private static double mean(List<RealCheckSample> s, ToDoubleFunction<RealCheckSample> f) {
        return s.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    /** The longest span between a sample and the next one with more decoded frames (or the run's end). */
    static double longestStallSec(List<RealCheckSample> samples) {
        double longest = 0, since = samples.getFirst().tSec();
        long frames = samples.getFirst().framesDecoded();
        for (RealCheckSample x : samples.subList(1, samples.size())) {
            longest = Math.max(longest, x.tSec() - since);
            if (x.framesDecoded() > frames) {
                since = x.tSec();
                frames = x.framesDecoded();
            }
        }
        return longest;
    }

    /** Writes {@code <prefix>.csv} (the samples) and {@code <prefix>.json} (this) into {@code dir}. */
    public void write(Path dir, String prefix, List<RealCheckSample> samples) throws IOException {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        lines.add(RealCheckSample.CSV_HEADER);
        samples.forEach(x -> lines.add(x.csv()));
        Files.write(dir.resolve(prefix + ".csv"), lines);
        JSON.writeValue(dir.resolve(prefix + ".json").toFile(), this);
    }

    /** One line for the test log. */
    public String line() {
        StringBuilder heights = new StringBuilder();
        heightShare.forEach((h, f) -> heights.append(String.format(Locale.ROOT, " %dp:%.0f%%", h, f * 100)));
        return String.format(Locale.ROOT, "run %d %-7s %3d s: height mean %.0f [%s ] fps %.1f, freezes %d (%.1f s),"
                        + " longest stall %.0f s, received %.0f kbit/s (video %.0f) of %.0f shaped; low seconds %d:"
                        + " %.0f received of %.0f; allowed %.0f, estimate %.0f; server %s; tc lag max %.0f ms",
                run, policy, seconds, meanFrameHeight, heights, meanFps, freezeCount, freezeSec, longestStallSec,
                meanTransportKbit, meanVideoKbit, meanShapedKbit, lowSeconds, lowTransportKbit, lowShapedKbit,
                meanAllowedKbit, meanEstimateKbit, serverPolicies, maxTcLagMs);
    }
}
