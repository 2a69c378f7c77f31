package dev.chorus.compositor.rtp;

import dev.chorus.compositor.encode.EncodedFrame;
import dev.chorus.compositor.encode.EncodedFrameSink;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.SequenceNumbers;

/**
 * Jitter buffer and frame assembly for the RTP packets of one video stream; the codec subclasses
 * say where frames start and how payloads become bitstream.
 *
 * <p>Packets are copied into a ring of {@value #CAPACITY} slots indexed by the unwrapped sequence
 * number and consumed strictly in sequence order. A frame is output once all its packets, from a
 * frame start to the marker bit (or to the last packet before a timestamp change), are present. A
 * missing packet is declared lost when a packet {@code maxReorderPackets} later has arrived or the
 * newest packet's timestamp is {@code maxDelayTicks} past the oldest waiting one; the frames it
 * touches are dropped and, because later delta frames reference them, so is every frame until a
 * keyframe completes ({@link #needsKeyFrame()}; also true before the first keyframe and after an
 * SSRC change). Packets far ahead of the ring restart it there; packets far behind it, or
 * {@code maxReorderPackets} late packets in a row, restart it back (so one stray sequence number
 * costs a keyframe, not the stream). Malformed input is counted and dropped; nothing thrown. Not thread-safe.
 */
public abstract sealed class FrameAssembler permits Vp8Depacketizer, H264Depacketizer {
    public static final int DEFAULT_MAX_REORDER_PACKETS = 64;
    /** 100 ms at 90 kHz. */
    public static final int DEFAULT_MAX_DELAY_TICKS = 9_000;
    static final int CAPACITY = 512;
    private static final int MASK = CAPACITY - 1;

    private final PacketSlot[] slots = new PacketSlot[CAPACITY];
    private final RtpPacket rtp = new RtpPacket();
    private final EncodedFrame frame = new EncodedFrame();
    private final EncodedFrameSink sink;
    private final int maxReorderPackets;
    private final int maxDelayTicks;

    private boolean haveStream;
    private long ssrc;
    private boolean haveSeq;
    private long highest;
    private int highestSeq16;
    private long highestTimestamp;
    /** Unwrapped sequence number of the next packet to consume. */
    private long next;
    /** The packet before {@link #next} ended a frame. */
    private boolean boundary;
    private boolean consumedAny;
    private boolean waitingForKey = true;
    /** Consecutive packets that arrived behind {@link #next}. */
    private int lateRun;

    private long packetsReceived;
    private long framesEmitted;
    private long framesDropped;
    private long packetsLost;
    private long packetsDiscarded;
    private long duplicates;
    private long latePackets;
    private long malformedPackets;
    private long ssrcChanges;
    private long sequenceRestarts;

    FrameAssembler(EncodedFrameSink sink, int maxReorderPackets, int maxDelayTicks) {
        if (sink == null || maxReorderPackets < 1 || maxReorderPackets > CAPACITY / 2 || maxDelayTicks < 0) {
            throw new IllegalArgumentException("bad assembler config " + maxReorderPackets + " " + maxDelayTicks);
        }
        this.sink = sink;
        this.maxReorderPackets = maxReorderPackets;
        this.maxDelayTicks = maxDelayTicks;
        for (int i = 0; i < CAPACITY; i++) {
            slots[i] = new PacketSlot();
        }
    }

    /** Validates the payload in {@code slot}; sets frameStart, keyFrame and dataOffset. False = malformed. */
    abstract boolean inspect(PacketSlot slot);

    /** Whether {@code slot} may begin a frame; {@code afterBoundary}: the previous packet ended one. */
    abstract boolean startsFrame(PacketSlot slot, boolean afterBoundary);

    abstract void beginFrame();

    /** Appends the slot's media as bitstream; false when the packet sequence makes no valid frame. */
    abstract boolean append(PacketSlot slot, EncodedFrame out);

    abstract boolean endFrame(EncodedFrame out);

