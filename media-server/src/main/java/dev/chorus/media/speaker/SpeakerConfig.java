package dev.chorus.media.speaker;

import java.util.concurrent.TimeUnit;

/**
 * Tuning of {@link DominantSpeakerDetector}. Activity scores are exponential averages of "fraction of
 * time speaking" with three time constants; see the detector for how they are used.
 *
 * @param silenceLevel      RFC 6464 levels at or above this (quieter than −silenceLevel dBov) are silence
 * @param immediateTauNanos time constant of the immediate score ("speaking right now")
 * @param mediumTauNanos    time constant of the medium score ("over about the last second")
 * @param longTauNanos      time constant of the long score ("has been holding the floor")
 * @param minImmediate      a source below this immediate score cannot take over (it is not talking now)
 * @param minMedium         nor one below this medium score: at 1 s / 0.4 a continuous talker needs
 *                          ~0.5 s (~0.7 s at 80 % voice activity), a 300 ms cough reaches only 0.26
 * @param mediumMargin      a challenger's medium score must exceed the dominant speaker's by this much
 *                          (its long score must merely be at least as high)
 * @param minSwitchNanos    at least this long between two changes of dominant speaker
 * @param maxPacketNanos    the most audio one packet is taken to cover (the gap before the first packet
 *                          after a pause, or after DTX, is not all speech)
 */
public record SpeakerConfig(int silenceLevel, long immediateTauNanos, long mediumTauNanos, long longTauNanos,
                            double minImmediate, double minMedium, double mediumMargin, long minSwitchNanos,
                            long maxPacketNanos) {
    public static final SpeakerConfig DEFAULT = new SpeakerConfig(70, ms(200), ms(1000), ms(2000),
            0.5, 0.4, 0.2, ms(1500), ms(60));

    public SpeakerConfig {
        if (silenceLevel < 0 || silenceLevel > 127 || immediateTauNanos <= 0 || mediumTauNanos <= 0
                || longTauNanos <= 0 || minSwitchNanos < 0 || maxPacketNanos <= 0 || !(mediumMargin >= 0)
                || !(minImmediate >= 0) || !(minMedium >= 0)) {
            throw new IllegalArgumentException("bad speaker config");
        }
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
