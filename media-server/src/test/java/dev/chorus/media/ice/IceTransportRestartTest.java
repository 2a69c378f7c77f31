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
 * ICE restart on the shared port against a hand-written controlling peer: new credentials, media on
 * the old pair until the new one connects, then only on the new pair (a new remote address), the old
 * ufrag refused, and a restart from the very same address.
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

    @Test
    void restartMovesMediaToTheNewPairAndRetiresTheOldCredentials() throws Exception {
        BlockingQueue<byte[]> atA = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> atB = new LinkedBlockingQueue<>();
        TestIcePeer a = peer("ufragA1", "passwordA1passwordA1xx", atA);
        ice.start(a.ufrag(), a.password());
        IceTransport.Credentials first = ice.localCredentials();
        a.connect(first.ufrag(), first.password(), CONNECT);
        await("first generation connected via A", () -> a.localAddress().equals(ice.remoteAddress()));
        assertEquals(1, ice.generations());
        roundTrip(a, atA, 1);

        // --- restart: new credentials; until the new pair is up, media stays on A -------------------
        IceTransport.Credentials second = ice.restart("ufragB2", "passwordB2passwordB2xx");
        assertNotEquals(first.ufrag(), second.ufrag());
        assertNotEquals(first.password(), second.password());
        assertEquals(second, ice.localCredentials(), "the answer must carry the restart's credentials");
        assertEquals(2, ice.generations());
        roundTrip(a, atA, 2);

        // --- the network changed: the peer checks from a new address with its new credentials -------
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

        // --- the old credentials are gone, from a new address and from the old one ------------------
        TestIcePeer c = peer(a.ufrag(), a.password(), new LinkedBlockingQueue<>());
        await("old ufrag refused from a new address",
                () -> refused(c.check(first.ufrag(), first.password(), Duration.ofMillis(300))));
        await("old ufrag refused from the old address",
                () -> refused(a.check(first.ufrag(), first.password(), Duration.ofMillis(300))));
        assertEquals(0, failures);
    }

    @Test
    void restartFromTheSameAddressReachesTheNewGeneration() throws Exception {
        BlockingQueue<byte[]> atA = new LinkedBlockingQueue<>();
        TestIcePeer a = peer("ufragS1", "passwordS1passwordS1xx", atA);
        ice.start(a.ufrag(), a.password());
        IceTransport.Credentials first = ice.localCredentials();
        a.connect(first.ufrag(), first.password(), CONNECT);
        await("connected", () -> a.localAddress().equals(ice.remoteAddress()));

        IceTransport.Credentials second = ice.restart("ufragS2", "passwordS2passwordS2xx");
        a.credentials("ufragS2", "passwordS2passwordS2xx");
        // the old agent owns this address: the check is refused, and the old generation is due to retire
        assertTrue(refused(a.check(second.ufrag(), second.password(), Duration.ofMillis(300))));
        // A peer that keeps checking while the old agent is freed may lose the address again (ice4j
        // unmaps it once per socket close, see IceTransport#onForeignUfrag); this one waits it out.
        Thread.sleep(IceTransport.EARLY_RETIREMENT_DELAY_MS + 1000);
        a.connect(second.ufrag(), second.password(), CONNECT);
        await("restart connected", () -> connected.size() == 2);
        assertEquals(a.localAddress(), ice.remoteAddress());
        atA.clear();
        roundTrip(a, atA, 4);
        await("old ufrag refused", () -> refused(a.check(first.ufrag(), first.password(), Duration.ofMillis(300))));
    }

    @Test
    void newUfragChecksFromAnOldSocketLeaveTheOldPairCarryingMedia() throws Exception {
        BlockingQueue<byte[]> atA = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> atB = new LinkedBlockingQueue<>();
        TestIcePeer a = peer("ufragC1", "passwordC1passwordC1xx", atA);
        ice.start(a.ufrag(), a.password());
        a.connect(ice.localUfrag(), ice.localPassword(), CONNECT);
        await("connected", () -> a.localAddress().equals(ice.remoteAddress()));

        // as browsers do: the old socket also checks the new generation (refused by the old agent) ...
        IceTransport.Credentials second = ice.restart("ufragC2", "passwordC2passwordC2xx");
        a.credentials("ufragC2", "passwordC2passwordC2xx");
        assertTrue(refused(a.check(second.ufrag(), second.password(), Duration.ofMillis(500))));
        roundTrip(a, atA, 7); // ... and the old pair keeps carrying media meanwhile
        // ... while a new socket connects it
        TestIcePeer b = peer("ufragC2", "passwordC2passwordC2xx", atB);
        b.connect(second.ufrag(), second.password(), CONNECT);
        await("media moved to B", () -> b.localAddress().equals(ice.remoteAddress()));
        roundTrip(b, atB, 8);
    }

    @Test
    void aSecondRestartAbandonsOneThatNeverConnected() throws Exception {
        BlockingQueue<byte[]> atA = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> atC = new LinkedBlockingQueue<>();
        TestIcePeer a = peer("ufragX1", "passwordX1passwordX1xx", atA);
        ice.start(a.ufrag(), a.password());
        a.connect(ice.localUfrag(), ice.localPassword(), CONNECT);
        await("connected", () -> a.localAddress().equals(ice.remoteAddress()));

        IceTransport.Credentials abandoned = ice.restart("ufragX2", "passwordX2passwordX2xx");
        IceTransport.Credentials third = ice.restart("ufragX3", "passwordX3passwordX3xx");
        assertNotEquals(abandoned.ufrag(), third.ufrag());
        assertEquals(3, ice.generations());
        TestIcePeer late = peer("ufragX2", "passwordX2passwordX2xx", new LinkedBlockingQueue<>());
        await("the abandoned generation refuses checks",
                () -> refused(late.check(abandoned.ufrag(), abandoned.password(), Duration.ofMillis(300))));
        roundTrip(a, atA, 5); // still on the first pair

        TestIcePeer c = peer("ufragX3", "passwordX3passwordX3xx", atC);
        c.connect(third.ufrag(), third.password(), CONNECT);
        await("media moved to C", () -> c.localAddress().equals(ice.remoteAddress()));
        roundTrip(c, atC, 6);
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

    /** No answer (the port drops unknown ufrags) or an error (another agent owns the address). */
    private static boolean refused(TestStun.Message response) {
        return response == null || response.type() == TestStun.BINDING_ERROR;
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