    /**
     * Takes one RTP packet {@code buf[off, off+len)} (copied; the buffer may be reused at once) and
     * hands every frame it completes to the sink. Returns false when the packet was not buffered
     * (malformed, duplicate or too late).
     */
    public final boolean push(byte[] buf, int off, int len) {
        if (!rtp.wrap(buf, off, len)) {
            malformedPackets++;
            return false;
        }
        long packetSsrc = rtp.ssrc();
        if (!haveStream || packetSsrc != ssrc) {
            if (haveStream) {
                ssrcChanges++;
            }
            restart(packetSsrc);
        }
        int seq16 = rtp.sequenceNumber();
        long seq = unwrap(seq16);
        if (seq < next) {
            if (!consumedAny && next - seq <= maxReorderPackets && highest - seq < CAPACITY) {
                next = seq; // nothing consumed yet: an earlier packet of the first frame arrived late
            } else if (next - seq < CAPACITY && ++lateRun < maxReorderPackets) {
                latePackets++;
                return false;
            } else {
                // Far behind, or packet after packet behind: not late packets but the stream going
                // back, or our position was set by one stray packet far ahead. Start over here (as
                // on an SSRC change) instead of dropping the real stream until it catches up.
                sequenceRestarts++;
                restart(packetSsrc);
                seq = unwrap(seq16);
            }
        } else if (seq - next >= CAPACITY) {
            // Beyond what the ring can hold (long outage or sender restart): all pending is lost.
            releaseAll();
            next = seq;
            boundary = false;
            waitingForKey = true;
        }
        lateRun = 0;
        PacketSlot slot = slots[(int) (seq & MASK)];
        if (slot.used && slot.seq == seq) {
            duplicates++;
            return false;
        }
        slot.store(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength());
        slot.used = true;
        slot.seq = seq;
        slot.timestamp = rtp.timestamp();
        slot.marker = rtp.marker();
        if (!slot.padding && !inspect(slot)) {
            slot.corrupt = true;
            malformedPackets++;
        }
        packetsReceived++;
        if (seq > highest) {
            highest = seq;
            highestSeq16 = seq16;
            highestTimestamp = slot.timestamp;
        }
        drain();
        return true;
    }

    /** The 64-bit sequence number of {@code seq16}; the first packet of a stream sets the position. */
    private long unwrap(int seq16) {
        if (haveSeq) {
            return highest + SequenceNumbers.diff(seq16, highestSeq16);
        }
        haveSeq = true;
        highest = seq16;
        highestSeq16 = seq16;
        highestTimestamp = rtp.timestamp();
        next = seq16;
        return seq16;
    }

    private void drain() {
        while (next <= highest) {
            PacketSlot s = slotAt(next);
            if (s == null) {
                if (!lossDeclared(next)) {
                    return;
                }
                skipPastLoss(next);
            } else if (s.padding) {
                release(s);
                next++;
            } else if (s.corrupt || !startsFrame(s, boundary)) {
                // Before anything was consumed the frame's first packet may still be on its way.
                if (!consumedAny && !s.corrupt && !lossDeclared(next)) {
                    return;
                }
                discardUpTo(next + 1);
            } else if (!assemble(s)) {
                return;
            }
        }
    }

    /** Outputs or drops the frame starting at {@link #next}; false when it must wait for more packets. */
    private boolean assemble(PacketSlot first) {
        long end = next;
        while (!slotAt(end).marker) {
            long p = end + 1;
            if (p > highest) {
                return false;
            }
            PacketSlot c = slotAt(p);
            if (c == null) {
                if (!lossDeclared(p)) {
                    return false;
                }
                discardUpTo(p);
                return true;
            }
            if (c.padding || c.timestamp != first.timestamp) {
                break; // the frame ended without a marker bit
            }
            if (c.corrupt) {
                discardUpTo(p + 1);
                return true;
            }
            end = p;
        }
        emit(next, end, first.timestamp);
        return true;
    }

