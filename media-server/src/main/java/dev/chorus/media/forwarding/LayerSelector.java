package dev.chorus.media.forwarding;

import dev.chorus.media.rtp.RtpTimestamps;
import java.util.Arrays;

/**
 * Which packets of one publisher's simulcast (independent spatial layers, each optionally with VP8
 * temporal layers) one receiver gets, frame by frame. The bandwidth allocator sets a target
 * ({@link #setTarget}); this class moves the forwarded stream towards it only where the result stays
 * decodable:
 * <ul>
 *   <li><b>Spatial</b> switches, up or down, happen only at the first packet of a key frame of the
 *       new layer: simulcast streams are independent, so a decoder can enter one only there.
 *       Until then the current layer goes on (when going down, trimmed to its base temporal layer
 *       so it costs less). Key frames of a layer between the current and the wanted one are
 *       taken too: any step in the right direction, at once.</li>
 *   <li>If the current layer stops arriving (the publisher paused it) for longer than the stall
 *       time, the key frame of any layer at or below the target is taken; if none of those is
 *       arriving, that of any layer at all.</li>
 *   <li><b>Temporal</b> layers go down at the next frame boundary and up only where the frame
 *       cannot refer to anything we dropped: a key frame, a layer-sync (Y) frame, or a frame of a
 *       TID whose lower TIDs are all complete since their own sync. A plain TID-0 frame is not
 *       enough: libwebrtc's TL1/TL2 frames reference golden buffers written before it.</li>
 *   <li><b>Pause</b> (target spatial -1) takes effect at the next frame boundary; resuming needs a
 *       key frame.</li>
 *   <li>A frame is forwarded or dropped as a whole: the decision is taken at the frame's first
 *       packet seen and remembered by RTP timestamp, so reordered or retransmitted packets of a
 *       frame get the same answer. (The one exception: a spatial switch cuts the old layer's
 *       frame in progress; the key frame that follows makes the decoder independent of it.)</li>
 * </ul>
 * {@link #keyFrameNeeded} says which layer's key frame the selector is waiting for; the caller
 * passes it to a throttled requester ({@link KeyFrameRequestPolicy}).
 *
 * <p>Pure and allocation-free; one per receiver per producer, touched by one thread.
 */
public final class LayerSelector {
    public static final int DROP = 0;
    public static final int FORWARD = 1;
    public static final int MAX_TEMPORAL = 3;
    public static final long DEFAULT_STALL_NANOS = 500_000_000L;
    static final int FRAME_HISTORY = 8;

    private static final long TS_MASK = 0xFFFFFFFFL;

    private final int layers;
    private final long stallNanos;
    private final boolean[] seen;
    private final long[] lastSeen;
    private final long[] newestTs;
    private final long[] frameTs; // per layer a ring of FRAME_HISTORY recent frames...
    private final byte[] frameDecision; // ...and what was decided for each
    private final int[] frameHead;
    private final int[] frameCount;

    private int targetSpatial = -1;
    private int targetTemporal = MAX_TEMPORAL;
    private int current = -1;
    private boolean synced; // forwarding a decodable sequence of the current layer
    private int temporalMask; // bit t: TID t frames of the current layer are decodable
    private boolean seenAny;
    private long firstNanos;
    private long lastNanos;
    private long switches;

    public LayerSelector(int layers) {
        this(layers, DEFAULT_STALL_NANOS);
    }

    /**
     * @param layers     number of spatial layers (simulcast streams), 1..8
     * @param stallNanos how long a layer may be silent before it counts as paused by the publisher
     */
    public LayerSelector(int layers, long stallNanos) {
        if (layers < 1 || layers > 8 || stallNanos <= 0) {
            throw new IllegalArgumentException("layers " + layers + " stall " + stallNanos);
        }
        this.layers = layers;
        this.stallNanos = stallNanos;
        seen = new boolean[layers];
        lastSeen = new long[layers];
        newestTs = new long[layers];
        frameTs = new long[layers * FRAME_HISTORY];
        frameDecision = new byte[layers * FRAME_HISTORY];
        frameHead = new int[layers];
        frameCount = new int[layers];
    }

