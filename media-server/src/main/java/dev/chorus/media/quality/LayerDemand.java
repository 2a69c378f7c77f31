package dev.chorus.media.quality;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which spatial layers (simulcast encodings) of one producer the publisher should send, from what the
 * receivers' {@link BandwidthAllocator}s chose. Pure; one per video producer; not thread-safe.
 *
 * <p>A receiver <em>needs</em>: the lowest layer (always, while it subscribes — even hidden, so a tile
 * scrolled into view shows at once and there is always something to fall back to); the layer it gets;
 * and, if its render size asks for more ({@code targetSpatial > chosenSpatial}), the layer just above.
 * The last one is what lets it ever upgrade: a paused layer is not arriving, so its allocator sees it
 * as unavailable and would never pick it. The cost is that a receiver held back by its own bandwidth
 * keeps one extra layer flowing at the publisher; layers further up stay paused.
 *
 * <p>The <em>active</em> set, the one to tell the publisher, is the needed set plus every layer that
 * was needed less than {@code holdOffNanos} ago: a layer is resumed the moment someone needs it but
 * paused only after nobody has for the whole hold-off (pausing and resuming an encoding costs the
 * publisher a keyframe and the receivers a freeze, so receivers flapping between layers must not do
 * it). {@link #update} and {@link #tick} return true exactly when the active set changed. With no
 * receivers at all, every layer (the lowest included) pauses after the hold-off.
 *
 * @param <R> the receiver key (a consumer, a transport id…)
 */
public final class LayerDemand<R> {
    private static final class Need {
        int mask;
    }

    private final int layers;
    private final long holdOffNanos;
    private final Map<R, Need> receivers = new HashMap<>();
    private final int[] needCount;
    private final long[] lastNeededNanos;
    private int active;

    /** Starts with every layer active (as a publisher starts sending), needed as of {@code nowNanos}. */
    public LayerDemand(int spatialLayers, long holdOffNanos, long nowNanos) {
        if (spatialLayers < 1 || spatialLayers > 31 || holdOffNanos < 0) {
            throw new IllegalArgumentException("layers " + spatialLayers + ", hold-off " + holdOffNanos);
        }
        this.layers = spatialLayers;
        this.holdOffNanos = holdOffNanos;
        this.needCount = new int[spatialLayers];
        this.lastNeededNanos = new long[spatialLayers];
        java.util.Arrays.fill(lastNeededNanos, nowNanos);
        this.active = (1 << spatialLayers) - 1;
    }

    /** The mask of layers a receiver needs (see the class comment). */
    static int needMask(int chosenSpatial, int targetSpatial, int layers) {
        int mask = 1;
        int top = layers - 1;
        if (chosenSpatial >= 0) {
            mask |= 1 << Math.min(chosenSpatial, top);
        }
        if (targetSpatial > chosenSpatial) {
            mask |= 1 << Math.min(chosenSpatial + 1, top);
        }
        return mask;
    }

    /**
     * Records a receiver's allocation of this producer: the spatial layer it gets (-1 = paused, hidden
     * or unavailable) and the one its render size asks for (-1 = hidden), e.g. from
     * {@link VideoTrack#spatial()} and {@link VideoTrack#targetSpatial()}. Returns true if that made a
     * layer active (never pauses one: that waits for {@link #tick}).
     */
    public boolean update(R receiver, int chosenSpatial, int targetSpatial, long nowNanos) {
        Need need = receivers.computeIfAbsent(Objects.requireNonNull(receiver), r -> new Need());
        return setMask(need, needMask(chosenSpatial, targetSpatial, layers), nowNanos);
    }

    /**
     * The receiver stopped consuming this producer. Its layers start their hold-off; they pause at a
     * later {@link #tick} (so removing never changes the active set by itself).
     */
    public void remove(R receiver, long nowNanos) {
        Need need = receivers.remove(receiver);
        if (need != null) {
            setMask(need, 0, nowNanos);
        }
    }

    /** Pauses layers nobody has needed for the hold-off. Returns true if the active set changed. */
    public boolean tick(long nowNanos) {
        int before = active;
        for (int s = 0; s < layers; s++) {
            if (needCount[s] == 0 && nowNanos - lastNeededNanos[s] >= holdOffNanos) {
                active &= ~(1 << s);
            }
        }
        return active != before;
    }

    /** Bit s set = the publisher should send spatial layer s. */
    public int activeMask() {
        return active;
    }

    public boolean isActive(int spatial) {
        return (active & (1 << spatial)) != 0;
    }

    /** Bit s set = some receiver needs layer s right now (no hold-off). */
    public int neededMask() {
        int mask = 0;
        for (int s = 0; s < layers; s++) {
            mask |= needCount[s] > 0 ? 1 << s : 0;
        }
        return mask;
    }

    public int receiverCount() {
        return receivers.size();
    }

    private boolean setMask(Need need, int mask, long now) {
        int old = need.mask;
        if (old == mask) {
            return false;
        }
        need.mask = mask;
        int before = active;
        for (int s = 0; s < layers; s++) {
            int bit = 1 << s;
            if ((old & bit) != 0 && (mask & bit) == 0 && --needCount[s] == 0) {
                lastNeededNanos[s] = now; // the hold-off starts now
            } else if ((old & bit) == 0 && (mask & bit) != 0) {
                needCount[s]++;
                active |= bit; // resume at once
            }
        }
        return active != before;
    }
}
