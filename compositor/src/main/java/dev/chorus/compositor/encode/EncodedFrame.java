package dev.chorus.compositor.encode;

import java.util.Arrays;

/**
 * One compressed video frame (VP8 bitstream or H.264 Annex-B access unit) with its 90 kHz
 * timestamp and keyframe flag. Mutable and reused by its producer: the byte array grows to the
 * largest frame seen and is then kept, so steady state allocates nothing.
 */
public final class EncodedFrame {
    private byte[] data;
    private int length;
    private boolean keyFrame;
    private long timestamp;

    public EncodedFrame() {
        this(64 * 1024);
    }

    public EncodedFrame(int initialCapacity) {
        data = new byte[Math.max(16, initialCapacity)];
    }

    /** Backing array; the frame is {@code data()[0, length())}. */
    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    public boolean keyFrame() {
        return keyFrame;
    }

    /** 90 kHz time: the encoder's pts, or the RTP timestamp (unsigned 32-bit) after depacketization. */
    public long timestamp() {
        return timestamp;
    }

    public void setKeyFrame(boolean keyFrame) {
        this.keyFrame = keyFrame;
    }

    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    /** Empties the frame (keeps the array). */
    public void clear() {
        length = 0;
        keyFrame = false;
        timestamp = 0;
    }

    /** Replaces the content with a copy of {@code src[off, off+len)}. */
    public void set(byte[] src, int off, int len, boolean keyFrame, long timestamp) {
        length = 0;
        append(src, off, len);
        this.keyFrame = keyFrame;
        this.timestamp = timestamp;
    }

    /** Appends {@code src[off, off+len)}. */
    public void append(byte[] src, int off, int len) {
        ensureCapacity(length + len);
        System.arraycopy(src, off, data, length, len);
        length += len;
    }

    public void append(byte b) {
        ensureCapacity(length + 1);
        data[length++] = b;
    }

    /** Makes room for {@code capacity} bytes, returning the (possibly new) backing array. */
    public byte[] ensureCapacity(int capacity) {
        if (capacity > data.length) {
            // Grow by half again so a slowly rising frame size does not reallocate every frame.
            data = Arrays.copyOf(data, Math.max(capacity, data.length + (data.length >> 1)));
        }
        return data;
    }

    /** Sets the length after the caller wrote into {@link #ensureCapacity}'s array. */
    public void setLength(int length) {
        if (length < 0 || length > data.length) {
            throw new IllegalArgumentException("length " + length);
        }
        this.length = length;
    }

    @Override
    public String toString() {
        return "EncodedFrame[" + length + " bytes" + (keyFrame ? " key" : "") + " ts=" + timestamp + "]";
    }
}
