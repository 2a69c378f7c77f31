package dev.chorus.compositor.rtp;

import java.util.Arrays;

/**
 * Finds the NAL units of an H.264 Annex-B access unit (3- or 4-byte start codes). Results are kept
 * in reused arrays. Trailing zero bytes of a unit are dropped: they are the first byte of a 4-byte
 * start code or trailing_zero_8bits, never part of the NAL payload.
 */
final class NalUnits {
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private int count;

    /** Returns the number of NAL units found in {@code data[off, off+len)}. */
    int split(byte[] data, int off, int len) {
        count = 0;
        int end = off + len;
        int start = -1;
        int i = off;
        while (i + 2 < end) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                if (start >= 0) {
                    add(data, start, i);
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            add(data, start, end);
        }
        return count;
    }

    private void add(byte[] data, int from, int to) {
        while (to > from && data[to - 1] == 0) {
            to--;
        }
        if (to <= from) {
            return;
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        offsets[count] = from;
        lengths[count] = to - from;
        count++;
    }

    int offset(int i) {
        return offsets[i];
    }

    int length(int i) {
        return lengths[i];
    }
}
