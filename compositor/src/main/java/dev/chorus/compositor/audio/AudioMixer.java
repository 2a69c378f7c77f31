package dev.chorus.compositor.audio;

import java.util.Arrays;

/**
 * N-minus-one mixing of 20 ms mono s16 frames: per tick, {@link #add} every input frame once into
 * an int accumulator, then {@link #mixExcluding} produces each receiver's mix as the total minus
 * the receiver's own frame. That is O(inputs + receivers) per sample instead of
 * O(inputs x receivers), and the int accumulator cannot overflow for any realistic room (65 536
 * full-scale inputs).
 *
 * <p>Saturation is a hard clamp to [-32768, 32767]. No limiter or gain normalisation: with a few
 * talkers the sum rarely clips, and a limiter would pump the level of everyone else whenever one
 * person is loud; clipping is cheaper to diagnose ({@link #clippedSamples()}).
 *
 * <p>Allocation-free after construction. Not thread-safe: used by the mixer thread only. Which
 * frame belongs to whom is the caller's bookkeeping (see {@link AudioMixSession}): it passes a
 * receiver's own frame, the same one it added this tick, to {@link #mixExcluding}.
 */
public final class AudioMixer {
    private final int[] sum = new int[AudioFrames.FRAME_SAMPLES];
    private int inputs;
    private long clipped;

    /** Starts a tick: forgets the previous tick's inputs. */
    public void clear() {
        Arrays.fill(sum, 0);
        inputs = 0;
    }

    /** Adds one input's frame to this tick's total; null (a silent or missing input) or a short array is ignored. */
    public void add(short[] frame) {
        if (frame == null || frame.length < AudioFrames.FRAME_SAMPLES) {
            return;
        }
        for (int i = 0; i < AudioFrames.FRAME_SAMPLES; i++) {
            sum[i] += frame[i];
        }
        inputs++;
    }

    /** Number of frames added since {@link #clear}. */
    public int inputs() {
        return inputs;
    }

    /**
     * Writes into {@code out[0, 960)} the clamped total minus {@code own} ({@code own} null: the
     * receiver is not an input or was silent, it gets the full mix). Returns false (and leaves
     * {@code out} alone) if {@code out} holds fewer than 960 samples.
     */
    public boolean mixExcluding(short[] own, short[] out) {
        if (out == null || out.length < AudioFrames.FRAME_SAMPLES) {
            return false;
        }
        boolean subtract = own != null && own.length >= AudioFrames.FRAME_SAMPLES;
        int clips = 0;
        for (int i = 0; i < AudioFrames.FRAME_SAMPLES; i++) {
            int v = subtract ? sum[i] - own[i] : sum[i];
            if (v > Short.MAX_VALUE) {
                v = Short.MAX_VALUE;
                clips++;
            } else if (v < Short.MIN_VALUE) {
                v = Short.MIN_VALUE;
                clips++;
            }
            out[i] = (short) v;
        }
        clipped += clips;
        return true;
    }

    /** Output samples clamped so far (all receivers summed). */
    public long clippedSamples() {
        return clipped;
    }
}
