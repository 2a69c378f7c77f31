package dev.chorus.compositor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioMixerTest {
    private static short[] constant(int v) {
        short[] f = new short[AudioFrames.FRAME_SAMPLES];
        Arrays.fill(f, (short) v);
        return f;
    }

    /** Inputs a, b, c (a value of 'n' means a null/silent input); expected mixes for receivers a, b, c and a listener. */
    @ParameterizedTest(name = "[{index}] a={0} b={1} c={2}")
    @CsvSource({
        // a,     b,      c,     mixA,   mixB,   mixC,   listener
        "100,    200,    300,    500,    400,    300,    600",
        "-100,   50,     n,      50,     -100,   -50,    -50",
        "n,      n,      n,      0,      0,      0,      0",
        "0,      0,      7,      7,      7,      0,      7",
        "20000,  20000,  -5000,  15000,  15000,  32767,  32767",
        "-20000, -20000, 5000,   -15000, -15000, -32768, -32768",
        "32767,  32767,  32767,  32767,  32767,  32767,  32767",
        "-32768, -32768, -32768, -32768, -32768, -32768, -32768",
        "32767,  -32768, 1,      -32767, 32767,  -1,     0",
    })
    void sumsAllButSelfAndClamps(String a, String b, String c, int mixA, int mixB, int mixC, int listener) {
        short[] fa = "n".equals(a) ? null : constant(Integer.parseInt(a));
        short[] fb = "n".equals(b) ? null : constant(Integer.parseInt(b));
        short[] fc = "n".equals(c) ? null : constant(Integer.parseInt(c));
        AudioMixer mixer = new AudioMixer();
        mixer.clear();
        mixer.add(fa);
        mixer.add(fb);
        mixer.add(fc);
        short[] out = new short[AudioFrames.FRAME_SAMPLES];
        assertTrue(mixer.mixExcluding(fa, out));
        assertAll(out, mixA);
        mixer.mixExcluding(fb, out);
        assertAll(out, mixB);
        mixer.mixExcluding(fc, out);
        assertAll(out, mixC);
        mixer.mixExcluding(null, out);
        assertAll(out, listener);
    }

    private static void assertAll(short[] out, int expected) {
        for (int i = 0; i < out.length; i++) {
            assertEquals(expected, out[i], "sample " + i);
        }
    }

    @Test
    void perSampleSumsAndTickReset() {
        short[] a = new short[AudioFrames.FRAME_SAMPLES];
        short[] b = new short[AudioFrames.FRAME_SAMPLES];
        for (int i = 0; i < a.length; i++) {
            a[i] = (short) (i * 30);
            b[i] = (short) (-i * 7 + 100);
        }
        AudioMixer mixer = new AudioMixer();
        mixer.clear();
        mixer.add(a);
        mixer.add(b);
        assertEquals(2, mixer.inputs());
        short[] out = new short[AudioFrames.FRAME_SAMPLES];
        mixer.mixExcluding(null, out);
        for (int i = 0; i < a.length; i++) {
            int expected = Math.max(-32768, Math.min(32767, a[i] + b[i]));
            assertEquals(expected, out[i]);
        }
        mixer.mixExcluding(a, out);
        assertTrue(Arrays.equals(b, out), "A hears exactly B");
        long clips = mixer.clippedSamples();
        mixer.clear();
        assertEquals(0, mixer.inputs());
        mixer.add(a);
        mixer.mixExcluding(a, out);
        assertTrue(Arrays.equals(new short[AudioFrames.FRAME_SAMPLES], out), "alone: silence");
        assertEquals(clips, mixer.clippedSamples());
    }

    @Test
    void steadyStateTicksAllocateNothing() {
        AudioMixer mixer = new AudioMixer();
        short[][] frames = {constant(1), constant(2), null, constant(3)};
        short[] out = new short[AudioFrames.FRAME_SAMPLES];
        long allocated = Allocation.measure(() -> {
            for (int t = 0; t < 2000; t++) {
                mixer.clear();
                for (short[] f : frames) {
                    mixer.add(f);
                }
                for (short[] own : frames) {
                    mixer.mixExcluding(own, out);
                }
            }
        });
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes");
        assertEquals(3, out[0], "last receiver (own frame 3) hears 1 + 2");
    }

    @Test
    void badArgumentsAreIgnored() {
        AudioMixer mixer = new AudioMixer();
        mixer.clear();
        mixer.add(new short[3]);
        assertEquals(0, mixer.inputs());
        assertFalse(mixer.mixExcluding(null, new short[5]));
        assertFalse(mixer.mixExcluding(null, null));
        short[] out = constant(9);
        assertTrue(mixer.mixExcluding(new short[2], out), "too-short own frame is not subtracted");
        assertAll(out, 0);
    }
}
