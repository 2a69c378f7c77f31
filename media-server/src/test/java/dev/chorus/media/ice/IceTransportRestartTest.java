package dev.chorus.media.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ice4j.util.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ICE restart on the shared port against a hand-written controlling peer: new credentials, the old
 * generation unmapped at once (its ufrag refused, its addresses free), media on the newly selected
 * pair (a new remote address, or the same one), consent freshness on it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IceTransportRestartTest {
    private static final Duration CONNECT = Duration.ofSeconds(10);

    private MediaPort port;
    private IceTransport ice;
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final List<SocketAddress> connected = new CopyOnWriteArrayList<>();
    private volatile int failures;
    private final List<TestIcePeer> peers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        port = new MediaPort("127.0.0.1", 0, null);
        ice = new IceTransport(port, "t", new IceTransport.Listener() {
            @Override
            public void onDatagram(Buffer b) {
                byte[] copy = new byte[b.getLength()];
                System.arraycopy(b.getBuffer(), b.getOffset(), copy, 0, copy.length);
                IceTransport.release(b);
                received.add(copy);
            }

            @Override
            public void onConnected(SocketAddress remote) {
                connected.add(remote);
            }

            @Override
            public void onFailed() {
                failures++;
            }
        });
    }

    @AfterEach
    void tearDown() {
        peers.forEach(TestIcePeer::close);
        ice.close();
        port.close();
    }

    private TestIcePeer peer(String ufrag, String pwd, BlockingQueue<byte[]> media) throws Exception {
        TestIcePeer p = new TestIcePeer(port.port(), ufrag, pwd);
        p.onMedia((d, len) -> {
            byte[] copy = new byte[len];
            System.arraycopy(d, 0, copy, 0, len);
            media.add(copy);
        });
        peers.add(p);
        return p;
    }

    /** A connected first generation through a new peer. */
    private TestIcePeer connectedPeer(String ufrag, BlockingQueue<byte[]> media) throws Exception {
        TestIcePeer a = peer(ufrag, "password-of-" + ufrag + "-12345", media);
        ice.start(a.ufrag(), a.password());
        a.connect(ice.localUfrag(), ice.localPassword(), CONNECT);
        await("first generation connected", () -> connected.size() == 1);
        assertEquals(a.localAddress(), ice.remoteAddress());
        return a;
    }

    @Test
    void restartRetiresTheOldCredentialsAndMovesMediaToTheNewAddress() throws Exception {
        BlockingQueue<byte[]> atA = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> atB = new LinkedBlockingQueue<>();
        TestIcePeer a = connectedPeer("ufragA1", atA);
        IceTransport.Credentials first = ice.localCredentials();
        assertEquals(1, ice.generations());
        roundTrip(a, atA, 1);

        IceTransport.Credentials second = ice.restart("ufragB2", "passwordB2passwordB2xx");
        assertNotEquals(first.ufrag(), second.ufrag());
        assertNotEquals(first.password(), second.password());
        assertEquals(second, ice.localCredentials(), "the answer must carry the restart's credentials");
        assertEquals(2, ice.generations());

        // the old generation is gone at once: its ufrag gets no answer, from the old or a new address
        assertNull(a.check(first.ufrag(), first.password(), Duration.ofMillis(300)));
        TestIcePeer stale = peer("ufragA1", "password-of-ufragA1-12345", new LinkedBlockingQueue<>());
        assertNull(stale.check(first.ufrag(), first.password(), Duration.ofMillis(300)));
        received.clear();
        byte[] late = {(byte) 0x80, 96, 0, 99, 1, 1, 1, 1};
        a.send(late, 0, late.length);
        assertNull(received.poll(300, TimeUnit.MILLISECONDS), "the old address is unmapped");

        // the network changed: the peer checks from a new address with its new credentials
        TestIcePeer b = peer("ufragB2", "passwordB2passwordB2xx", atB);
        b.connect(second.ufrag(), second.password(), CONNECT);
        await("media moved to B", () -> b.localAddress().equals(ice.remoteAddress()));
        await("restart reported as connected", () -> connected.size() == 2);
        assertEquals(b.localAddress(), connected.get(1));
        // the triggered check, then the new agent's first consent-freshness check on its selected pair
        await("consent freshness on the new pair", () -> b.checksAnswered() >= 2);
        atA.clear();
        roundTrip(b, atB, 3);
        assertNull(atA.poll(200, TimeUnit.MILLISECONDS), "nothing may go to the old address any more");
        assertEquals(0, failures);
    }

    @Test
    void restartFromTheSameAddress() throws Exception {
        BlockingQueue<byte[]> atA = new LinkedBlockingQueue<>();
        TestIcePeer a = connectedPeer("ufragS1", atA);
        IceTransport.Credentials first = ice.localCredentials();

        IceTransport.Credentials second = ice.restart("ufragS2", "passwordS2passwordS2xx");
        a.credentials("ufragS2", "passwordS2passwordS2xx");
        a.connect(second.ufrag(), second.password(), CONNECT);
        await("restart connected", () -> connected.size() == 2);
        assertEquals(a.localAddress(), ice.remoteAddress());
        atA.clear();
        roundTrip(a, atA, 4);
        // the address now belongs to the new agent, which refuses the old ufrag
        TestStun.Message old = a.check(first.ufrag(), first.password(), Duration.ofMillis(300));
        assertTrue(old == null || old.type() == TestStun.BINDING_ERROR, "old ufrag accepted: " + old);
    }

    @Test
    void aNewSocketCheckedWithTheOldCredentialsBeforeTheAnswerStillReachesTheRestart() throws Exception {
        BlockingQueue<byte[]> atB = new LinkedBlockingQueue<>();
        TestIcePeer a = connectedPeer("ufragD1", new LinkedBlockingQueue<>());
        IceTransport.Credentials first = ice.localCredentials();
        // as Chromium does until the answer arrives: its new socket checks with the old credentials
        TestIcePeer b = peer("ufragD2", "passwordD2passwordD2xx", atB);
        TestStun.Message early = b.check(first.ufrag(), first.password(), Duration.ofMillis(500));
        assertEquals(TestStun.BINDING_SUCCESS, early == null ? -1 : early.type(), "the old agent takes B");

        IceTransport.Credentials second = ice.restart("ufragD2", "passwordD2passwordD2xx");
        b.connect(second.ufrag(), second.password(), CONNECT);
        await("media moved to B", () -> b.localAddress().equals(ice.remoteAddress()));
        roundTrip(b, atB, 5);
        a.close();
    }

    @Test
    void aSecondRestartReplacesOneThatNeverConnected() throws Exception {
        BlockingQueue<byte[]> atC = new LinkedBlockingQueue<>();
        connectedPeer("ufragX1", new LinkedBlockingQueue<>());
        IceTransport.Credentials abandoned = ice.restart("ufragX2", "passwordX2passwordX2xx");
        IceTransport.Credentials third = ice.restart("ufragX3", "passwordX3passwordX3xx");
        assertNotEquals(abandoned.ufrag(), third.ufrag());
        assertEquals(3, ice.generations());
        TestIcePeer late = peer("ufragX2", "passwordX2passwordX2xx", new LinkedBlockingQueue<>());
        assertNull(late.check(abandoned.ufrag(), abandoned.password(), Duration.ofMillis(300)));

        TestIcePeer c = peer("ufragX3", "passwordX3passwordX3xx", atC);
        c.connect(third.ufrag(), third.password(), CONNECT);
        await("media moved to C", () -> c.localAddress().equals(ice.remoteAddress()));
        roundTrip(c, atC, 6);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aRestartAfterTheFirstConnectionFailedReachesTheNewGeneration() throws Exception {
        BlockingQueue<byte[]> atB = new LinkedBlockingQueue<>();
        TestIcePeer a = peer("ufragF1", "passwordF1passwordF1xx", new LinkedBlockingQueue<>());
        a.deaf(true); // the server's checks never come back: the first generation fails
        ice.start(a.ufrag(), a.password());
        IceTransport.Credentials first = ice.localCredentials();
        a.check(first.ufrag(), first.password(), Duration.ofMillis(300));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (failures == 0) {
            assertTrue(System.nanoTime() < deadline, "the first generation never failed");
            Thread.sleep(100);
        }
        // the browser's new socket checks with the old credentials before the restart's answer
        TestIcePeer b = peer("ufragF2", "passwordF2passwordF2xx", atB);
        await("the failed generation's ufrag is dropped",
                () -> b.check(first.ufrag(), first.password(), Duration.ofMillis(300)) == null);

        IceTransport.Credentials second = ice.restart("ufragF2", "passwordF2passwordF2xx");
        b.connect(second.ufrag(), second.password(), CONNECT);
        await("restart connected", () -> connected.size() == 1);
        assertEquals(b.localAddress(), ice.remoteAddress());
        roundTrip(b, atB, 7);
    }

    /** One datagram each way between {@code peer} and the transport. */
    private void roundTrip(TestIcePeer peer, BlockingQueue<byte[]> atPeer, int n) throws Exception {
        byte[] in = {(byte) 0x80, 96, 0, (byte) n, 1, 2, 3, 4, 5, 6, 7, 8};
        received.clear();
        peer.send(in, 0, in.length);
        assertArrayEquals(in, received.poll(5, TimeUnit.SECONDS), "datagram from the peer");
        byte[] out = {(byte) 0x80, 97, 0, (byte) n, 9, 9, 9, 9, 9, 9, 9, 9};
        ice.send(out, 0, out.length);
        byte[] got = atPeer.poll(5, TimeUnit.SECONDS);
        assertArrayEquals(out, got, "datagram to " + peer.localAddress());
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check c) throws Exception {
        long deadline = System.nanoTime() + CONNECT.toNanos();
        while (!c.holds()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            Thread.sleep(20);
        }
    }
}
