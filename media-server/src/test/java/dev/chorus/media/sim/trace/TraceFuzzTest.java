package dev.chorus.media.sim.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of the real fixtures (byte flips, cuts, spliced and duplicated lines, inserted
 * junk): the reader either returns a consistent trace or throws {@link TraceFormatException} — no other
 * exception, no hang, no negative capacity or empty trace.
 */
class TraceFuzzTest {
    private static final int ITERATIONS = 3_000;
    private static final String JUNK = "0123456789.-+eE \t\n{}[]\":,NaNInfinity#abc\u00e9\u0000";

    @Test
    void mutatedTracesParseOrFailCleanly() {
        Random r = new Random(20260601);
        String[] seeds = new String[Fixtures.FILES.length];
        for (int i = 0; i < seeds.length; i++) {
            String s = Fixtures.text(Fixtures.FILES[i]);
            seeds[i] = s.length() > 6000 ? s.substring(0, 6000) : s; // the mahimahi excerpt is long
        }
        int parsed = 0;
        int rejected = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            int k = r.nextInt(seeds.length);
            String input = mutate(seeds[k], r);
            String name = Fixtures.FILES[k];
            try {
                CapacityTrace t = TraceReader.parse(name, name, input);
                check(t, input);
                parsed++;
            } catch (TraceFormatException e) {
                assertTrue(e.getMessage().startsWith(name), e.getMessage());
                rejected++;
            } catch (RuntimeException e) {
                fail("unexpected " + e + " for input:\n" + input, e);
            }
        }
        assertTrue(parsed > ITERATIONS / 20 && rejected > ITERATIONS / 20, parsed + " parsed, " + rejected + " rejected");
    }

    private static void check(CapacityTrace t, String input) {
        assertTrue(t.durationNanos() > 0 && t.segmentCount() > 0, input);
        for (int i = 0; i < t.segmentCount(); i++) {
            assertTrue(t.segmentCapacityBps(i) >= 0, input);
        }
        long end = t.transmitEndNanos(0, 12_000);
        assertTrue(end > 0, input);
        assertTrue(t.meanCapacityBps(0, t.durationNanos() + 1) >= 0, input);
    }

    private static String mutate(String s, Random r) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int pos = r.nextInt(b.length());
            switch (r.nextInt(6)) {
                case 0 -> b.setCharAt(pos, JUNK.charAt(r.nextInt(JUNK.length())));
                case 1 -> b.setLength(pos); // truncated file
                case 2 -> b.insert(pos, JUNK.charAt(r.nextInt(JUNK.length())));
                case 3 -> b.deleteCharAt(pos);
                case 4 -> { // duplicate a line somewhere else
                    int ls = pos == 0 ? 0 : b.lastIndexOf("\n", pos - 1) + 1;
                    int le = b.indexOf("\n", pos);
                    String line = b.substring(ls, le < 0 ? b.length() : le);
                    b.insert(r.nextInt(b.length() + 1), line + "\n");
                }
                default -> { // swap two lines
                    String[] lines = b.toString().split("\n", -1);
                    if (lines.length > 2) {
                        int i = r.nextInt(lines.length);
                        int j = r.nextInt(lines.length);
                        String tmp = lines[i];
                        lines[i] = lines[j];
                        lines[j] = tmp;
                        b = new StringBuilder(String.join("\n", lines));
                    }
                }
            }
        }
        return b.toString();
    }
}
