package dev.chorus.compositor.room;

/** One pooled copy of an input RTP packet. */
final class InputPacket {
    static final int MAX_BYTES = 1500;

    final byte[] data = new byte[MAX_BYTES];
    int length;
}
