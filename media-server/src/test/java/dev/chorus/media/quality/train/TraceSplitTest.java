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
    void refusesTooFewTraces() {
        assertThrows(IllegalArgumentException.class, () -> TraceSplit.of(List.of("a", "b"), 0.5, 0.5, 1));
    }
}
