package dev.chorus.media.sim;

/**
 * One encoded frame of one simulcast layer, as its bitstream would tell a decoder: which reference
 * buffers ("last", "golden") it reads and updates, by frame id. The receiver model decides
 * decodability from this exactly as a VP8 decoder would.
 */
record FrameInfo(int layer, int index, int tid, boolean key, long refLast, long refGolden, boolean usesGolden,
        boolean updatesLast, boolean updatesGolden, int bytes, int packets, long captureNanos) {
    long id() {
        return id(layer, index);
    }

    static long id(int layer, int index) {
        return (long) layer << 32 | (index & 0xFFFFFFFFL);
    }
}
