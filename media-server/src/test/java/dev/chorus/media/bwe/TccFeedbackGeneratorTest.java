package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtcp.RtcpParser;
import dev.chorus.media.rtcp.RtcpVisitor;
import dev.chorus.media.rtcp.TransportCcFeedback;
import dev.chorus.media.rtcp.TransportCcFeedbackWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TccFeedbackGeneratorTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_000_000 * MS; // an arbitrary clock origin

    /** One reported status: 16-bit seq and absolute arrival in µs (Long.MIN_VALUE when lost). */
    record Status(int seq, long arrivalUs) {
        boolean received() {
            return arrivalUs != Long.MIN_VALUE;
        }
    }

    /** Parsed packets of one round of feedback. */
    static final class Round {
        final List<List<Status>> packets = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();
        final List<Integer> counts = new ArrayList<>();

        List<Status> all() {
            List<Status> l = new ArrayList<>();
            packets.forEach(l::addAll);
            return l;
        }
    }

    /** Writes until the generator has nothing left, parsing each packet through the real RTCP parser. */
    static Round drain(TccFeedbackGenerator gen, long now) {
        Round round = new Round();
        byte[] buf = new byte[1500];
        TransportCcFeedback fb = new TransportCcFeedback();
        while (gen.due(now)) {
            int n = gen.write(buf, 0, 0x11, 0x22, now);
            assertTrue(n > 0 && n % 4 == 0 && n <= 1200, "length " + n);
            round.lengths.add(n);
            List<Status> statuses = new ArrayList<>();
            int visited = RtcpParser.parse(buf, 0, n, new RtcpVisitor() {
                @Override
                public void onTransportCc(long sender, long media, byte[] b, int off, int len) {
                    assertEquals(0x11, sender);
                    assertEquals(0x22, media);
                    assertTrue(fb.parse(b, off, len), "own feedback must parse");
                    round.counts.add(fb.feedbackPacketCount());
                    for (int i = 0; i < fb.packetStatusCount(); i++) {
                        statuses.add(new Status(fb.sequence(i), fb.isReceived(i)
                                ? fb.referenceTimeUs() + fb.receiveTimeUs(i) : Long.MIN_VALUE));
                    }
                }
            });
            assertEquals(1, visited);
            round.packets.add(statuses);
        }
        return round;
    }

    private static String seqs(List<Status> l) {
        StringBuilder sb = new StringBuilder();
        for (Status s : l) {
            sb.append(sb.isEmpty() ? "" : " ").append(s.seq()).append(s.received() ? "" : "x");
        }
        return sb.toString();
    }

    @Test
    void reportsInOrderPacketsAfterInterval() {
        TccFeedbackGenerator gen = new TccFeedbackGenerator();
        for (int i = 0; i < 5; i++) {
            gen.onPacket(100 + i, T0 + i * 7 * MS + 123_456);
        }
        assertFalse(gen.due(T0 + 49 * MS));
        assertTrue(gen.due(T0 + 51 * MS)); // 50 ms after the first arrival
        Round r = drain(gen, T0 + 51 * MS);
        assertEquals(1, r.packets.size());
        assertEquals("100 101 102 103 104", seqs(r.all()));
        // 12 header + 8 fixed + one run-length chunk + 5 one-byte deltas = 25 -> padded to 28
        assertEquals(28, r.lengths.get(0));
        for (int i = 0; i < 5; i++) {
            long expected = (T0 + i * 7 * MS + 123_456) / 1000;
            assertEquals(expected, r.all().get(i).arrivalUs(), 125.0);
        }
        assertFalse(gen.due(T0 + 500 * MS));
        assertEquals(0, gen.write(new byte[1500], 0, 1, 2, T0 + 500 * MS));
    }

    @Test
    void hundredPendingPacketsTriggerEarly() {
        TccFeedbackGenerator gen = new TccFeedbackGenerator();
        for (int i = 0; i < 99; i++) {
            gen.onPacket(i, T0 + i * 100_000L);
        }
        assertFalse(gen.due(T0 + 10 * MS));
        gen.onPacket(99, T0 + 10 * MS);
        assertTrue(gen.due(T0 + 10 * MS));
    }

    @Test
    void wrapsAroundAndCountsFeedbackPackets() {
        TccFeedbackGenerator gen = new TccFeedbackGenerator();
        for (int i = 0; i < 6; i++) {
            gen.onPacket(65533 + i, T0 + i * MS);
        }
        Round a = drain(gen, T0 + 100 * MS);
        assertEquals("65533 65534 65535 0 1 2", seqs(a.all()));
        gen.onPacket(3, T0 + 101 * MS);
        Round b = drain(gen, T0 + 200 * MS);
        assertEquals("3", seqs(b.all()));
        assertEquals(a.counts.get(0) + 1, b.counts.get(0));
    }

    @Test
    void reorderingAndDuplicates() {
        TccFeedbackGenerator gen = new TccFeedbackGenerator();
        gen.onPacket(10, T0);
        gen.onPacket(12, T0 + MS);
        gen.onPacket(11, T0 + 2 * MS); // reordered within the window: simply received
        gen.onPacket(12, T0 + 3 * MS); // duplicate: the first arrival counts
        gen.onPacket(14, T0 + 4 * MS);
        Round a = drain(gen, T0 + 60 * MS);
        assertEquals("10 11 12 13x 14", seqs(a.all()));
        assertEquals(T0 / 1000 + 1000, a.all().get(2).arrivalUs(), 125.0);
        // 13 arrives after it was reported lost: the next feedback goes back to it
        gen.onPacket(13, T0 + 70 * MS);
        gen.onPacket(15, T0 + 71 * MS);
        Round b = drain(gen, T0 + 120 * MS);
        assertEquals("13 14 15", seqs(b.all()));
        // and a duplicate of an already reported packet changes nothing
        gen.onPacket(15, T0 + 130 * MS);
        assertFalse(gen.due(T0 + 500 * MS));
    }

    @Test
    void allLostRunIsOneChunk() {
        TccFeedbackGenerator gen = new TccFeedbackGenerator();
        gen.onPacket(0, T0);
        gen.onPacket(3000, T0 + 20 * MS);
        Round r = drain(gen, T0 + 60 * MS);
        List<Status> all = r.all();
        assertEquals(3001, all.size());
        assertTrue(all.get(0).received() && all.get(3000).received());
        assertEquals(2999, all.stream().filter(s -> !s.received()).count());
        // chunks: a 1-bit vector, a run of lost, a run of 1; two one-byte deltas
        assertTrue(r.lengths.get(0) <= 12 + 8 + 6 + 3 + 3, "length " + r.lengths.get(0));
    }

    @Test
    void largeAndNegativeDeltas() {
        TccFeedbackGenerator gen = new TccFeedbackGenerator();
        gen.onPacket(1, T0);
        gen.onPacket(2, T0 + 1000 * MS);     // +1 s: large delta
        gen.onPacket(3, T0 + 990 * MS);      // -10 ms: large (negative) delta
        gen.onPacket(4, T0 + 990 * MS + 250_000);
        Round r = drain(gen, T0 + 1000 * MS);
        assertEquals(1, r.packets.size());
        List<Status> all = r.all();
        assertEquals(T0 / 1000 + 1_000_000, all.get(1).arrivalUs(), 125.0);
        assertEquals(T0 / 1000 + 990_000, all.get(2).arrivalUs(), 125.0);
        assertEquals(T0 / 1000 + 990_250, all.get(3).arrivalUs(), 125.0);
    }

    @Test
    void deltaTooLargeForTheFormatSplitsThePacket() {
        TccFeedbackGenerator gen = new TccFeedbackGenerator();
        gen.onPacket(1, T0);
        gen.onPacket(2, T0 + 5 * MS);
        gen.onPacket(3, T0 + 9_000 * MS); // +9 s > 32767 * 250 µs
        gen.onPacket(4, T0 + 9_001 * MS);
        Round r = drain(gen, T0 + 9_100 * MS);
        assertEquals(2, r.packets.size());
        assertEquals("1 2", seqs(r.packets.get(0)));
        assertEquals("3 4", seqs(r.packets.get(1)));
        assertEquals(T0 / 1000 + 9_000_000, r.packets.get(1).get(0).arrivalUs(), 125.0);
        assertEquals((r.counts.get(0) + 1) & 0xff, r.counts.get(1));
    }

    @Test
    void bigBacklogIsSplitIntoBoundedPackets() {
        TccFeedbackGenerator gen = new TccFeedbackGenerator(50 * MS, 100_000, 1200);
        Random rnd = new Random(7);
        long t = T0;
        Map<Integer, Long> sent = new LinkedHashMap<>();
        for (int i = 0; i < 3000; i++) {
            t += rnd.nextInt(3) == 0 ? 70 * MS : rnd.nextInt(2 * (int) MS); // mixes small and large deltas
            if (rnd.nextInt(10) != 0) {
                gen.onPacket(i, t);
                sent.put(i, t / 1000);
            }
        }
        Round r = drain(gen, t);
        assertTrue(r.packets.size() >= 3, "packets " + r.packets.size());
        List<Status> all = r.all();
        int firstSeq = all.get(0).seq();
        for (int k = 0; k < all.size(); k++) {
            Status s = all.get(k);
            assertEquals((firstSeq + k) & 0xffff, s.seq(), "contiguous, each seq once");
            Long expected = sent.get(s.seq());
            assertEquals(expected != null, s.received());
            if (expected != null) {
                assertEquals(expected, s.arrivalUs(), 125.0);
            }
        }
        assertEquals(2999, all.get(all.size() - 1).seq());
    }

    @Test
    void randomRoundTrips() {
        Random rnd = new Random(1234);
        for (int trial = 0; trial < 300; trial++) {
            TccFeedbackGenerator gen = new TccFeedbackGenerator();
            int seq = rnd.nextInt(65536);
            long t = T0 + rnd.nextLong(1L << 40);
            Map<Integer, Long> arrivals = new LinkedHashMap<>();
            int n = 1 + rnd.nextInt(400);
            for (int i = 0; i < n; i++) {
                int s = (seq + i) & 0xffff;
                t += switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextInt(100_000);
                    case 1 -> rnd.nextInt((int) (80 * MS));
                    case 2 -> -rnd.nextInt((int) (5 * MS));
                    default -> rnd.nextInt((int) (3 * MS));
                };
                if (rnd.nextInt(8) != 0) {
                    gen.onPacket(s, t);
                    arrivals.put(s, Math.floorDiv(t, 1000));
                }
            }
            if (arrivals.isEmpty()) {
                continue;
            }
            for (Status s : drain(gen, t + 100 * MS).all()) {
                Long expected = arrivals.remove(s.seq());
                assertEquals(expected != null, s.received(), "trial " + trial + " seq " + s.seq());
                if (expected != null) {
                    assertEquals(expected, s.arrivalUs(), 125.0);
                }
            }
            assertTrue(arrivals.isEmpty(), "unreported " + arrivals.keySet());
        }
    }

    @Test
    void writerChoosesVectorsForMixedStatuses() {
        // alternating received/lost: 1-bit vectors (14 statuses per chunk) instead of runs of 1
        long[] arr = new long[28];
        for (int i = 0; i < arr.length; i++) {
            arr[i] = i % 2 == 0 ? 1000L * i : TransportCcFeedbackWriter.LOST;
        }
        TransportCcFeedbackWriter w = new TransportCcFeedbackWriter();
        byte[] buf = new byte[200];
        int n = w.write(buf, 0, 1200, 1, 2, 7, 0, arr, 0, arr.length);
        assertEquals(28, w.consumed());
        assertEquals(12 + 8 + 2 * 2 + 14 + 2, n); // two chunks, 14 one-byte deltas, 2 bytes padding
        assertEquals(0xaf, buf[0] & 0xff, "V=2, P bit set, FMT 15");
    }

    @Test
    void windowBoundsAHugeGap() {
        TccFeedbackGenerator gen = new TccFeedbackGenerator();
        gen.onPacket(0, T0);
        gen.onPacket(30_000, T0 + MS); // far ahead: only the last WINDOW statuses are reported
        List<Status> all = drain(gen, T0 + 100 * MS).all();
        assertEquals(TccFeedbackGenerator.WINDOW, all.size());
        assertEquals(30_000, all.get(all.size() - 1).seq());
    }

    @Test
    void sequenceRestartIsDetected() {
        TccFeedbackGenerator gen = new TccFeedbackGenerator();
        for (int i = 0; i < 10_000; i++) {
            gen.onPacket(40_000 + i, T0 + i * 100_000L);
        }
        drain(gen, T0 + 2000 * MS);
        long t = T0 + 3000 * MS;
        for (int i = 0; i < 100; i++) {
            gen.onPacket(20_000 + i, t + i * MS); // 30 000 behind: stale until the restart is detected
        }
        List<Status> all = drain(gen, t + 200 * MS).all();
        assertEquals(20_099, all.get(all.size() - 1).seq());
        assertTrue(all.stream().filter(Status::received).count() >= 30);
    }
}
