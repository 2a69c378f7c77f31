package dev.chorus.media.forwarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyFrameRequestPolicyTest {

    /** Steps {@code R<layer>@<ms>=<1|0>} request (1: send a PLI), {@code K<layer>} key frame arrived. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "first request goes out                | R2@0=1",
            "one outstanding per layer             | R2@0=1 R2@1=0 R2@500=0 R2@999=0",
            "re-request after the retry time       | R2@0=1 R2@999=0 R2@1000=1 R2@1500=0 R2@2000=1",
            "a key frame answers the request       | R2@0=1 K2 R2@10=1",
            "a key frame of another layer does not | R2@0=1 K1 R2@10=0",
            "layers are independent                | R0@0=1 R1@0=1 R2@0=1 R0@1=0",
            "at most three per second overall      | R0@0=1 K0 R0@100=1 K0 R0@200=1 K0 R0@300=0 R1@400=0 R0@999=0 R0@1000=1 R1@1001=0 R1@1100=1",
            "the rate holds other layers back      | R0@0=1 K0 R0@100=1 K0 R0@200=1 R1@300=0 R1@999=0 R1@1000=1 R2@1050=0 R2@1100=1",
            "unknown layer never requested         | R3@0=0 R-1@0=0",
    })
    void script(String name, String script) {
        KeyFrameRequestPolicy p = new KeyFrameRequestPolicy(3, 1_000_000_000L, 3);
        for (String step : script.trim().split("\\s+")) {
            if (step.charAt(0) == 'K') {
                p.onKeyFrame(Integer.parseInt(step.substring(1)));
                continue;
            }
            String[] a = step.substring(1).split("[@=]");
            boolean send = p.request(Integer.parseInt(a[0]), Long.parseLong(a[1]) * 1_000_000L);
            assertEquals(a[2].equals("1"), send, step);
        }
    }

    @Test
    void floodOfRequestsFromManyReceiversIsNoStorm() {
        // 50 receivers each asking for a key frame of every layer on every packet (say 3000
        // packets per second for 10 s), and the publisher never answering: at most one PLI per
        // layer per retry time, and never more than the rate.
        KeyFrameRequestPolicy p = new KeyFrameRequestPolicy(3);
        int sent = 0;
        int[] perLayer = new int[3];
        for (long t = 0; t < 10_000_000_000L; t += 333_333) {
            for (int receiver = 0; receiver < 50; receiver++) {
                int layer = receiver % 3;
                if (p.request(layer, t)) {
                    sent++;
                    perLayer[layer]++;
                }
            }
        }
        assertEquals(30, sent); // 3 layers × 10 s at one retry per second, within 3 per second
        for (int n : perLayer) {
            assertEquals(10, n);
        }
        assertEquals(sent, p.sent());
    }

    @Test
    void floodWithFastKeyFramesIsCappedByTheRate() {
        // The publisher answers every PLI at once, so nothing stays outstanding: only the rate holds.
        KeyFrameRequestPolicy p = new KeyFrameRequestPolicy(3, 1_000_000_000L, 3);
        int sent = 0;
        for (long t = 0; t < 5_000_000_000L; t += 1_000_000) {
            if (p.request((int) (t / 1_000_000) % 3, t)) {
                sent++;
                p.onKeyFrame((int) (t / 1_000_000) % 3);
            }
        }
        assertEquals(15, sent);
        assertTrue(p.suppressed() > 4000);
        assertFalse(p.outstanding(0));
    }
}
