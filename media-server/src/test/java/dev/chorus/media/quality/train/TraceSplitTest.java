package dev.chorus.media.quality.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TraceSplitTest {
    private static final List<String> NAMES = IntStream.range(0, 50).mapToObj(i -> "norway/trace_" + i).toList();

    @Test
    void noTraceIsInTwoSetsAndNoneIsLost() {
        TraceSplit s = TraceSplit.of(NAMES, 0.2, 0.15, 7);
        Set<String> all = new HashSet<>();
        for (List<String> part : List.of(s.train(), s.validation(), s.test())) {
            for (String n : part) {
                assertTrue(all.add(n), n + " is in two sets");
            }
        }
        assertEquals(Set.copyOf(NAMES), all);
        assertEquals(10, s.test().size());
        assertFalse(s.validation().isEmpty());
    }

    @Test
    void seededAndIndependentOfInputOrder() {
        List<String> reversed = new ArrayList<>(NAMES);
        java.util.Collections.reverse(reversed);
        assertEquals(TraceSplit.of(NAMES, 0.2, 0.15, 7), TraceSplit.of(reversed, 0.2, 0.15, 7));
        assertNotEquals(TraceSplit.of(NAMES, 0.2, 0.15, 7).test(), TraceSplit.of(NAMES, 0.2, 0.15, 8).test());
    }

    @Test
    void rowsOfOneTraceStayTogether() {
        // duplicate names (several rows/runs of one trace) must not put a trace on both sides
        List<String> rows = new ArrayList<>();
        for (String n : NAMES) {
            rows.add(n);
            rows.add(n);
        }
        TraceSplit s = TraceSplit.of(rows, 0.2, 0.1, 3);
        assertEquals(NAMES.size(), s.train().size() + s.validation().size() + s.test().size());
        assertTrue(s.test().stream().noneMatch(s.train()::contains));
    }

    @Test
    void aGroupOfNewTracesLeavesTheFirstGroupsSplitAsItWas() {
        TraceSplit alone = TraceSplit.of(NAMES, 0.2, 0.15, 1);
        List<String> extra = IntStream.range(0, 20).mapToObj(i -> "bursty/trace_" + i).toList();
        TraceSplit both = TraceSplit.ofGroups(List.of(NAMES, extra), 0.2, 0.15, 1);
        assertEquals(alone.test(), both.test().stream().filter(NAMES::contains).toList());
        assertEquals(alone.validation(), both.validation().stream().filter(NAMES::contains).toList());
        assertEquals(alone.train(), both.train().stream().filter(NAMES::contains).toList());
        TraceSplit extraAlone = TraceSplit.of(extra, 0.2, 0.15, 1);
        assertEquals(extraAlone.test(), both.test().stream().filter(extra::contains).toList());
        assertEquals(4, extraAlone.test().size());
        // whereas one split over all names would move traces of the first group between sets
        assertNotEquals(alone.test(), TraceSplit.of(concat(NAMES, extra), 0.2, 0.15, 1).test().stream()
                .filter(NAMES::contains).toList());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void refusesTooFewTraces() {
        assertThrows(IllegalArgumentException.class, () -> TraceSplit.of(List.of("a", "b"), 0.5, 0.5, 1));
    }
}
