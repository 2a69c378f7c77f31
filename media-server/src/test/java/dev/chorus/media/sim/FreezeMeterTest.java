package dev.chorus.media.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hand-computed frame timings. Notation: "33x40" = 40 frames 33 ms apart; "400" = one frame after
 * 400 ms. The average includes the delay being judged (libwebrtc), over the last 30 delays.
 */
class FreezeMeterTest {
    private static final long MS = 1_000_000L;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // timings | freezes | frozen ms | pauses | paused ms
            "33x40 | 0 | 0 | 0 | 0",
            // 29 × 33 + 400 = 1357 over 30 → avg 45.23; bar max(135.7, 195.2) = 195.2 → freeze
            "33x40 400 33x10 | 1 | 400 | 0 | 0",
            // 188 ms: avg (957 + 188) / 30 = 38.17, bar 188.17 → not a freeze; 189 ms: bar 188.2 → freeze
            "33x40 188 33x10 | 0 | 0 | 0 | 0",
            "33x40 189 33x10 | 1 | 189 | 0 | 0",
            // too early to judge: fewer than 5 delays in the window (the 4th delay is the first after 3)
            "33x3 500 33x10 | 0 | 0 | 0 | 0",
            // the 5th delay is judged: (4 × 33 + 500) / 5 = 126.4, bar 379.2 → freeze
            "33x4 500 33x10 | 1 | 500 | 0 | 0",
            // 15 fps (66 ms): 200 ms is 3 × 66 but the +150 ms bar (≈ 220) holds
            "66x40 200 66x5 | 0 | 0 | 0 | 0",
            // slow video (200 ms apart): 3 × avg rules → 600 ms is not a freeze, 700 is
            "200x40 600 200x5 | 0 | 0 | 0 | 0",
            "200x40 700 200x5 | 1 | 700 | 0 | 0",
            // two freezes; the first one raises the average the second is judged by
            "33x40 300 33x3 300 33x30 | 2 | 600 | 0 | 0",
            // over 5 s is a pause, not a freeze, and stays out of the window
            "33x40 6000 33x10 | 0 | 0 | 1 | 6000",
            "33x40 5000 33x10 | 1 | 5000 | 0 | 0",
    })
    void countsFreezesAndPauses(String timings, int freezes, long frozenMs, int pauses, long pausedMs) {
        FreezeMeter m = new FreezeMeter();
        long t = 0;
        m.onFrameRendered(t);
        for (long d : delays(timings)) {
            t += d * MS;
            m.onFrameRendered(t);
        }
        assertEquals(freezes, m.freezeCount(), "freezes");
        assertEquals(frozenMs * MS, m.totalFreezesNanos(), "frozen time");
        assertEquals(pauses, m.pauseCount(), "pauses");
        assertEquals(pausedMs * MS, m.totalPausesNanos(), "paused time");
        assertEquals(t, m.renderedSpanNanos());
    }

    private static List<Long> delays(String timings) {
        List<Long> out = new ArrayList<>();
        for (String tok : timings.trim().split("\\s+")) {
            String[] p = tok.split("x");
            long d = Long.parseLong(p[0]);
            int n = p.length > 1 ? Integer.parseInt(p[1]) : 1;
            for (int i = 0; i < n; i++) {
                out.add(d);
            }
        }
        return out;
    }
}
