package dev.chorus.media.forwarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayerSelectorTest {
    /**
     * Packet steps {@code <layer><kind>[t<tid>][y]@<ms>=<F|D>}, kind: {@code K} first packet of a key
     * frame (TID 0), {@code d} first packet of a delta frame, {@code c} a later packet of the layer's
     * newest frame, {@code p<frameMs>} a later packet of the frame that started at {@code frameMs};
     * {@code K<frameMs>}/{@code d<frameMs>}: a first packet arriving later than its frame started.
     * A frame's RTP timestamp is 90 × its start ms. {@code y}: layer sync. Other steps:
     * {@code T<s>/<t>} set target, {@code N<l>} expect keyFrameNeeded, {@code C<s>/<t>} expect the
     * current spatial/temporal layer.
     */
    private static final Pattern PACKET = Pattern.compile("(\\d)(K\\d*|d\\d*|c|p\\d+)(?:t(\\d))?(y)?@(\\d+)=([FD])");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // starting
            "starts only at a key frame               | T2/3 2d@0=D 2c@1=D N2 2K@33=F 2c@34=F 2d@66=F C2/3 N-1",
            "fast start on a lower layer, then up     | T2/3 0d@0=D 2d@0=D 0K@33=F N2 2d@33=D 0d@66=F 2K@100=F 0d@100=D 2d@133=F C2/3 N-1",
            "paused until a target is set             | 0K@0=D N-1 T0/3 0d@33=D N0 0K@66=F",
            // spatial up
            "switch up waits for the key frame        | T0/3 0K@0=F T2/3 N2 2d@33=D 0d@33=F 2c@34=D 2d@66=D 0d@66=F 2K@100=F 0d@100=D 2d@133=F C2/3",
            "switch up steps through a middle layer   | T0/3 0K@0=F T2/3 1K@33=F 0d@66=D 1d@66=F N2 2K@100=F 1d@133=D N-1",
            "no switch above the target               | T1/3 1K@0=F 2K@33=D 2d@66=D 1d@66=F N-1",
            // spatial down
            "switch down without a key frame          | T2/3 2K@0=F T0/0 N0 2dt0@33=F 2dt2@66=D 2dt1@100=D 0dt2@100=D 2dt0@133=F 0K@166=F 2dt2@200=D 2dt0@233=D C0/0 N-1",
            "going down sheds the upper temporal      | T2/3 2K@0=F 0d@0=D T0/3 2dt2@33=D 0dt2@33=D 2dt1@66=D 2dt0@100=F C2/0 N0",
            "switch down at once on the target key    | T2/3 2K@0=F 2dt2@33=F T0/3 0K@34=F 2dt1@66=D 0dt2@66=F C0/3",
            "switch down steps through a middle layer | T2/3 2K@0=F T0/3 1K@33=F N0 2d@66=D 1d@66=F 0K@100=F 1d@133=D",
            "below-target key frame ignored going up  | T1/3 0K@0=F T2/3 1K@10=F 0K@33=D 1d@33=F",
            // temporal
            "temporal down at the next frame boundary | T0/3 0K@0=F 0dt2@33=F T0/1 0ct2@34=F 0dt1@66=F 0dt2@100=D 0dt0@133=F 0ct0@134=F C0/1",
            "temporal up only at sync frames          | T0/0 0K@0=F 0dt2@33=D 0dt1@66=D T0/2 0dt2@100=D 0dt0@133=F 0dt2y@166=F 0dt1y@200=F 0dt2@233=F C0/2",
            "TID 0 alone is no up-switch point        | T0/0 0K@0=F 0dt2@33=D T0/2 0dt0@66=F 0dt2@100=D 0dt1@133=D 0dt2@166=D C0/0",
            "higher sync waits for its lower TIDs     | T0/0 0K@0=F T0/2 0dt2y@33=F 0dt1@66=D 0dt2@100=D 0dt0@133=F 0dt2y@166=F 0dt1y@200=F 0dt2@233=F",
            "TID 2 also needs TID 1 (TL1 lost before) | T0/0 0K@0=F T0/2 0dt2y@33=F 0dt2@100=D 0dt0@133=F 0dt1y@166=F 0dt2@200=D 0dt2y@233=F 0dt2@266=F",
            "key frame opens all TIDs up to the cap   | T0/1 0K@0=F 0dt2y@33=D 0dt1@66=F 0dt2@100=D C0/1",
            "up to the target temporal only           | T0/1 0K@0=F 0dt0@33=F 0dt2y@66=D 0dt1y@100=F C0/1",
            "no temporal info is always forwarded     | T0/0 0K@0=F 0d@33=F 0d@66=F C0/0",
            "dropped TID frame closes that TID        | T0/2 0K@0=F T0/1 0dt2@33=D T0/2 0dt1@66=F 0dt2@100=D 0dt2y@133=F",
            // pause
            "pause at the next frame boundary         | T2/3 2K@0=F 2c@1=F T-1/0 2c@2=F N-1 2d@33=D 2c@34=D 2K@66=D 0K@66=D C2/-1",
            "resume after a pause needs a key frame   | T2/3 2K@0=F T-1/0 2d@33=D T2/3 2d@66=D N2 2K@100=F 2d@133=F",
            "resume on a lower layer if it comes first | T2/3 2K@0=F T-1/0 2d@33=D T2/3 0K@66=F N2 2K@100=F",
            // stalls
            "current stalls: fall to a lower key frame | T2/3 2K@0=F 2d@33=F 1d@40=D 1K@300=D N-1 1d@560=D N1 1K@600=F N-1 C1/3",
            "stall: nothing at or below target        | T0/3 0K@0=F 1d@10=D 2d@10=D 1d@600=D N1 2K@600=F N1 1K@633=F 2d@666=D C1/3",
            "current returns after a stall            | T2/3 2K@0=F 1d@300=D 1d@590=D 2d@600=F 1K@610=D",
            "unseen target presumed alive at first     | T2/3 0d@0=D N2 0d@400=D N2 0d@600=D N0 0K@633=F N-1",
            // whole frames, reordering
            "packets of a decided frame follow it     | T0/1 0K@0=F 0dt2@33=D 0dt1@66=F 0p33t2@70=D 0p0@71=F 0p66t1@72=F",
            "late packets before a key frame still go | T0/3 0K@0=F 0d@33=F 0K@66=F 0p33@70=F 0p0@71=F",
            "re-entering a layer forgets old frames   | T0/3 0K@0=F 0d@33=F T1/3 1K@40=F T0/3 0K@66=F 0p33@70=D 0c@71=F",
            "old layer's late packets dropped         | T0/3 0K@0=F T1/3 1K@33=F 0p0@40=D 0c@41=D 1c@42=F",
            "key frame seen after its continuation    | T0/3 0K@0=F T1/3 1p33@33=D 1K33@34=D 0d@66=F N1",
            "unknown layer dropped                    | T0/3 5K@0=D 0K@0=F",
    })
    void script(String name, String script) {
        LayerSelector s = new LayerSelector(3);
        Map<String, Integer> frameTid = new HashMap<>();
        Map<Integer, Integer> newestFrame = new HashMap<>();
        for (String step : script.trim().split("\\s+")) {
            switch (step.charAt(0)) {
                case 'T' -> {
                    String[] a = step.substring(1).split("/");
                    s.setTarget(Integer.parseInt(a[0]), Integer.parseInt(a[1]));
                    continue;
                }
                case 'N' -> {
                    assertEquals(Integer.parseInt(step.substring(1)), s.keyFrameNeeded(), step + " " + s);
                    continue;
                }
                case 'C' -> {
                    String[] a = step.substring(1).split("/");
                    assertEquals(Integer.parseInt(a[0]), s.currentSpatial(), step + " " + s);
                    assertEquals(Integer.parseInt(a[1]), s.currentTemporal(), step + " " + s);
                    continue;
                }
                default -> {
                }
            }
            Matcher m = PACKET.matcher(step);
            assertTrue(m.matches(), step);
            int layer = Integer.parseInt(m.group(1));
            String kind = m.group(2);
            long ms = Long.parseLong(m.group(5));
            int frameMs;
            boolean key = kind.startsWith("K");
            boolean first = key || kind.startsWith("d");
            if (first) {
                frameMs = kind.length() > 1 ? Integer.parseInt(kind.substring(1)) : (int) ms;
                newestFrame.put(layer, frameMs);
            } else if (kind.equals("c")) {
                frameMs = newestFrame.get(layer);
            } else {
                frameMs = Integer.parseInt(kind.substring(1));
            }
            int tid = key ? 0 : m.group(3) != null ? Integer.parseInt(m.group(3))
                    : frameTid.getOrDefault(layer + "/" + frameMs, -1);
            if (first) {
                frameTid.put(layer + "/" + frameMs, tid);
            }
            int d = s.decide(layer, frameMs * 90L, tid, key, first, m.group(4) != null, ms * 1_000_000L);
            assertEquals(m.group(6).equals("F") ? LayerSelector.FORWARD : LayerSelector.DROP, d, step + " " + s);
        }
    }

    @Test
    void timestampWrapIsANewFrame() {
        LayerSelector s = new LayerSelector(1);
        s.setTarget(0, 3);
        assertEquals(LayerSelector.FORWARD, s.decide(0, 0xFFFFFF00L, 0, true, true, false, 0));
        assertEquals(LayerSelector.FORWARD, s.decide(0, 0x100, -1, false, true, false, 33_000_000));
        assertEquals(LayerSelector.FORWARD, s.decide(0, 0xFFFFFF00L, 0, false, false, false, 34_000_000));
        assertEquals(LayerSelector.DROP, s.decide(0, 0xFFFF0000L, 0, false, false, false, 35_000_000));
    }

    @Test
    void countsSwitchesButNotResumes() {
        LayerSelector s = new LayerSelector(2);
        s.setTarget(1, 3);
        s.decide(1, 0, -1, true, true, false, 0);
        s.setTarget(-1, 0);
        s.decide(1, 90, -1, false, true, false, 1_000_000);
        assertFalse(s.forwarding());
        s.setTarget(1, 3);
        s.decide(1, 180, -1, true, true, false, 2_000_000);
        assertTrue(s.forwarding());
        s.setTarget(0, 3);
        s.decide(0, 500, -1, true, true, false, 3_000_000);
        assertEquals(2, s.switches()); // start on 1, then 1 -> 0
        assertEquals(0, s.currentSpatial());
    }
}
