package dev.chorus.media.sim;

import dev.chorus.media.telemetry.TelemetryRow;
import java.util.List;

/**
 * What one trace under one policy gave. The five headline metrics (docs/architecture.md, "Link
 * simulator"), judged every 100 ms over the last second (100 ms windows would count a frame's size
 * noise as overshoot): {@code utilization} — mean of min(forwarded, usable) ÷ usable, where usable =
 * min(capacity, what the top layer and audio need), seconds without capacity left out;
 * {@code overshoot} — share of those instants at which the forwarded bitrate exceeded the capacity;
 * {@code freezesPerMin}, {@code switchesPerMin} (spatial switches of the forwarded stream) and
 * {@code deliveredKbps} (media bytes reaching the receiver, probes excluded, over the run). {@code probeClusters}
 * and {@code paddingBytes}: what the send side spent on probing (clusters started, padding put on the wire).
 */
public record RunResult(String trace, String policy, double durationS, double utilization, double overshoot,
        double freezesPerMin, double switchesPerMin, double deliveredKbps, double forwardedKbps, double capacityKbps,
        int freezes, double frozenS, int pauses, double pausedS, long switches, double meanLayer, double renderedFps,
        long keyFrames, long plis, long nacks, long retransmissions, long queueDrops, long randomDrops,
        int probeClusters, long paddingBytes, double maxQueueDelayMs, TimeSeries series, List<TelemetryRow> telemetry) {
    /** The same numbers without the time series and telemetry rows (a long evaluation keeps only these). */
    public RunResult withoutDetail() {
        return new RunResult(trace, policy, durationS, utilization, overshoot, freezesPerMin, switchesPerMin,
                deliveredKbps, forwardedKbps, capacityKbps, freezes, frozenS, pauses, pausedS, switches, meanLayer,
                renderedFps, keyFrames, plis, nacks, retransmissions, queueDrops, randomDrops, probeClusters, paddingBytes,
                maxQueueDelayMs,
                new TimeSeries(), List.of());
    }
}
