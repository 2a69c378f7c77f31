package dev.chorus.media.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DominantSpeakerDetectorTest {
    static final long MS = 1_000_000L;

    /** Sources send a packet every 20 ms; the room ticks every {@code tickMs}. Records every change. */
    static final class Sim {
        final DominantSpeakerDetector<String> d = new DominantSpeakerDetector<>();
        final List<String> sources = new ArrayList<>();
        final List<String> changes = new ArrayList<>(); // "ms:key"
        final int tickMs;
        long nowMs;
        int level = 30;      // −30 dBov: ordinary speech
        boolean vadOnSpeech = true;

        Sim(int tickMs, String... keys) {
            this.tickMs = tickMs;
            for (String k : keys) {
                add(k);
            }
        }

        void add(String key) {
            sources.add(key);
            d.addSource(key);
        }

        /** {@code ms} milliseconds with {@code talking} speaking and everyone else silent. */
        Sim talk(long ms, String... talking) {
            Set<String> on = Set.of(talking);
            for (long end = nowMs + ms; nowMs < end; ) {
                nowMs += 20;
                for (String s : sources) {
                    boolean speaking = on.contains(s);
                    d.onAudioLevel(s, speaking ? level : 127, speaking && vadOnSpeech, nowMs * MS);
                }
                if (nowMs % tickMs == 0 && d.tick(nowMs * MS)) {
                    changes.add(nowMs + ":" + d.dominant());
                }
            }
            return this;
        }

        Sim silence(long ms) {
            return talk(ms);
        }

        long changeTime(int i) {
            return Long.parseLong(changes.get(i).split(":")[0]);
        }
    }

    @Test
    void loneTalkerBecomesDominantWithinASecond() {
        for (int tick : new int[] {100, 200, 300}) {
            Sim sim = new Sim(tick, "A", "B", "C").silence(2000).talk(3000, "B");
            assertEquals(1, sim.changes.size(), sim.changes.toString());
            assertEquals("B", sim.d.dominant());
            long after = sim.changeTime(0) - 2000;
            assertTrue(after >= 300 && after <= 1000, "tick " + tick + ": dominant after " + after + " ms");
        }
    }

    @Test
    void intermittentVoiceActivityStillWins() {
        // speech is not one long voiced burst: 160 ms on, 40 ms off (80 %)
        Sim sim = new Sim(100, "A", "B").silence(1000);
        for (int i = 0; i < 10; i++) {
            sim.talk(160, "A").silence(40);
        }
        assertEquals("A", sim.d.dominant());
        assertTrue(sim.changeTime(0) - 1000 <= 1000, sim.changes.toString());
    }

    @Test
    void alternatingLongTurnsSwitch() {
        Sim sim = new Sim(200, "A", "B", "C");
        for (int turn = 0; turn < 6; turn++) {
            sim.talk(6000, turn % 2 == 0 ? "A" : "B").silence(300);
        }
        List<String> who = sim.changes.stream().map(c -> c.split(":")[1]).toList();
        assertEquals(List.of("A", "B", "A", "B", "A", "B"), who);
        for (int i = 1; i < 6; i++) {
            long intoTurn = sim.changeTime(i) - i * 6300L;
            assertTrue(intoTurn > 500 && intoTurn <= 2000, "turn " + i + " taken " + intoTurn + " ms in");
        }
    }

    @Test
    void shortInterjectionDoesNotSwitch() {
        Sim sim = new Sim(100, "A", "B").talk(10_000, "A");
        assertEquals("A", sim.d.dominant());
        sim.talk(800, "A", "B").talk(3000, "A");        // talking over A
        sim.silence(200).talk(1000, "B").talk(3000, "A"); // "yes, right" in A's pause
        assertEquals(List.of(sim.changes.get(0)), sim.changes, "only the first change");
        // control: a real reply does take over
        sim.silence(200).talk(2500, "B");
        assertEquals("B", sim.d.dominant());
    }

    @Test
    void coughsDoNotSteal() {
        Sim sim = new Sim(100, "A", "B", "C");
        sim.level = 3; // loud
        sim.talk(250, "C").silence(3000);
        assertNull(sim.d.dominant(), "a cough in a silent room elects nobody");
        sim.level = 30;
        sim.talk(5000, "A").silence(10_000);
        sim.level = 3;
        for (int i = 0; i < 5; i++) {
            sim.talk(250, i % 2 == 0 ? "B" : "C").silence(1500);
        }
        assertEquals("A", sim.d.dominant());
        assertEquals(1, sim.changes.size());
    }

    @Test
    void silenceNeverWins() {
        Sim sim = new Sim(100, "A", "B");
        sim.vadOnSpeech = false; // loud but no voice activity (music, noise the VAD rejects)
        sim.level = 10;
        sim.talk(5000, "A");
        sim.vadOnSpeech = true;
        sim.level = 75; // voice flag set but quieter than −70 dBov
        sim.talk(5000, "B");
        assertNull(sim.d.dominant());
        assertTrue(sim.changes.isEmpty());
        // and a dominant speaker who falls silent stays dominant
        sim.level = 30;
        sim.talk(3000, "A").silence(60_000);
        assertEquals("A", sim.d.dominant());
    }

    @Test
    void minimumTimeBetweenSwitches() {
        Sim sim = new Sim(100, "A", "B").talk(900, "A").talk(4000, "B");
        assertEquals(List.of("A", "B"), sim.changes.stream().map(c -> c.split(":")[1]).toList());
        assertTrue(sim.changeTime(1) - sim.changeTime(0) >= 1500, sim.changes.toString());
    }

    @Test
    void removingTheDominantHandsOverOrClears() {
        Sim sim = new Sim(100, "A", "B", "C").talk(3000, "A").talk(1500, "A", "B");
        assertEquals("A", sim.d.dominant());
        assertFalse(sim.d.removeSource("C"), "not the dominant one");
        assertTrue(sim.d.removeSource("A"));
        assertEquals("B", sim.d.dominant(), "B was talking too");
        assertEquals(0, sim.d.speakerRank("B"));
        sim.sources.remove("A");
        sim.silence(10_000);
        assertTrue(sim.d.removeSource("B"));
        assertNull(sim.d.dominant(), "nobody has talked recently");
        assertFalse(sim.d.removeSource("B"));
        assertEquals(0, sim.d.sourceCount());
    }

    @Test
    void fiftySources() {
        String[] keys = new String[50];
        for (int i = 0; i < 50; i++) {
            keys[i] = "s" + i;
        }
        Sim sim = new Sim(200, keys).silence(1000).talk(3000, "s17").silence(500).talk(5000, "s33");
        assertEquals(List.of("s17", "s33"), sim.changes.stream().map(c -> c.split(":")[1]).toList());
        assertEquals("s33", sim.d.recentSpeaker(0));
        assertEquals("s17", sim.d.recentSpeaker(1));
        assertEquals("s0", sim.d.recentSpeaker(2), "then the ones that never spoke, in order of arrival");
        assertEquals(1, sim.d.speakerRank("s17"));
        assertEquals(49, sim.d.speakerRank("s49"));
        assertEquals(-1, sim.d.speakerRank("nobody"));
        sim.d.removeSource("s0");
        assertEquals(2, sim.d.speakerRank("s1"));
        assertEquals(48, sim.d.speakerRank("s49"));
    }

    @Test
    void packetsAndTicksDoNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        DominantSpeakerDetector<String> d = new DominantSpeakerDetector<>();
        String[] keys = new String[50];
        for (int i = 0; i < 50; i++) {
            keys[i] = "s" + i;
            d.addSource(keys[i]);
        }
        long now = 0;
        int changes = 0;
        for (int round = 0; round < 2; round++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int p = 0; p < 5000; p++) { // 100 s of 20 ms packets from 50 sources
                now += 20 * MS;
                int talker = (p / 300) % 50; // a new talker every 6 s
                for (int i = 0; i < 50; i++) {
                    d.onAudioLevel(keys[i], i == talker ? 25 : 120, i == talker, now);
                }
                if (p % 10 == 0) {
                    changes += d.tick(now) ? 1 : 0;
                }
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            if (round == 1) {
                assertTrue(allocated < 16 * 1024, "250,000 packets and 500 ticks allocated " + allocated + " B");
            }
        }
        assertTrue(changes >= 30, "each 6 s turn is taken: " + changes);
    }
}
