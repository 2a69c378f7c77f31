package dev.chorus.compositor.room;

/** One pooled copy of an input RTP packet and when it was handed to the compositor. */
final class InputPacket {
    static final int MAX_BYTES = 1500;

    final byte[] data = new byte[MAX_BYTES];
    int length;
    /** System.nanoTime() when the tap handed it over: a frame's completion time for the latency figure. */
    long offeredNanos;
}