    /**
     * The allocator's choice: spatial layer (-1: pause, forward nothing) and the highest TID to
     * forward (0..3; ignored by streams without temporal layers). Takes effect as described above.
     */
    public void setTarget(int spatial, int temporal) {
        targetSpatial = spatial < 0 ? -1 : Math.min(spatial, layers - 1);
        targetTemporal = Math.max(0, Math.min(temporal, MAX_TEMPORAL));
    }

    /**
     * Decides one packet.
     *
     * @param layer        spatial layer (simulcast stream index) of the packet
     * @param rtpTimestamp the packet's RTP timestamp: identifies its frame
     * @param tid          VP8 TID, -1 if unknown or absent (H.264)
     * @param keyFrame     the packet starts a key frame (as {@code Vp8PayloadDescriptor.isKeyframe})
     * @param firstPacket  the packet is the first of its frame (VP8: S=1 and PID=0)
     * @param layerSync    VP8 Y bit
     * @return {@link #FORWARD} or {@link #DROP}
     */
    public int decide(int layer, long rtpTimestamp, int tid, boolean keyFrame, boolean firstPacket,
            boolean layerSync, long nowNanos) {
        if (layer < 0 || layer >= layers) {
            return DROP;
        }
        if (!seenAny) {
            seenAny = true;
            firstNanos = nowNanos;
        }
        seen[layer] = true;
        lastSeen[layer] = nowNanos;
        lastNanos = nowNanos;
        long ts = rtpTimestamp & TS_MASK;
        if (frameCount[layer] > 0 && !RtpTimestamps.isNewer(ts, newestTs[layer])) {
            return layer == current ? knownDecision(layer, ts) : DROP;
        }
        int d = decideFrame(layer, tid, keyFrame && firstPacket, layerSync, nowNanos);
        remember(layer, ts, d);
        return d;
    }

    private int decideFrame(int layer, int tid, boolean keyStart, boolean sync, long now) {
        if (layer == current && synced) {
            if (targetSpatial < 0) {
                synced = false; // pause here, at a frame boundary
                return DROP;
            }
            return decideTemporal(layer, tid, keyStart, sync);
        }
        if (keyStart && acceptSwitch(layer, now)) {
            if (layer != current) {
                switches++;
            }
            current = layer;
            synced = true;
            temporalMask = maskUpTo(temporalCap(layer));
            frameCount[layer] = 0; // frames before the key frame are not decodable now
            return FORWARD;
        }
        return DROP;
    }

    private int decideTemporal(int layer, int tid, boolean keyStart, boolean sync) {
        int cap = temporalCap(layer);
        if (keyStart) {
            temporalMask = maskUpTo(cap); // a key frame resets every reference
            return FORWARD;
        }
        if (tid < 0) {
            return FORWARD; // no temporal layers to choose from
        }
        temporalMask &= maskUpTo(cap); // going down: from this frame on
        int needed = maskUpTo(tid);
        if (tid <= cap) {
            if ((temporalMask & needed) == needed) {
                return FORWARD;
            }
            if (sync && (temporalMask & 1) != 0) {
                temporalMask |= 1 << tid; // depends on TID 0 only: this TID is complete from here
                return FORWARD;
            }
        }
        temporalMask &= maskUpTo(tid - 1); // later frames of this TID or above may refer to this one
        return DROP;
    }

    private static int maskUpTo(int tid) {
        return tid < 0 ? 0 : (1 << (tid + 1)) - 1;
    }

