package dev.chorus.media.forwarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequenceNumberRewriterTest {

    /**
     * Script steps: {@code F<layer>:<src>=<out>} forward and expect {@code out} ({@code x}: refused),
     * {@code D<layer>:<src>} drop, {@code N<out>=<layer>:<src>} NACK lookup ({@code x}: unknown).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "in order                               | 1000  | F0:100=1000 F0:101=1001 F0:102=1002",
            "policy drops leave no gap              | 1000  | F0:100=1000 D0:101 D0:102 F0:103=1001",
            "real loss keeps its gap                | 1000  | F0:100=1000 F0:103=1003",
            "loss and drop mixed                    | 1000  | F0:100=1000 D0:101 F0:103=1002",
            "repair fills the loss gap              | 1000  | F0:100=1000 F0:103=1003 F0:101=1001 F0:102=1002",
            "reorder keeps relative order           | 1000  | F0:100=1000 F0:102=1002 F0:101=1001",
            "reorder behind a drop                  | 1000  | F0:100=1000 D0:101 F0:103=1002 F0:102=1001",
            "reorder before a later drop            | 1000  | F0:100=1000 F0:102=1002 D0:103 F0:104=1003 F0:101=1001",
            "late drop cannot be hidden             | 1000  | F0:100=1000 F0:102=1002 D0:101 F0:103=1003",
            "duplicate maps to the same number      | 1000  | F0:100=1000 F0:101=1001 F0:101=1001",
            "beyond the reorder window is refused   | 1000  | F0:1000=1000 F0:1600=1600 F0:1089=1089 F0:1088=x F0:1001=x",
            "switch continues at last+1             | 1000  | F0:100=1000 F0:101=1001 F1:5000=1002 F1:5001=1003",
            "switch after drops continues           | 1000  | F0:100=1000 D0:101 D0:102 F2:7=1001 F2:8=1002",
            "switch after loss continues            | 1000  | F0:100=1000 F0:105=1005 F1:5000=1006",
            "old layer late after switch refused    | 1000  | F0:100=1000 F0:101=1001 F1:5000=1002 F0:101=x F0:100=x F1:5001=1003",
            "old layer dropped tail then late       | 1000  | F0:100=1000 D0:102 F1:5000=1001 F0:101=x F1:5001=1002",
            "new layer before switch point refused  | 1000  | F0:100=1000 D1:4998 F1:5000=1001 F1:4999=x F1:5001=1002",
            "other layers' drops do not count       | 1000  | F0:100=1000 D1:5000 D2:9000 D1:5001 F0:101=1001",
            "drops before first forward are free    | 1000  | D0:98 D0:99 F0:100=1000 F0:101=1001",
            "any newer packet of another layer switches | 1000 | F0:100=1000 F1:5000=1001 D0:101 D0:102 F0:103=1002 F1:5001=1003",
            "wrap in the source                     | 1000  | F0:65534=1000 F0:65535=1001 F0:0=1002 D0:1 F0:2=1003",
            "reorder across the source wrap         | 1000  | F0:65535=1000 F0:1=1002 F0:0=1001",
            "wrap in the output                     | 65534 | F0:10=65534 F0:11=65535 F0:12=0 F1:300=1 F1:301=2",
            "drop across the output wrap            | 65535 | F0:10=65535 D0:11 F0:12=0",
            "switch at the output wrap              | 65535 | F0:10=65535 F1:65535=0 F1:0=1",
            "lookup across a switch                 | 1000  | F0:100=1000 D0:101 F0:102=1001 F1:5000=1002 F1:5001=1003"
                    + " N1000=0:100 N1001=0:102 N1002=1:5000 N1003=1:5001 N1004=x N999=x",
            "lookup of a loss gap is unknown        | 1000  | F0:100=1000 F0:103=1003 N1001=x N1002=x N1003=0:103",
            "lookup after repair                    | 1000  | F0:100=1000 F0:103=1003 F0:101=1001 N1001=0:101",
            "lookup across the output wrap          | 65535 | F0:7=65535 F0:8=0 N65535=0:7 N0=0:8 N1=x",
            "lookup before any packet               | 1000  | N1000=x",
    })
    void script(String name, int initialOut, String script) {
        SequenceNumberRewriter r = new SequenceNumberRewriter(initialOut);
        for (String step : script.trim().split("\\s+")) {
            char op = step.charAt(0);
            String[] lr = step.substring(1).split("=");
            switch (op) {
                case 'F' -> {
                    int[] ls = layerSeq(lr[0]);
                    int expected = lr[1].equals("x") ? SequenceNumberRewriter.NONE : Integer.parseInt(lr[1]);
                    assertEquals(expected, r.forward(ls[0], ls[1]), step);
                }
                case 'D' -> {
                    int[] ls = layerSeq(lr[0]);
                    r.drop(ls[0], ls[1]);
                }
                case 'N' -> {
                    int m = r.lookup(Integer.parseInt(lr[0]));
                    if (lr[1].equals("x")) {
                        assertEquals(SequenceNumberRewriter.NONE, m, step);
                    } else {
                        int[] ls = layerSeq(lr[1]);
                        assertEquals(ls[0], SequenceNumberRewriter.layerOf(m), step);
                        assertEquals(ls[1], SequenceNumberRewriter.sourceSeqOf(m), step);
                    }
                }
                default -> throw new IllegalArgumentException(step);
            }
        }
    }

    private static int[] layerSeq(String s) {
        String[] p = s.split(":");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    @Test
    void longRunWithDropsIsContiguousThroughWraps() {
        SequenceNumberRewriter r = new SequenceNumberRewriter(40000);
        int expected = 40000;
        int src = 60000;
        for (int i = 0; i < 200_000; i++) {
            src = (src + 1) & 0xFFFF;
            if (i % 4 == 1 || i % 4 == 3) { // a temporal layer we do not forward
                r.drop(0, src);
                continue;
            }
            assertEquals(expected, r.forward(0, src), "i=" + i);
            assertEquals(expected, r.forward(0, src), "duplicate i=" + i);
            expected = (expected + 1) & 0xFFFF;
        }
    }

    @Test
    void historyEvictsOldEntries() {
        SequenceNumberRewriter r = new SequenceNumberRewriter(0, 3, 2048);
        for (int i = 0; i < 3000; i++) {
            assertEquals(i, r.forward(i < 1500 ? 0 : 1, (i < 1500 ? 100 : 9000) + i));
        }
        assertEquals(SequenceNumberRewriter.NONE, r.lookup(0));
        assertEquals(SequenceNumberRewriter.NONE, r.lookup(951)); // 2999 - 951 = 2048: just evicted
        int m = r.lookup(952);
        assertEquals(0, SequenceNumberRewriter.layerOf(m));
        assertEquals(1052, SequenceNumberRewriter.sourceSeqOf(m));
        m = r.lookup(2999);
        assertEquals(1, SequenceNumberRewriter.layerOf(m));
        assertEquals(11999, SequenceNumberRewriter.sourceSeqOf(m));
    }

    @Test
    void rejectsBadLayersAndSizes() {
        SequenceNumberRewriter r = new SequenceNumberRewriter(0, 3, 16);
        assertEquals(SequenceNumberRewriter.NONE, r.forward(3, 1));
        assertEquals(SequenceNumberRewriter.NONE, r.forward(-1, 1));
        r.drop(7, 1); // ignored
        assertEquals(0, r.forward(2, 1));
        assertThrows(IllegalArgumentException.class, () -> new SequenceNumberRewriter(0, 3, 1000));
        assertThrows(IllegalArgumentException.class, () -> new SequenceNumberRewriter(0, 0, 1024));
    }
}
