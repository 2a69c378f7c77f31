package dev.chorus.compositor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Real libopus/FFmpeg round trips through {@link OpusEncoder} and {@link OpusDecoder}. */
class OpusCodecTest {
    private static final int FRAMES = 50;

    @Test
    void sineSurvivesEncodeDecode() {
        short[] decoded = new short[FRAMES * AudioFrames.FRAME_SAMPLES];
        int totalBytes = 0;
        try (OpusEncoder enc = new OpusEncoder(); OpusDecoder dec = new OpusDecoder()) {
            byte[] payload = new byte[AudioFrames.MAX_PAYLOAD];
            short[] pcm = new short[AudioFrames.FRAME_SAMPLES];
            for (int f = 0; f < FRAMES; f++) {
                int len = enc.encode(Tones.sine(440, 10_000, f), payload);
                assertTrue(len > 0, "frame " + f + " encoded");
                totalBytes += len;
                assertTrue(dec.decode(payload, 0, len, pcm), "frame " + f + " decoded");
                System.arraycopy(pcm, 0, decoded, f * pcm.length, pcm.length);
            }
            assertEquals(FRAMES, enc.encoded());
            assertEquals(FRAMES, dec.decoded());
            assertEquals(0, dec.errors());
            assertEquals(0, dec.sizeMismatches());
        }
        // Skip the encoder's start-up (pre-skip and ramp); judge the steady state.
        int from = 10 * AudioFrames.FRAME_SAMPLES;
        int len = decoded.length - from;
        double rms = Tones.rms(decoded, from, len);
        assertTrue(rms > 10_000 / Math.sqrt(2) * 0.7 && rms < 10_000 / Math.sqrt(2) * 1.3, "energy kept: rms " + rms);
        double at440 = Tones.goertzel(decoded, from, len, 440);
        for (double other : new double[] {220, 330, 550, 660, 880, 1000, 2000}) {
            double p = Tones.goertzel(decoded, from, len, other);
            assertTrue(at440 > 100 * p, "440 Hz dominates " + other + " Hz: " + at440 + " vs " + p);
        }
        // ~32 kbit/s: 80 bytes per 20 ms frame, VBR gives some slack.
        double kbps = totalBytes * 8.0 / (FRAMES * 0.020) / 1000;
        assertTrue(kbps > 8 && kbps < 48, "bitrate " + kbps);
    }

    @Test
    void garbageYieldsSilenceAndIsCounted() {
        try (OpusEncoder enc = new OpusEncoder(); OpusDecoder dec = new OpusDecoder()) {
            short[] pcm = new short[AudioFrames.FRAME_SAMPLES];
            java.util.Arrays.fill(pcm, (short) 123);
            assertFalse(dec.decode(new byte[0], 0, 0, pcm));
            assertEquals(0, pcm[0], "silence on error");
            assertFalse(dec.decode(null, 0, 10, pcm));
            assertFalse(dec.decode(new byte[4], 2, 10, pcm));
            assertFalse(dec.decode(new byte[4], -1, 2, pcm));
            assertFalse(dec.decode(new byte[2000], 0, 2000, pcm));
            assertFalse(dec.decode(new byte[4], 0, 4, new short[10]));
            long before = dec.errors();
            assertEquals(6, before);
            Random rnd = new Random(7);
            byte[] junk = new byte[400];
            for (int i = 0; i < 300; i++) {
                rnd.nextBytes(junk);
                dec.decode(junk, 0, 1 + rnd.nextInt(junk.length), pcm);
            }
            // Some random bytes happen to be valid Opus; the point is that nothing threw and the
            // decoder still decodes real audio afterwards.
            byte[] payload = new byte[AudioFrames.MAX_PAYLOAD];
            int len = enc.encode(Tones.sine(440, 8000, 0), payload);
            assertTrue(dec.decode(payload, 0, len, pcm));
            assertEquals(-1, enc.encode(new short[5], payload));
            assertEquals(-1, enc.encode(Tones.sine(440, 8000, 1), new byte[1]));
        }
    }

    @Test
    void closedCodecsRefuseQuietly() {
        OpusEncoder enc = new OpusEncoder();
        OpusDecoder dec = new OpusDecoder();
        enc.close();
        dec.close();
        enc.close();
        dec.close();
        assertEquals(-1, enc.encode(new short[960], new byte[1500]));
        assertFalse(dec.decode(new byte[] {1, 2, 3}, 0, 3, new short[960]));
    }
}
