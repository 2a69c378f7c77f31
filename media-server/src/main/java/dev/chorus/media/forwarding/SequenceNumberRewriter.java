package dev.chorus.media.forwarding;

/**
 * Turns the packets of several simulcast layers (each with its own 16-bit sequence space) that a
 * policy chose to forward into one receiver-side sequence space:
 * <ul>
 *   <li>packets the policy dropped ({@link #drop}) leave no hole, so the receiver does not NACK
 *       what we never meant to send; packets lost before us do leave a hole, so it can NACK them;</li>
 *   <li>a packet of a layer other than the current one is a switch: it continues at last + 1;</li>
 *   <li>packets of a layer that are not newer than what that layer already brought (a late packet
 *       of the layer we just left, say) are refused, so nothing older than a switch slips in;</li>
 *   <li>reordered packets of the current layer keep their relative order (up to
 *       {@value #REORDER_WINDOW} behind the newest).</li>
 * </ul>
 * The caller must report every packet it does not forward, of every layer, through {@link #drop};
 * that keeps each layer's newest sequence number current so the late-packet test never meets a
 * stale, wrapped value. Output → (layer, source) is remembered in a ring for NACKs.
 *
 * <p>Allocation-free after construction; not thread-safe.
 */
public final class SequenceNumberRewriter {
    /** {@link #forward} result for a refused packet, {@link #lookup} result for an unknown one. */
    public static final int NONE = -1;
    public static final int DEFAULT_LAYERS = 4;
    public static final int DEFAULT_HISTORY = 2048;
    static final int REORDER_WINDOW = 511;

    private static final long VALID = 1L << 40;

    private final ContinuityMapper map = new ContinuityMapper(16, REORDER_WINDOW);
    private final int[] layerHighest;
    private final long[] history;
    private final int initialOut;
    private int current = -1;

    /** @param initialOutSeq the output sequence number of the first forwarded packet */
    public SequenceNumberRewriter(int initialOutSeq) {
        this(initialOutSeq, DEFAULT_LAYERS, DEFAULT_HISTORY);
    }

    /**
     * @param layers      number of layer indices accepted (0..layers-1), at most 256
     * @param historySize entries of the output → source ring for NACKs, a power of two
     */
    public SequenceNumberRewriter(int initialOutSeq, int layers, int historySize) {
        if (layers < 1 || layers > 256 || historySize < 1 || Integer.bitCount(historySize) != 1) {
            throw new IllegalArgumentException("layers " + layers + " history " + historySize);
        }
        this.initialOut = initialOutSeq & 0xFFFF;
        this.layerHighest = new int[layers];
        java.util.Arrays.fill(layerHighest, -1);
        this.history = new long[historySize];
    }

    /**
     * The output sequence number for a packet the policy forwards, or {@link #NONE} if it must be
     * dropped after all (late packet of a layer, before the switch point, or beyond the reorder
     * window).
     */
    public int forward(int layer, int srcSeq) {
        if (layer < 0 || layer >= layerHighest.length) {
            return NONE;
        }
        srcSeq &= 0xFFFF;
        int out;
        if (layer == current) {
            out = map.map(srcSeq);
        } else if (layerHighest[layer] >= 0 && map.diff(srcSeq, layerHighest[layer]) <= 0) {
            out = NONE; // not newer than what this layer already brought: late, not a switch
        } else {
            map.rebase(srcSeq, map.started() ? map.lastOut() + 1 : initialOut);
            current = layer;
            out = map.lastOut();
        }
        seen(layer, srcSeq);
        if (out != NONE) {
            history[out & (history.length - 1)] = VALID | (long) layer << 32 | (long) srcSeq << 16 | out;
        }
        return out;
    }

    /** The policy dropped this packet: it takes no output number (only the current layer's count). */
    public void drop(int layer, int srcSeq) {
        if (layer < 0 || layer >= layerHighest.length) {
            return;
        }
        srcSeq &= 0xFFFF;
        if (layer == current) {
            map.drop(srcSeq);
        }
        seen(layer, srcSeq);
    }

    private void seen(int layer, int srcSeq) {
        if (layerHighest[layer] < 0 || map.diff(srcSeq, layerHighest[layer]) > 0) {
            layerHighest[layer] = srcSeq;
        }
    }

    /**
     * Which source packet was sent as {@code outSeq}: {@code layer << 16 | srcSeq} (see
     * {@link #layerOf}, {@link #sourceSeqOf}), or {@link #NONE} if it was never sent, is newer
     * than anything sent, or has been evicted from the ring.
     */
    public int lookup(int outSeq) {
        if (current < 0) {
            return NONE;
        }
        outSeq &= 0xFFFF;
        if (((map.lastOut() - outSeq) & 0xFFFF) >= history.length) {
            return NONE;
        }
        long e = history[outSeq & (history.length - 1)];
        if ((e & VALID) == 0 || (int) (e & 0xFFFF) != outSeq) {
            return NONE;
        }
        return (int) ((e >>> 16) & 0xFFFFFF);
    }

    public static int layerOf(int mapping) {
        return mapping >>> 16;
    }

    public static int sourceSeqOf(int mapping) {
        return mapping & 0xFFFF;
    }

    /** The layer being forwarded, -1 before the first packet. */
    public int currentLayer() {
        return current;
    }

    /** The newest output sequence number, -1 before the first packet. */
    public int lastOutSeq() {
        return current < 0 ? -1 : map.lastOut();
    }
}
