package dev.chorus.compositor.audio;

/** Test signal helpers: sine frames and Goertzel tone power. */
final class Tones {
    private Tones() {}

    /** Fills frame {@code index} (960 samples) of a continuous sine. */
    static short[] sine(double hz, double amplitude, int index) {
        short[] pcm = new short[AudioFrames.FRAME_SAMPLES];
        for (int i = 0; i < pcm.length; i++) {
            long n = (long) index * pcm.length + i;
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * n / AudioFrames.SAMPLE_RATE));
        }
        return pcm;
    }

    /** Normalised power of {@code hz} in {@code x}: about (amplitude/2)^2 for a pure sine of that frequency. */
    static double goertzel(short[] x, int off, int len, double hz) {
        double w = 2 * Math.PI * hz / AudioFrames.SAMPLE_RATE;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < len; i++) {
            double s0 = x[off + i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return power / ((double) len * len);
    }

    static double rms(short[] x, int off, int len) {
        double sum = 0;
        for (int i = 0; i < len; i++) {
            sum += (double) x[off + i] * x[off + i];
        }
        return Math.sqrt(sum / len);
    }
}
