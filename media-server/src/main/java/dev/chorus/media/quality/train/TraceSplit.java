package dev.chorus.media.quality.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Splits traces — whole traces, never rows — into training, validation (model selection) and test
 * (the reported numbers). Rows 100 ms apart on one trace are nearly copies of each other: a row split
 * would let a model memorise the trace and report a test error it will never have on a new link.
 * Seeded shuffle of the sorted names, so the same names and seed give the same split.
 */
public record TraceSplit(List<String> train, List<String> validation, List<String> test) {
    public TraceSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /**
     * Each group (the traces of one directory) split on its own with the same shares and seed, then
     * merged: adding a directory of new traces leaves the first group's split exactly as it was, so its
     * test traces stay unseen by anything tuned on the earlier split.
     */
    public static TraceSplit ofGroups(List<List<String>> groups, double testShare, double validationShare, long seed) {
        List<String> train = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (List<String> g : groups) {
            TraceSplit s = of(g, testShare, validationShare, seed);
            train.addAll(s.train());
            validation.addAll(s.validation());
            test.addAll(s.test());
        }
        return new TraceSplit(train, validation, test);
    }

    public static TraceSplit of(List<String> names, double testShare, double validationShare, long seed) {
        if (!(testShare > 0 && validationShare >= 0 && testShare + validationShare < 1)) {
            throw new IllegalArgumentException("shares " + testShare + ", " + validationShare);
        }
        List<String> shuffled = new ArrayList<>(names.stream().distinct().sorted().toList());
        Collections.shuffle(shuffled, new Random(seed));
        int n = shuffled.size();
        int test = Math.max(1, (int) Math.round(n * testShare));
        int val = validationShare > 0 ? Math.max(1, (int) Math.round(n * validationShare)) : 0;
        if (test + val >= n) {
            throw new IllegalArgumentException(n + " traces are too few to split");
        }
        return new TraceSplit(shuffled.subList(test + val, n), shuffled.subList(test, test + val),
                shuffled.subList(0, test));
    }
}
