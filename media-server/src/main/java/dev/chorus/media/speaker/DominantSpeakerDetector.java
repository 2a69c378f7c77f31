package dev.chorus.media.speaker;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Picks a room's dominant speaker from the RFC 6464 audio levels of its audio sources. Pure: no clock,
 * no threads; one per room, on the room's media worker. {@link #onAudioLevel} runs per packet and does
 * not allocate (keys should be objects the caller already holds, e.g. producers or their id strings,
 * not freshly boxed numbers); {@link #tick} runs every 100–300 ms and does not allocate either.
 *
 * <p>Idea from Volfin &amp; Cohen, "Dominant Speaker Identification for Multipoint Videoconferencing"
 * (the algorithm behind Jitsi Videobridge's): judge speech activity on three time scales, and let a
 * challenger take over only if it beats the dominant speaker on all of them. Here, simpler: a packet is
 * <em>speech</em> if its voice-activity flag is set and its level is louder than
 * {@link SpeakerConfig#silenceLevel()}; each tick turns the speech time since the last tick into a
 * fraction of that interval and folds it into three exponential averages per source —
 * <em>immediate</em> (τ 0.2 s), <em>medium</em> (1 s), <em>long</em> (2 s). A source other than the
 * dominant one takes over when
 * <ul>
 *   <li>it is talking now: immediate ≥ {@link SpeakerConfig#minImmediate()}, and has talked for a
 *       while: medium ≥ {@link SpeakerConfig#minMedium()} — so silence never wins, a lone talker wins
 *       within ~0.5–0.7 s, and a cough (&lt; 300 ms) never does;</li>
 *   <li>it is clearly more active over the last second: medium ≥ the dominant's medium +
 *       {@link SpeakerConfig#mediumMargin()} (someone talking over a speaker who keeps talking does
 *       not take over), and its long score has caught up with the dominant's (so after a long
 *       monologue a reply of about a second — "yes, right" — does not take the floor; a real turn
 *       does, ~1.3 s in);</li>
 *   <li>the last change was at least {@link SpeakerConfig#minSwitchNanos()} ago.</li>
 * </ul>
 * Among several such challengers the one with the highest medium score wins. When everyone falls
 * silent the last dominant speaker stays. Removing the dominant source hands over at once to the most
 * active source that has talked recently (medium ≥ minMedium), or clears.
 *
 * <p>It also keeps the order in which sources last became dominant (most recent first, sources that
 * never were after them in the order they were added), for the bandwidth allocator's tie-breaks.
 *
 * @param <K> source key
 */
public final class DominantSpeakerDetector<K> {
    private static final long NOMINAL_PACKET_NANOS = 20_000_000L;

    private static final class Source<K> {
        final K key;
        long lastPacketNanos = Long.MIN_VALUE;
        long speechNanos; // since the last tick
        double immediate;
        double medium;
        double longTerm;
        int rank;

        Source(K key) {
            this.key = key;
        }
    }

    private final SpeakerConfig config;
    private final Map<K, Source<K>> sources = new HashMap<>();
    @SuppressWarnings("unchecked")
    private Source<K>[] recent = new Source[8]; // most recently dominant first
    private int count;
    private Source<K> dominant;
    private boolean started;
    private long lastTickNanos;
    private long lastSwitchNanos;

    public DominantSpeakerDetector(SpeakerConfig config) {
        this.config = Objects.requireNonNull(config);
    }

    public DominantSpeakerDetector() {
        this(SpeakerConfig.DEFAULT);
    }

    /** Starts tracking a source (idempotent). Allocates its state here, not per packet. */
    public void addSource(K key) {
        if (sources.containsKey(Objects.requireNonNull(key))) {
            return;
        }
        Source<K> s = new Source<>(key);
        sources.put(key, s);
        if (count == recent.length) {
            recent = Arrays.copyOf(recent, count * 2);
        }
        s.rank = count;
        recent[count++] = s;
    }

    /**
     * Stops tracking a source. If it was dominant, the most active remaining source that has talked
     * recently takes over at once, else there is none; returns true in that case (the dominant
     * speaker changed), false otherwise.
     */
    public boolean removeSource(K key) {
        Source<K> s = sources.remove(key);
        if (s == null) {
            return false;
        }
        System.arraycopy(recent, s.rank + 1, recent, s.rank, count - s.rank - 1);
        recent[--count] = null;
        renumber(s.rank);
        if (s != dominant) {
            return false;
        }
        dominant = null;
        Source<K> next = mostActive(false);
        if (next != null) {
            promote(next, lastSwitchNanos); // keep the switch clock: this was not a contest
        }
        return true;
    }

    /**
     * One audio packet's RFC 6464 level (0 = loudest, 127 = silence) and voice-activity flag. Unknown
     * sources are ignored.
     */
    public void onAudioLevel(K key, int level, boolean voiceActivity, long nowNanos) {
        Source<K> s = sources.get(key);
        if (s == null) {
            return;
        }
        if (!started) {
            started = true;
            lastTickNanos = nowNanos;
        }
        // a packet carries the audio of the time since the previous one (its ptime), within reason
        long covers = s.lastPacketNanos == Long.MIN_VALUE ? NOMINAL_PACKET_NANOS
                : Math.min(Math.max(0, nowNanos - s.lastPacketNanos), config.maxPacketNanos());
        s.lastPacketNanos = nowNanos;
        if (voiceActivity && level < config.silenceLevel()) {
            s.speechNanos += covers;
        }
    }

    /** Updates the scores and decides; returns true if {@link #dominant()} changed. */
    public boolean tick(long nowNanos) {
        if (!started) {
            started = true;
            lastTickNanos = nowNanos;
            return false;
        }
        long dt = nowNanos - lastTickNanos;
        if (dt <= 0) {
            return false;
        }
        lastTickNanos = nowNanos;
        double aImmediate = alpha(dt, config.immediateTauNanos());
        double aMedium = alpha(dt, config.mediumTauNanos());
        double aLong = alpha(dt, config.longTauNanos());
        for (int i = 0; i < count; i++) {
            Source<K> s = recent[i];
            double speech = Math.min(1.0, (double) s.speechNanos / dt);
            s.speechNanos = 0;
            s.immediate += aImmediate * (speech - s.immediate);
            s.medium += aMedium * (speech - s.medium);
            s.longTerm += aLong * (speech - s.longTerm);
        }
        if (dominant != null && nowNanos - lastSwitchNanos < config.minSwitchNanos()) {
            return false;
        }
        Source<K> challenger = mostActive(true);
        if (challenger == null || (dominant != null && !beats(challenger, dominant))) {
            return false;
        }
        promote(challenger, nowNanos);
        return true;
    }

    /** The dominant speaker's key, or null if there is none (yet). */
    public K dominant() {
        return dominant == null ? null : dominant.key;
    }

    /** Number of sources; also the length of the recent-speakers order. */
    public int sourceCount() {
        return count;
    }

    /** The i-th source in recent-speaker order: 0 = the current (or last) dominant speaker. */
    public K recentSpeaker(int i) {
        if (i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        return recent[i].key;
    }

    /** The source's position in recent-speaker order (0 = most recent), -1 if unknown. */
    public int speakerRank(K key) {
        Source<K> s = sources.get(key);
        return s == null ? -1 : s.rank;
    }

    /** Scores for diagnostics and tests: {immediate, medium, long}, or null if unknown. Allocates. */
    public double[] scores(K key) {
        Source<K> s = sources.get(key);
        return s == null ? null : new double[] {s.immediate, s.medium, s.longTerm};
    }

    /**
     * The non-dominant source with the highest medium score among those that talked recently
     * (medium ≥ minMedium) and, if {@code talkingNow}, are talking now; null if none.
     */
    private Source<K> mostActive(boolean talkingNow) {
        Source<K> best = null;
        for (int i = 0; i < count; i++) {
            Source<K> s = recent[i];
            if (s != dominant && s.medium >= config.minMedium()
                    && (!talkingNow || s.immediate >= config.minImmediate())
                    && (best == null || s.medium > best.medium)) {
                best = s;
            }
        }
        return best;
    }

    private boolean beats(Source<K> challenger, Source<K> current) {
        return challenger.medium >= current.medium + config.mediumMargin() && challenger.longTerm >= current.longTerm;
    }

    private void promote(Source<K> s, long nowNanos) {
        dominant = s;
        lastSwitchNanos = nowNanos;
        System.arraycopy(recent, 0, recent, 1, s.rank);
        recent[0] = s;
        renumber(0);
    }

    private void renumber(int from) {
        for (int i = from; i < count; i++) {
            recent[i].rank = i;
        }
    }

    /** Weight of a new sample in an exponential average with time constant tau after dt. */
    private static double alpha(long dt, long tau) {
        return 1 - Math.exp(-(double) dt / tau);
    }
}
