package dev.chorus.media.util;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable packet buffer with room at the end for SRTP auth tags, so protecting in place never
 * reallocates. Implements jitsi-utils' buffer interface for jitsi-srtp.
 */
public final class PacketBuffer implements ByteArrayBuffer {
    /** Enough for a 1500-byte datagram plus SRTP/SRTCP trailers. */
    public static final int CAPACITY = 1600;

    private byte[] buf;
    private int offset;
    private int length;

    public PacketBuffer() {
        this(CAPACITY);
    }

    public PacketBuffer(int capacity) {
        this.buf = new byte[capacity];
    }

    /** Copies {@code len} bytes in at offset 0. */
    public PacketBuffer set(byte[] src, int off, int len) {
        if (len > buf.length) {
            throw new IllegalArgumentException("packet of " + len + " bytes exceeds " + buf.length);
        }
        System.arraycopy(src, off, buf, 0, len);
        offset = 0;
        length = len;
        return this;
    }

    /** Views an external array (no copy); used to decrypt received datagrams where they lie. */
    public PacketBuffer wrap(byte[] array, int off, int len) {
        this.buf = array;
        this.offset = off;
        this.length = len;
        return this;
    }

    @Override
    public byte[] getBuffer() {
        return buf;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        this.length = len;
    }

    @Override
    public void setOffset(int off) {
        this.offset = off;
    }

    public void setOffsetLength(int off, int len) {
        this.offset = off;
        this.length = len;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        System.arraycopy(buf, offset + off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > buf.length) {
            // only reached if a trailer exceeds the headroom; correctness over zero-allocation here
            byte[] bigger = new byte[offset + length + howMuch];
            System.arraycopy(buf, 0, bigger, 0, offset + length);
            buf = bigger;
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buf, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
