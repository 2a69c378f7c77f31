package dev.chorus.media.sim.trace;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * OpenNetLab gym (AlphaRTC challenge) traces: JSON whose {@code uplink.trace_pattern} lists
 * {@code {duration (ms), capacity (kbit/s), loss (0..1), rtt (ms), jitter (ms)}}, the last three
 * optional. Capacity 0 is an outage; capacities above {@value #UNLIMITED_KBPS} kbit/s mean
 * "unlimited" in these files and are clipped to it. Not looping.
 */
final class GymTraceParser {
    static final long UNLIMITED_KBPS = 1_000_000;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // so NaN gets our message, not a parse error
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private GymTraceParser() {
    }

    static CapacityTrace parse(String name, String content) throws TraceFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JacksonException e) {
            throw TraceFormatException.in(name, "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw TraceFormatException.in(name, "expected a JSON object with uplink.trace_pattern");
        }
        JsonNode pattern = root.path("uplink").path("trace_pattern");
        if (!pattern.isArray() || pattern.isEmpty()) {
            throw TraceFormatException.in(name, "uplink.trace_pattern must be a non-empty array");
        }
        CapacityTrace.Builder b = CapacityTrace.builder(name, TraceFormat.GYM);
        for (int i = 0; i < pattern.size(); i++) {
            JsonNode e = pattern.get(i);
            String where = "uplink.trace_pattern[" + i + "]";
            if (!e.isObject()) {
                throw TraceFormatException.in(name, where + " is not an object");
            }
            double durationMs = required(name, e, where, "duration");
            double kbps = required(name, e, where, "capacity");
            if (!(durationMs > 0) || durationMs > 1e9) {
                throw TraceFormatException.in(name, where + ".duration must be in (0, 1e9] ms, is " + durationMs);
            }
            if (kbps < 0) {
                throw TraceFormatException.in(name, where + ".capacity must be ≥ 0, is " + kbps);
            }
            double loss = optional(name, e, where, "loss");
            if (!Double.isNaN(loss) && (loss < 0 || loss > 1)) {
                throw TraceFormatException.in(name, where + ".loss must be in [0, 1], is " + loss);
            }
            double rtt = optional(name, e, where, "rtt");
            double jitter = optional(name, e, where, "jitter");
            if (rtt < 0 || rtt > 60_000 || jitter < 0 || jitter > 60_000) {
                throw TraceFormatException.in(name, where + ": rtt and jitter must be in [0, 60000] ms");
            }
            long nanos = Math.max(1, Math.round(durationMs * 1e6));
            long bps = Math.round(Math.min(kbps, UNLIMITED_KBPS) * 1000);
            b.add(nanos, bps, loss, rtt, jitter);
        }
        return b.build();
    }

    private static double required(String name, JsonNode e, String where, String field) throws TraceFormatException {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            throw TraceFormatException.in(name, where + " has no " + field);
        }
        return finite(name, v, where, field);
    }

    private static double optional(String name, JsonNode e, String where, String field) throws TraceFormatException {
        JsonNode v = e.get(field);
        return v == null || v.isNull() ? Double.NaN : finite(name, v, where, field);
    }

    private static double finite(String name, JsonNode v, String where, String field) throws TraceFormatException {
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw TraceFormatException.in(name, where + "." + field + " must be a finite number, is " + v);
        }
        return v.asDouble();
    }
}
