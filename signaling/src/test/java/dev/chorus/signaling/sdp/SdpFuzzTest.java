package dev.chorus.signaling.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutates the browser fixtures at random (seeded, so failures reproduce). The parser may accept or
 * reject each mutant, but only via SdpParseException; whatever it accepts must survive write/parse.
 */
class SdpFuzzTest {
    private static final long SEED = 0x5dbL;
    private static final int ITERATIONS = 4000;
    private static final String ALPHABET = "0123456789abcxyz:;/=~ -.,*\t\r\n\u00e9\u0000";

    @Test
    void mutantsEitherParseOrFailCleanly() {
        Random random = new Random(SEED);
        List<List<String>> fixtures = SdpFixtures.ALL.stream()
                .map(f -> SdpFixtures.loadLf(f).lines().toList()).toList();
        int accepted = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            List<String> lines = new ArrayList<>(fixtures.get(random.nextInt(fixtures.size())));
            int mutations = 1 + random.nextInt(3);
            for (int k = 0; k < mutations; k++) {
                mutate(lines, random);
            }
            String sdp = String.join(random.nextBoolean() ? "\r\n" : "\n", lines);
            if (check(i, sdp)) {
                accepted++;
            }
        }
        // sanity: the mutations are neither all fatal nor all harmless
        assertTrue(accepted > ITERATIONS / 20 && accepted < ITERATIONS * 19 / 20, "accepted " + accepted);
    }

    private static boolean check(int iteration, String sdp) {
        try {
            SessionDescription parsed = SdpParser.parse(sdp);
            String written = SdpWriter.write(parsed);
            assertEquals(parsed, SdpParser.parse(written), () -> "round trip differs at iteration " + iteration
                    + "\n--- input ---\n" + sdp + "\n--- written ---\n" + written);
            return true;
        } catch (SdpParseException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            return false;
        } catch (RuntimeException e) {
            fail("iteration " + iteration + " leaked " + e + "\n--- input ---\n" + sdp, e);
            return false;
        }
    }

    private static void mutate(List<String> lines, Random random) {
        if (lines.isEmpty()) {
            lines.add("");
        }
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        switch (random.nextInt(6)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(random.nextInt(lines.size() + 1), line);
            case 2 -> lines.set(at, line.substring(0, random.nextInt(line.length() + 1)));
            case 3, 4 -> {
                if (!line.isEmpty()) {
                    char[] chars = line.toCharArray();
                    chars[random.nextInt(chars.length)] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                    lines.set(at, new String(chars));
                }
            }
            default -> {
                int other = random.nextInt(lines.size());
                lines.set(at, lines.get(other));
                lines.set(other, line);
            }
        }
    }
}
