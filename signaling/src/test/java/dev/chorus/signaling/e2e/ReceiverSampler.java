package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.e2e.net.TraceShaper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Samples a receiver once a second while a {@link TraceShaper} replays: the browser's {@code getStats()} video
 * (through {@link RtcStatsProbe}, which must be installed before the page opened) and the server's per-room stats
 * for the receiver. Ticks are on a fixed grid from the shaper's start; rates use the times the snapshots were
 * actually taken, so a slow {@code getStats} on a loaded machine stretches an interval instead of inflating a rate.
 */
final class ReceiverSampler {
    private final ChromiumBrowser receiver;
    private final RestClient rest;
    private final String roomId;
    private final TraceShaper shaper;

    ReceiverSampler(ChromiumBrowser receiver, RestClient rest, String roomId, TraceShaper shaper) {
        this.receiver = receiver;
        this.rest = rest;
        this.roomId = roomId;
        this.shaper = shaper;
    }

    /**
     * Samples every second from the shaper's start until {@code length} after it; the shaper must have started. The
     * first sample is the baseline at the start (rates 0), see {@link RealCheckSummary}.
     */
    List<RealCheckSample> run(Duration length) {
        long t0 = shaper.startNanos();
        if (t0 < 0) throw new IllegalStateException("the shaper has not started");
        List<RealCheckSample> out = new ArrayList<>();
        RtcStatsProbe.Snapshot prev = RtcStatsProbe.snapshot(receiver);
        out.add(sample(prev, prev, t0, serverView()));
        for (int tick = 1; ; tick++) {
            long due = t0 + tick * 1_000_000_000L;
            if (due - t0 > length.toNanos()) break;
            Poll.sleep((due - System.nanoTime()) / 1_000_000);
            RtcStatsProbe.Snapshot now = RtcStatsProbe.snapshot(receiver);
            out.add(sample(prev, now, t0, serverView()));
            prev = now;
        }
        return out;
    }

    private RealCheckSample sample(RtcStatsProbe.Snapshot prev, RtcStatsProbe.Snapshot now, long t0, JsonNode server) {
        double dt = Math.max(1e-9, (now.nanos() - prev.nanos()) / 1e9); // 0 for the baseline, whose deltas are 0
        RtcStatsProbe.InboundRtp v = video(now), pv = video(prev);
        long videoBytes = v == null ? 0 : v.bytesReceived();
        // the same track before (a renegotiated track starts its counters at 0)
        long prevVideoBytes = pv != null && v != null && pv.trackIdentifier() != null
                && pv.trackIdentifier().equals(v.trackIdentifier()) ? pv.bytesReceived() : 0;
        JsonNode t = server == null ? null : server.path("transport");
        int layer = -1;
        if (t != null) {
            for (JsonNode c : t.path("consumers")) {
                if ("video".equals(c.path("kind").asText())) layer = c.path("spatialLayer").asInt(-1);
            }
        }
        return new RealCheckSample((now.nanos() - t0) / 1e9,
                shaper.schedule().meanKbit(prev.nanos() - t0, now.nanos() - t0),
                v == null ? 0 : v.frameHeight(), v == null ? 0 : v.framesPerSecond(),
                v == null ? 0 : v.framesDecoded(), v == null ? 0 : v.freezeCount(),
                v == null ? 0 : v.totalFreezesDurationSec(),
                Math.max(0, videoBytes - prevVideoBytes) * 8 / dt / 1000,
                Math.max(0, now.transportBytesReceived() - prev.transportBytesReceived()) * 8 / dt / 1000,
                t == null ? "" : t.path("ratePolicy").path("name").asText(""),
                t == null ? -1 : t.path("ratePolicy").path("allowedBps").asLong(-1000) / 1000,
                t == null ? -1 : t.path("estimate").path("targetBps").asLong(-1000) / 1000,
                t == null ? -1 : t.path("ratePolicy").path("predictedKbps").asDouble(-1), layer);
    }

    /** The receiver's video: the inbound-rtp with the most decoded frames (the receiver sees one video). */
    private static RtcStatsProbe.InboundRtp video(RtcStatsProbe.Snapshot s) {
        return s.inbound().stream().filter(RtcStatsProbe.InboundRtp::isVideo)
                .max(Comparator.comparingLong(RtcStatsProbe.InboundRtp::framesDecoded)).orElse(null);
    }

    /** The receiver's entry in {@code /api/rooms/{id}/stats}, or null (diagnostics must not end the run). */
    private JsonNode serverView() {
        try {
            for (JsonNode p : rest.get("/api/rooms/" + roomId + "/stats").path("participants")) {
                if (receiver.label().equals(p.path("name").asText())) return p;
            }
        } catch (Exception | AssertionError e) {
            System.out.println("  server stats unavailable: " + e);
        }
        return null;
    }
}
