package dev.chorus.signaling.e2e.net;

import dev.chorus.signaling.e2e.net.ImpairmentRelay.Direction;
import dev.chorus.signaling.e2e.net.ImpairmentRelay.Impairment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ImpairmentRelay} over loopback against a UDP echo server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImpairmentRelayTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    DatagramSocket echo;
    Thread echoThread;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        echoThread = Thread.ofPlatform().daemon().name("echo").start(() -> {
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            while (!echo.isClosed()) {
                try {
                    p.setLength(buf.length);
                    echo.receive(p);
                    echo.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stopEcho() throws InterruptedException {
        echo.close();
        echoThread.join(2000);
    }

    ImpairmentRelay relay(long seed, int capacity) {
        return new ImpairmentRelay(new InetSocketAddress(LOOPBACK, 0), (InetSocketAddress) echo.getLocalSocketAddress(),
                seed, capacity);
    }

    /** A reply: the sequence number it carried and its round trip in ms. */
    record Echo(int seq, double rttMs) {}

    /**
     * Sends {@code count} datagrams (sequence number + send time) {@code gapMs} apart through the relay and collects
     * the echoes until {@code quietMs} pass without one.
     */
    static List<Echo> roundTrips(ImpairmentRelay relay, int count, long gapMs, int quietMs) throws Exception {
        List<Echo> got = new ArrayList<>();
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Thread sender = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        byte[] b = ByteBuffer.allocate(100).putInt(i).putLong(System.nanoTime()).array();
                        client.send(new DatagramPacket(b, b.length, relay.address()));
                        if (gapMs > 0) Thread.sleep(gapMs);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            client.setSoTimeout(quietMs);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                try {
                    p.setLength(buf.length);
                    client.receive(p);
                } catch (SocketTimeoutException e) {
                    if (!sender.isAlive()) break;
                    continue;
                }
                ByteBuffer r = ByteBuffer.wrap(p.getData(), p.getOffset(), p.getLength());
                int seq = r.getInt();
                long sent = r.getLong();
                got.add(new Echo(seq, (System.nanoTime() - sent) / 1e6));
            }
            sender.join();
        }
        return got;
    }

    @Test
    void unimpairedForwardsEverythingBothWays() throws Exception {
        try (ImpairmentRelay relay = relay(1, 100)) {
            List<Echo> got = roundTrips(relay, 50, 1, 2000); // a long quiet bound: a busy machine may stall the relay
            assertEquals(50, got.size(), "echoes: " + got);
            assertEquals(50, relay.counters(Direction.UPSTREAM).forwarded());
            assertEquals(50, relay.counters(Direction.DOWNSTREAM).forwarded());
        }
    }

    @Test
    void delayAppliesInEachDirection() throws Exception {
        try (ImpairmentRelay relay = relay(1, 100)) {
            relay.impair(Direction.UPSTREAM, Impairment.of(40, 0, 0)).impair(Direction.DOWNSTREAM, Impairment.of(25, 0, 0));
            List<Echo> got = roundTrips(relay, 20, 5, 500);
            assertEquals(20, got.size());
            for (Echo e : got) {
                assertTrue(e.rttMs() >= 65, "rtt below 40 + 25 ms: " + e);
                assertTrue(e.rttMs() < 65 + 400, "rtt far above 65 ms: " + e);
            }
            assertInOrder(got);
        }
    }

    @Test
    void jitterWithoutReorderKeepsOrderAndVariesDelay() throws Exception {
        try (ImpairmentRelay relay = relay(7, 1000)) {
            relay.impair(Direction.UPSTREAM, Impairment.of(30, 20, 0));
            List<Echo> got = roundTrips(relay, 100, 3, 500);
            assertEquals(100, got.size());
            assertInOrder(got);
            double min = got.stream().mapToDouble(Echo::rttMs).min().orElseThrow();
            double max = got.stream().mapToDouble(Echo::rttMs).max().orElseThrow();
            assertTrue(min >= 10, "delay below 30 - 20 ms: " + min);
            assertTrue(max - min >= 10, "no visible jitter: min " + min + " max " + max);
        }
    }

    @Test
    void jitterWithReorderReordersSometimes() throws Exception {
        try (ImpairmentRelay relay = relay(7, 1000)) {
            relay.impair(Direction.UPSTREAM, Impairment.of(30, 20, 0).withReorder(true));
            List<Echo> got = roundTrips(relay, 100, 1, 500);
            assertEquals(100, got.size());
            int inversions = 0;
            for (int i = 1; i < got.size(); i++) if (got.get(i).seq() < got.get(i - 1).seq()) inversions++;
            assertTrue(inversions > 0, "20 ms jitter at 1 ms spacing never reordered");
        }
    }

    @Test
    void seededLossIsRoughlyTheProbabilityAndReproducible() throws Exception {
        List<Integer> first = lossRun(42);
        List<Integer> second = lossRun(42);
        assertTrue(first.size() >= 330 && first.size() <= 470, "20% loss of 500 left " + first.size());
        assertEquals(first, second, "same seed, same packets, different losses");
        List<Integer> other = lossRun(43);
        assertTrue(!other.equals(first), "a different seed lost exactly the same packets");
    }

    private List<Integer> lossRun(long seed) throws Exception {
        try (ImpairmentRelay relay = relay(seed, 1000)) {
            relay.impair(Direction.UPSTREAM, Impairment.of(0, 0, 0.2));
            List<Echo> got = roundTrips(relay, 500, 1, 300); // paced: no socket-buffer overflow on a busy machine
            ImpairmentRelay.Counters up = relay.counters(Direction.UPSTREAM);
            assertEquals(500, up.received());
            assertEquals(500, up.lost() + up.forwarded(), "upstream " + up);
            assertEquals(up.forwarded(), got.size(), "every forwarded packet comes back (no downstream loss)");
            return got.stream().map(Echo::seq).sorted().toList();
        }
    }

    @Test
    void downstreamLossOnlyAffectsReplies() throws Exception {
        try (ImpairmentRelay relay = relay(3, 100)) {
            relay.impair(Direction.DOWNSTREAM, Impairment.of(0, 0, 1.0));
            List<Echo> got = roundTrips(relay, 30, 1, 300);
            assertEquals(0, got.size());
            assertEquals(30, relay.counters(Direction.UPSTREAM).forwarded());
            assertEquals(30, relay.counters(Direction.DOWNSTREAM).lost());
        }
    }

    @Test
    void queueIsBounded() throws Exception {
        try (ImpairmentRelay relay = relay(5, 10)) {
            relay.impair(Direction.UPSTREAM, Impairment.of(300, 0, 0));
            List<Echo> got = roundTrips(relay, 30, 0, 800);
            ImpairmentRelay.Counters up = relay.counters(Direction.UPSTREAM);
            assertEquals(30, up.received());
            assertEquals(20, up.queueDrops(), "upstream " + up);
            assertEquals(10, got.size());
        }
    }

    static void assertInOrder(List<Echo> got) {
        for (int i = 1; i < got.size(); i++) {
            assertTrue(got.get(i).seq() > got.get(i - 1).seq(), "reordered at " + i + ": " + got);
        }
    }
}