    /** Highest TID worth forwarding on {@code layer}: the target's at or above it, all below it. */
    private int temporalCap(int layer) {
        if (targetSpatial < 0 || layer < targetSpatial) {
            return MAX_TEMPORAL;
        }
        // Above an arriving target we wait for its keyframe, usually because the link cannot carry
        // this layer: shed all we can meanwhile (the base frame rate keeps the picture moving). Above
        // a target that is not arriving (paused by the publisher) this layer is all there is.
        boolean targetArriving = seen[targetSpatial] && lastNanos - lastSeen[targetSpatial] <= stallNanos;
        return layer > targetSpatial ? (targetArriving ? 0 : targetTemporal) : targetTemporal;
    }

    private boolean acceptSwitch(int layer, long now) {
        if (targetSpatial < 0) {
            return false;
        }
        boolean alive = current >= 0 && synced && active(current, now);
        if (!alive) {
            return layer <= targetSpatial || !anyActiveUpTo(targetSpatial, now);
        }
        int want = desired(now);
        return layer == want || (current < layer && layer < want) || (want < layer && layer < current);
    }

    /** The layer we would like to be on: the target if it arrives, else the best that does. */
    private int desired(long now) {
        if (targetSpatial < 0 || !seenAny) {
            return -1;
        }
        for (int l = targetSpatial; l >= 0; l--) {
            if (active(l, now)) {
                return l;
            }
        }
        for (int l = targetSpatial + 1; l < layers; l++) {
            if (active(l, now)) {
                return l;
            }
        }
        return -1;
    }

    /** Arriving recently; a layer never seen counts as arriving during the first stall period. */
    private boolean active(int layer, long now) {
        return seen[layer] ? now - lastSeen[layer] <= stallNanos : now - firstNanos <= stallNanos;
    }

    private boolean anyActiveUpTo(int layer, long now) {
        for (int l = layer; l >= 0; l--) {
            if (active(l, now)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The layer whose key frame we wait for (pass it to the throttled requester), or -1. Evaluated
     * at the time of the last {@link #decide}: with no packets arriving there is nothing to ask for.
     */
    public int keyFrameNeeded() {
        int want = desired(lastNanos);
        return want < 0 || (want == current && synced) ? -1 : want;
    }

    private int knownDecision(int layer, long ts) {
        int base = layer * FRAME_HISTORY;
        for (int i = 0, idx = frameHead[layer]; i < frameCount[layer]; i++) {
            idx = idx == 0 ? FRAME_HISTORY - 1 : idx - 1;
            if (frameTs[base + idx] == ts) {
                return frameDecision[base + idx];
            }
        }
        return DROP; // older than anything we decided since the last key frame
    }

    private void remember(int layer, long ts, int decision) {
        int base = layer * FRAME_HISTORY;
        newestTs[layer] = ts;
        frameTs[base + frameHead[layer]] = ts;
        frameDecision[base + frameHead[layer]] = (byte) decision;
        frameHead[layer] = (frameHead[layer] + 1) % FRAME_HISTORY;
        frameCount[layer] = Math.min(frameCount[layer] + 1, FRAME_HISTORY);
    }


    /** The layer being forwarded (or last forwarded), -1 before the first key frame. */
    public int currentSpatial() {
        return current;
    }

    /** Highest TID being forwarded without a hole below it, -1 when not forwarding. */
    public int currentTemporal() {
        if (!synced) {
            return -1;
        }
        int t = -1;
        while (t < MAX_TEMPORAL && (temporalMask & (1 << (t + 1))) != 0) {
            t++;
        }
        return t;
    }

    /** True while a decodable stream is being forwarded (not paused, not waiting for a key frame). */
    public boolean forwarding() {
        return synced;
    }

    public int targetSpatial() {
        return targetSpatial;
    }

    public int targetTemporal() {
        return targetTemporal;
    }

    /** Spatial switches so far (resuming the same layer after a pause is not one). */
    public long switches() {
        return switches;
    }

    @Override
    public String toString() {
        return "LayerSelector[current=" + current + "/" + currentTemporal() + " target=" + targetSpatial + "/"
                + targetTemporal + " synced=" + synced + " seen=" + Arrays.toString(seen) + "]";
    }
}
