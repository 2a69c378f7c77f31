package dev.chorus.compositor.audio;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.SequenceNumbers;

/**
 * Per-input playout buffer turning RTP packets that arrive with network jitter into one Opus
 * payload (or "missing") per 20 ms mixer tick.
 *
 * <p>Playout follows sequence numbers, one packet per tick (senders must use 20 ms ptime, as
 * WebRTC does by default). After a (re)start the buffer waits until {@code targetFrames} packets
 * span the window, or the oldest has waited that many ticks, before it plays: with the default of
 * 3 a packet is played 40–60 ms after it arrived, which absorbs 40 ms of jitter. If the window
 * grows past {@code targetFrames + 3} (a burst after a stall, or a sender clock faster than ours)
 * the oldest frames are dropped back to the target so latency cannot creep up. A missing packet
 * whose turn has come while later ones are buffered is lost (the tick yields missing and the
 * playout moves on); a packet that then arrives is late and dropped. When nothing at all is left
 * to play (underrun, network stall, DTX pause) playout stops and rebuffers, so the next talk spurt
 * again gets the full jitter allowance. Timestamps are not used: they would matter only to place
 * DTX comfort-noise packets exactly, which rebuffering makes moot.
 *
 * <p>An SSRC change, or a sequence number more than ~1 s (48 packets) away from the playout point,
 * is a new stream: the buffer resyncs to it. Duplicates and payloads that are empty or larger than
 * {@link AudioFrames#MAX_PAYLOAD} are dropped and counted. Payloads are copied into pooled slots,
 * so the caller may reuse its buffer at once.
 *
 * <p>Thread-safe: {@link #offer} may run on a network thread while {@link #poll} runs on the mixer
 * thread; each call holds the monitor only for a copy of one payload.
 */
public final class AudioJitterBuffer {
    /** {@link #poll} result when the tick has no payload for this input (play silence). */
    public static final int MISSING = -1;
    public static final int DEFAULT_TARGET_FRAMES = 3;
    /** Frames beyond the target tolerated before the oldest are dropped. */
    private static final int SLACK_FRAMES = 3;
    /** Packets farther than this from the playout point start a new stream. */
    private static final int RESYNC_DISTANCE = 48;
    /** Ring size, a power of two above RESYNC_DISTANCE so every accepted packet has its own slot. */
    private static final int CAPACITY = 64;
    private static final int MASK = CAPACITY - 1;
    private static final int INITIAL_SLOT_BYTES = 256;

    private final int targetFrames;
    private final int maxFrames;
    private final RtpPacket rtp = new RtpPacket();
    private final byte[][] data = new byte[CAPACITY][];
    private final int[] lengths = new int[CAPACITY];
    /** Sequence number held by each slot, or -1 when empty. */
    private final int[] seqs = new int[CAPACITY];

    private boolean synced;
    private long ssrc;
    /** Sequence number the next poll plays. */
    private int nextSeq;
    /** Newest sequence number accepted since the last resync. */
    private int newestSeq;
    private boolean playing;
    /** Whether anything was played since the resync: until then reordered early packets may move nextSeq back. */
    private boolean playedSinceSync;
    private int waitedTicks;

    private long received;
    private long played;
    private long lost;
    private long late;
    private long duplicates;
    private long dropped;
    private long invalid;
    private long resyncs;
    private long underruns;

    public AudioJitterBuffer() {
        this(DEFAULT_TARGET_FRAMES);
    }

    /** @param targetFrames frames buffered before playout starts, 1..16 (clamped) */
    public AudioJitterBuffer(int targetFrames) {
        this.targetFrames = Math.max(1, Math.min(16, targetFrames));
        this.maxFrames = this.targetFrames + SLACK_FRAMES;
        for (int i = 0; i < CAPACITY; i++) {
            data[i] = new byte[INITIAL_SLOT_BYTES];
            seqs[i] = -1;
        }
    }

    /**
     * Takes one raw RTP packet {@code buf[off, off+len)} (already SRTP-decrypted). Returns true if
     * its payload was stored; malformed packets are counted as invalid.
     */
    public synchronized boolean offer(byte[] buf, int off, int len) {
        if (!rtp.wrap(buf, off, len)) {
            invalid++;
            return false;
        }
        return store(rtp.ssrc(), rtp.sequenceNumber(), buf, rtp.payloadOffset(), rtp.payloadLength());
    }

    /** Same as {@link #offer(byte[], int, int)} for a caller that has already parsed the header. */
    public synchronized boolean offer(long ssrc, int seq, byte[] payload, int off, int len) {
        if (payload == null || off < 0 || len < 0 || off > payload.length - len) {
            invalid++;
            return false;
        }
        return store(ssrc & 0xFFFFFFFFL, seq & 0xffff, payload, off, len);
    }

