package dev.chorus.media.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Table tests on real trace files (fixtures), then one test per kind of malformed input. */
class TraceReaderTest {
    private static final long MS = 1_000_000L;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file, format, segments, duration ms, looping
            "norway-ferry-2011-02-01.log, PENSIEVE, 34, 37577, false",
            "norway-trace_10367, PENSIEVE, 14, 70000, false",
            "gym-loss-pattern-3.json, GYM, 3, 1500, false",
            "gym-4g3mbps-excerpt.json, GYM, 12, 2393, false",
            "gym-wired35-excerpt.json, GYM, 10, 1994, false",
            "mahimahi-verizon-evdo-excerpt.down, MAHIMAHI, 1038, 103747, true",
    })
    void readsEachFormat(String file, TraceFormat format, int segments, long durationMs, boolean looping)
            throws Exception {
        assertEquals(Optional.of(format), TraceFormat.detect(file, Fixtures.text(file)));
        CapacityTrace t = Fixtures.parse(file);
        assertEquals(format, t.format());
        assertEquals(segments, t.segmentCount());
        assertEquals(durationMs * MS, t.durationNanos());
        assertEquals(looping, t.looping());
    }

    @ParameterizedTest(name = "{0} at {1} ms")
    @CsvSource({
            // file, time ms, capacity bit/s
            "norway-trace_10367, 0, 473904",
            "norway-trace_10367, 4999, 473904",
            "norway-trace_10367, 5000, 487920",
            "norway-trace_10367, 69999, 510376",
            "norway-trace_10367, 500000, 510376", // held after the end
            // the first sample gets the interval after it (1.098 s), the second the one before it
            "norway-ferry-2011-02-01.log, 0, 56590",
            "norway-ferry-2011-02-01.log, 1500, 109639",
            "norway-ferry-2011-02-01.log, 2200, 102367",
            "gym-loss-pattern-3.json, 0, 1000000",
            "gym-loss-pattern-3.json, 1499, 1000000",
            "gym-4g3mbps-excerpt.json, 0, 0", // outage
            "gym-4g3mbps-excerpt.json, 200, 1720000",
            "gym-4g3mbps-excerpt.json, 799, 3000",
            "gym-4g3mbps-excerpt.json, 2392, 0",
            "gym-wired35-excerpt.json, 0, 22700000",
            "gym-wired35-excerpt.json, 798, 1000000000", // 32799999 kbit/s = unlimited, clipped
            "mahimahi-verizon-evdo-excerpt.down, 0, 240000", // 2 packets in the first 100 ms
            "mahimahi-verizon-evdo-excerpt.down, 150, 600000",
            "mahimahi-verizon-evdo-excerpt.down, 250, 120000",
            "mahimahi-verizon-evdo-excerpt.down, 103700, 510638", // last bin: 2 packets in 47 ms
            "mahimahi-verizon-evdo-excerpt.down, 103747, 240000", // loops
            "mahimahi-verizon-evdo-excerpt.down, 103897, 600000",
    })
    void capacityAt(String file, long ms, long bps) throws Exception {
        assertEquals(bps, Fixtures.parse(file).capacityBpsAt(ms * MS));
    }

    @Test
    void gymLossRttAndJitter() throws Exception {
        CapacityTrace t = Fixtures.parse("gym-loss-pattern-3.json");
        assertEquals(0.0, t.lossAt(100 * MS));
        assertEquals(0.2, t.lossAt(600 * MS));
        assertEquals(0.1, t.lossAt(1200 * MS));
        assertEquals(0.0, t.rttMsAt(0));
        assertEquals(0.0, t.jitterMsAt(0));
        CapacityTrace noExtras = Fixtures.parse("gym-4g3mbps-excerpt.json");
        assertTrue(Double.isNaN(noExtras.lossAt(0)) && Double.isNaN(noExtras.rttMsAt(0)));
    }

    @Test
    void mahimahiKeepsEveryPacket() throws Exception {
        CapacityTrace t = Fixtures.parse("mahimahi-verizon-evdo-excerpt.down");
        assertEquals(3000.0 * 12000 / 103.747, t.meanCapacityBps(), 0.01); // bins round down to whole bit/s
        // one period holds 3000 × 1500 bytes, whatever the binning
        assertEquals(3000.0 * 12000, t.meanCapacityBps(0, t.durationNanos()) * 103.747, 1.0);
    }

    @Test
    void pensieveCountsEveryInterval() throws Exception {
        CapacityTrace t = Fixtures.parse("norway-trace_10367");
        double sum = 0;
        for (double v : new double[] {0.473904, 0.48792, 0.484352, 0.506392, 0.490632, 0.498872, 0.4938, 0.50464,
                0.510368, 0.516408, 0.516832, 0.497696, 0.511032, 0.510376}) {
            sum += Math.round(v * 1e6);
        }
        assertEquals(sum / 14, t.meanCapacityBps(), 1e-6);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // name | content | expected message fragment
            "x.log | 0.0 1.0\\n1.0 2.0 3.0 | x.log:2: expected 'time_s throughput_Mbit/s', got 3 fields",
            "x.log | 0.0 1.0\\n1.0 abc | x.log:2: throughput is not a number",
            "x.log | 0.0 1.0\\n1.0 -2 | x.log:2: negative value",
            "x.log | 0.0 1.0\\n0.0 2.0 | x.log:2: time 0.0 s does not increase",
            "x.log | 0.0 1.0 | x.log: needs at least two samples, found 1",
            "x.log | 0 1\\n1 1e300 | x.log:2: throughput 1.0E300 Mbit/s is not plausible",
            "x.down | 0\\n5\\n3 | x.down:3: time 3 ms goes back",
            "x.down | 0\\n5\\nfive | x.down:3: expected one non-negative integer",
            "x.down | 0\\n0 | x.down: the last time must be > 0 ms",
            "x.json | {\"uplink\": {\"trace_pattern\": []}} | x.json: uplink.trace_pattern must be a non-empty array",
            "x.json | {\"downlink\": {}} | x.json: uplink.trace_pattern must be a non-empty array",
            "x.json | {\"uplink\": {\"trace_pattern\": [{\"duration\": 100}]}} | uplink.trace_pattern[0] has no capacity",
            "x.json | {\"uplink\": {\"trace_pattern\": [{\"duration\": 0, \"capacity\": 5}]}} | .duration must be in (0, 1e9] ms",
            "x.json | {\"uplink\": {\"trace_pattern\": [{\"duration\": 10, \"capacity\": -5}]}} | .capacity must be ≥ 0",
            "x.json | {\"uplink\": {\"trace_pattern\": [{\"duration\": 10, \"capacity\": 5, \"loss\": 2}]}} | .loss must be in [0, 1]",
            "x.json | {\"uplink\": {\"trace_pattern\": [{\"duration\": 10, \"capacity\": \"5\"}]}} | .capacity must be a finite number",
            "x.json | {\"uplink\": {\"trace_pattern\": [{\"duration\": 10, \"capacity\": NaN}]}} | .capacity must be a finite number",
            "x.json | {\"uplink\": {\"trace_pattern\": [{\"duration\": 10, | x.json: not valid JSON",
            "x.json | [1, 2] | expected a JSON object",
            "README | Network capacity traces | README: not a recognised trace format",
    })
    void malformedFilesSayWhatIsWrong(String name, String content, String message) {
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> TraceReader.parse(name, name, content.replace("\\n", "\n")));
        assertTrue(e.getMessage().contains(message.trim()), e.getMessage());
    }

    @Test
    void detectionByContentThenName() {
        assertEquals(Optional.of(TraceFormat.PENSIEVE), TraceFormat.detect("trace_1_http---x.com", "0.0\t1.5\n"));
        assertEquals(Optional.of(TraceFormat.MAHIMAHI), TraceFormat.detect("anything", "\n12\n13\n"));
        assertEquals(Optional.of(TraceFormat.GYM), TraceFormat.detect("a.txt", "  {\"uplink\":{}}"));
        assertEquals(Optional.of(TraceFormat.GYM), TraceFormat.detect("empty.json", ""));
        assertEquals(Optional.of(TraceFormat.MAHIMAHI), TraceFormat.detect("empty.down", ""));
        assertFalse(TraceFormat.detect("notes.txt", "hello world\n").isPresent());
        assertFalse(TraceFormat.detect("empty", "").isPresent());
    }
}