    private void emit(long from, long to, long timestamp) {
        frame.clear();
        beginFrame();
        boolean ok = true;
        boolean key = false;
        for (long q = from; q <= to; q++) {
            PacketSlot c = slotAt(q);
            ok = ok && append(c, frame);
            key |= c.keyFrame;
            release(c);
        }
        ok = ok && endFrame(frame);
        next = to + 1;
        consumedAny = true;
        boundary = true;
        if (!ok) {
            framesDropped++;
            waitingForKey = true;
            return;
        }
        if (waitingForKey && !key) {
            framesDropped++;
            return;
        }
        waitingForKey = false;
        frame.setKeyFrame(key);
        frame.setTimestamp(timestamp);
        framesEmitted++;
        sink.onFrame(frame);
    }

    private boolean lossDeclared(long missing) {
        if (highest - missing >= maxReorderPackets) {
            return true;
        }
        for (long q = next; q <= highest; q++) {
            PacketSlot c = slotAt(q);
            if (c != null) {
                return (int) (highestTimestamp - c.timestamp) > maxDelayTicks;
            }
        }
        return false;
    }

    /** Drops everything up to the next packet that starts a frame after the lost {@code gap}. */
    private void skipPastLoss(long gap) {
        long target = highest + 1;
        for (long q = gap + 1; q <= highest; q++) {
            PacketSlot c = slotAt(q);
            if (c != null && c.frameStart && !c.corrupt && !c.padding) {
                target = q;
                break;
            }
        }
        for (long q = next; q < target; q++) {
            if (slotAt(q) == null) {
                packetsLost++;
            }
        }
        discardUpTo(target);
    }

    /** Releases the buffered packets in [next, upTo), which can no longer form a frame. */
    private void discardUpTo(long upTo) {
        for (long q = next; q < upTo; q++) {
            PacketSlot c = slotAt(q);
            if (c != null) {
                release(c);
                packetsDiscarded++;
            }
        }
        next = upTo;
        consumedAny = true;
        boundary = false;
        waitingForKey = true;
    }

    private PacketSlot slotAt(long seq) {
        PacketSlot s = slots[(int) (seq & MASK)];
        return s.used && s.seq == seq ? s : null;
    }

    private static void release(PacketSlot s) {
        s.used = false;
    }

    private void releaseAll() {
        for (PacketSlot s : slots) {
            s.used = false;
        }
    }

    private void restart(long newSsrc) {
        releaseAll();
        haveStream = true;
        ssrc = newSsrc;
        haveSeq = false;
        boundary = false;
        consumedAny = false;
        waitingForKey = true;
        lateRun = 0;
    }

    /** Forgets the stream (buffered packets, SSRC); the next packet starts afresh, waiting for a keyframe. */
    public final void reset() {
        restart(0);
        haveStream = false;
    }

    /** True until a keyframe has been output after start, a loss or an SSRC change: send a PLI (throttled). */
    public final boolean needsKeyFrame() {
        return waitingForKey;
    }

    /** SSRC of the current stream, -1 before the first packet. */
    public final long ssrc() {
        return haveStream ? ssrc : -1;
    }

    public final long packetsReceived() {
        return packetsReceived;
    }

    public final long framesEmitted() {
        return framesEmitted;
    }

    /** Frames assembled but not output: invalid bitstream or delta frames while waiting for a keyframe. */
    public final long framesDropped() {
        return framesDropped;
    }

    /** Sequence numbers declared lost. */
    public final long packetsLost() {
        return packetsLost;
    }

    /** Received packets thrown away because their frame could not be completed. */
    public final long packetsDiscarded() {
        return packetsDiscarded;
    }

    public final long duplicates() {
        return duplicates;
    }

    /** Packets that arrived after their sequence number had been consumed or declared lost. */
    public final long latePackets() {
        return latePackets;
    }

    /** Unparseable RTP packets and payloads that failed codec validation. */
    public final long malformedPackets() {
        return malformedPackets;
    }

    public final long ssrcChanges() {
        return ssrcChanges;
    }

    /** Times the stream was restarted because its packets kept arriving behind the consumed position. */
    public final long sequenceRestarts() {
        return sequenceRestarts;
    }
}