    private boolean store(long ssrc, int seq, byte[] payload, int off, int len) {
        if (len <= 0 || len > AudioFrames.MAX_PAYLOAD) {
            invalid++;
            return false;
        }
        if (!synced || ssrc != this.ssrc) {
            resync(ssrc, seq);
        }
        int ahead = SequenceNumbers.diff(seq, nextSeq);
        if (ahead < 0) {
            if (!playedSinceSync && SequenceNumbers.diff(newestSeq, seq) < maxFrames) {
                nextSeq = seq; // reordered among the first packets: nothing played yet, so take it
            } else if (ahead >= -RESYNC_DISTANCE) {
                late++;
                return false;
            } else {
                resync(ssrc, seq);
            }
        } else if (ahead > RESYNC_DISTANCE) {
            resync(ssrc, seq);
        }
        int slot = seq & MASK;
        if (seqs[slot] == seq) {
            duplicates++;
            return false;
        }
        if (data[slot].length < len) {
            data[slot] = new byte[AudioFrames.MAX_PAYLOAD]; // once per slot at most
        }
        System.arraycopy(payload, off, data[slot], 0, len);
        lengths[slot] = len;
        seqs[slot] = seq;
        if (SequenceNumbers.isNewer(seq, newestSeq)) {
            newestSeq = seq;
        }
        received++;
        return true;
    }

    private void resync(long ssrc, int seq) {
        if (synced) {
            resyncs++;
        }
        for (int i = 0; i < CAPACITY; i++) {
            if (seqs[i] >= 0) {
                dropped++;
                seqs[i] = -1;
            }
        }
        synced = true;
        this.ssrc = ssrc;
        nextSeq = seq;
        newestSeq = seq;
        playing = false;
        playedSinceSync = false;
        waitedTicks = 0;
    }

    /**
     * Called once per 20 ms tick: copies the payload to play now into {@code out} (which should
     * hold {@link AudioFrames#MAX_PAYLOAD} bytes) and returns its length, or returns
     * {@link #MISSING} when this input has nothing to play this tick.
     */
    public synchronized int poll(byte[] out) {
        if (!synced) {
            return MISSING;
        }
        int span = SequenceNumbers.diff(newestSeq, nextSeq) + 1;
        if (!playing) {
            if (span <= 0) {
                return MISSING;
            }
            waitedTicks++;
            if (span < targetFrames && waitedTicks < targetFrames) {
                return MISSING;
            }
            playing = true;
        }
        if (span <= 0) {
            underruns++;
            playing = false;
            waitedTicks = 0;
            return MISSING;
        }
        if (span > maxFrames) {
            skip(span - targetFrames);
        }
        int slot = nextSeq & MASK;
        boolean present = seqs[slot] == nextSeq;
        seqs[slot] = -1;
        nextSeq = SequenceNumbers.add(nextSeq, 1);
        playedSinceSync = true;
        if (!present) {
            lost++;
            return MISSING;
        }
        int len = lengths[slot];
        if (out == null || out.length < len) {
            dropped++;
            return MISSING;
        }
        System.arraycopy(data[slot], 0, out, 0, len);
        played++;
        return len;
    }

    /** Drops the oldest {@code n} frames of the window to cut latency back to the target. */
    private void skip(int n) {
        for (int i = 0; i < n; i++) {
            int slot = nextSeq & MASK;
            if (seqs[slot] == nextSeq) {
                dropped++;
                seqs[slot] = -1;
            } else {
                lost++;
            }
            nextSeq = SequenceNumbers.add(nextSeq, 1);
        }
    }

    /** Packets stored. */
    public synchronized long received() {
        return received;
    }

    /** Payloads handed out by poll. */
    public synchronized long played() {
        return played;
    }

    /** Sequence numbers whose turn came (or that were skipped) without a packet. */
    public synchronized long lost() {
        return lost;
    }

    /** Packets that arrived after their turn. */
    public synchronized long late() {
        return late;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    /** Stored packets thrown away unplayed: to cut latency, on resync, or not fitting the caller's buffer. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Malformed RTP, empty or oversized payloads. */
    public synchronized long invalid() {
        return invalid;
    }

    /** Restarts on a new SSRC or a sequence jump (the first sync is not counted). */
    public synchronized long resyncs() {
        return resyncs;
    }

    /** Times playout ran dry and went back to buffering. */
    public synchronized long underruns() {
        return underruns;
    }

    /** Packets stored and not yet played or dropped. */
    public synchronized int buffered() {
        int n = 0;
        for (int i = 0; i < CAPACITY; i++) {
            if (seqs[i] >= 0) {
                n++;
            }
        }
        return n;
    }

    /** Frames currently spanned from the playout point to the newest packet (0 when empty). */
    public synchronized int depth() {
        return synced ? Math.max(0, SequenceNumbers.diff(newestSeq, nextSeq) + 1) : 0;
    }
}
