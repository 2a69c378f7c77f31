package dev.chorus.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.dtls.TestDtlsEndpoint;
import dev.chorus.media.ice.IceTransport;
import dev.chorus.media.ice.TestIcePeer;
import dev.chorus.media.ice.TestStun;
import dev.chorus.media.net.PacketClassifier;
import dev.chorus.media.net.PacketType;
import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpSession;
import dev.chorus.media.util.PacketBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A whole peer connection over the real media port: ICE (a hand-written controlling peer), DTLS (a
 * BouncyCastle client), SRTP both ways; then the peer's network changes and it restarts ICE from a
 * new address. The transport answers with new credentials, keeps DTLS and SRTP (no second
 * handshake, the browser's SRTP contexts carry on) and its producer, and media flows both ways on
 * the new pair.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WebRtcTransportIceRestartTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private MediaServer server;
    private TestDtlsEndpoint dtls;
    private final AtomicReference<TestIcePeer> path = new AtomicReference<>();
    private final List<TestIcePeer> peers = new CopyOnWriteArrayList<>();
    private final List<TransportState> states = new CopyOnWriteArrayList<>();
    private volatile SrtpSession browserSrtp;
    /** SRTCP from the server that the browser's keys decrypt, per peer socket. */
    private final AtomicInteger rtcpAtA = new AtomicInteger();
    private final AtomicInteger rtcpAtB = new AtomicInteger();
    /** The browser's next RTP sequence number: its SRTP context carries on across the restart. */
    private int seq = 100;

    @AfterEach
    void tearDown() throws Exception {
        peers.forEach(TestIcePeer::close);
        if (dtls != null) {
            dtls.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Connects {@code t} through a fresh peer A (ICE, DTLS, SRTP) and has A publish 20 packets. */
    private TestIcePeer connectThroughA(WebRtcTransport t) throws Exception {
        dtls = new TestDtlsEndpoint(t.dtlsFingerprint(), (b, off, len) -> path.get().send(b, off, len));
        TestIcePeer a = peer("ufragA", "passwordApasswordApassw", rtcpAtA);
        t.connect(a.ufrag(), a.password(), "sha-256", dtls.fingerprint());
        a.connect(t.iceUfrag(), t.icePassword(), TIMEOUT);
        path.set(a);
        dtls.start();
        SrtpKeys keys = dtls.awaitKeys(TIMEOUT);
        browserSrtp = new SrtpSession(keys, false);
        await("transport connected", () -> t.state() == TransportState.CONNECTED);
        t.produce(ProducerLayersTest.singleStreamVp8(0)).get(5, TimeUnit.SECONDS);
        seq = sendRtp(a, seq, 20);
        await("20 packets at the producer", () -> producerPackets(t) >= 20);
        await("server RTCP decrypted at A", () -> rtcpAtA.get() > 0);
        return a;
    }

    /** The peer restarts from B with new credentials; returns B once the media pair runs through it. */
    private TestIcePeer restartThroughB(WebRtcTransport t, TestIcePeer a) throws Exception {
        String ufrag1 = t.iceUfrag();
        String pwd1 = t.icePassword();
        String fingerprint = t.dtlsFingerprint();
        TestIcePeer b = peer("ufragB", "passwordBpasswordBpassw", rtcpAtB);
        IceTransport.Credentials fresh = t.restartIce(b.ufrag(), b.password());
        assertNotEquals(ufrag1, fresh.ufrag(), "a restart must bring a new ufrag");
        assertNotEquals(pwd1, fresh.password(), "and a new password");
        assertEquals(fresh.ufrag(), t.iceUfrag(), "the answer carries the new credentials");
        assertEquals(fingerprint, t.dtlsFingerprint(), "DTLS identity unchanged");
        a.close(); // A's network is gone
        b.connect(fresh.ufrag(), fresh.password(), TIMEOUT);
        path.set(b);
        await("media pair now via B", () -> b.localAddress().equals(t.iceRemoteAddress()));
        return b;
    }

    /** SRTP both ways through {@code b} with the browser's original contexts (same keys, seq continues). */
    private void mediaFlowsThrough(WebRtcTransport t, TestIcePeer b) throws Exception {
        long before = producerPackets(t);
        seq = sendRtp(b, seq, 20);
        await("20 more packets at the producer", () -> producerPackets(t) >= before + 20);
        await("server RTCP decrypted at B", () -> rtcpAtB.get() > 0);
    }

    @Test
    void restartKeepsDtlsSrtpAndProducersWhileTheAddressChanges() throws Exception {
        server = new MediaServer("127.0.0.1", 0, null, 1);
        WebRtcTransport t = server.createRouter("room").createTransport("peer", (tr, s) -> states.add(s));
        TestIcePeer a = connectThroughA(t);
        String ufrag1 = t.iceUfrag();
        String pwd1 = t.icePassword();
        long dtlsRecords = dtlsRecords(t);

        TestIcePeer b = restartThroughB(t, a);
        mediaFlowsThrough(t, b);
        assertEquals(dtlsRecords, dtlsRecords(t), "no DTLS after the restart");
        assertEquals(1, dtls.handshakes());
        assertEquals(TransportState.CONNECTED, t.state());
        assertEquals(List.of(TransportState.CONNECTING, TransportState.CONNECTED), states,
                "the transport never left CONNECTED");
        TransportStats.Ice ice = t.stats().get(5, TimeUnit.SECONDS).ice();
        assertEquals(1, ice.restarts());
        assertEquals(t.iceUfrag(), ice.localUfrag());
        assertEquals("127.0.0.1:" + b.localAddress().getPort(), ice.remoteAddress());

        // the old credentials are refused (no success) from a fresh address
        TestIcePeer c = peer("ufragA", "passwordApasswordApassw", new AtomicInteger());
        TestStun.Message r = c.check(ufrag1, pwd1, Duration.ofMillis(500));
        assertTrue(r == null || r.type() == TestStun.BINDING_ERROR, "old ufrag accepted: " + r);
    }

    @Test
    void aRestartBringsAFailedConnectionBack() throws Exception {
        server = new MediaServer("127.0.0.1", 0, null, 1);
        WebRtcTransport t = server.createRouter("room").createTransport("peer", (tr, s) -> states.add(s));
        TestIcePeer a = connectThroughA(t);
        // what ice4j reports when consent freshness runs out (too slow to wait for in a test)
        t.router().worker().call(() -> {
            t.onIceFailed();
            return null;
        }).get(5, TimeUnit.SECONDS);
        assertEquals(TransportState.FAILED, t.state());

        TestIcePeer b = restartThroughB(t, a);
        await("connected again", () -> t.state() == TransportState.CONNECTED);
        mediaFlowsThrough(t, b);
        assertEquals(List.of(TransportState.CONNECTING, TransportState.CONNECTED, TransportState.FAILED,
                TransportState.CONNECTED), states);
        assertEquals(1, dtls.handshakes());
    }

    private TestIcePeer peer(String ufrag, String pwd, AtomicInteger rtcp) throws Exception {
        TestIcePeer p = new TestIcePeer(server.udpPort(), ufrag, pwd);
        p.onMedia((d, len) -> {
            PacketType type = PacketClassifier.classify(d, 0, len);
            if (type == PacketType.DTLS) {
                dtls.onDatagram(d, 0, len);
            } else if (type == PacketType.RTCP && browserSrtp != null) {
                PacketBuffer pb = new PacketBuffer();
                System.arraycopy(d, 0, pb.getBuffer(), 0, len);
                pb.setOffsetLength(0, len);
                if (browserSrtp.unprotectRtcp(pb) == SrtpErrorStatus.OK) {
                    rtcp.incrementAndGet();
                }
            }
        });
        peers.add(p);
        return p;
    }

    /** {@code n} protected VP8 packets on SSRC 4000 from {@code p}; returns the next sequence number. */
    private int sendRtp(TestIcePeer p, int seq, int n) throws Exception {
        PacketBuffer pb = new PacketBuffer();
        for (int i = 0; i < n; i++, seq++) {
            byte[] plain = TestRtp.packet().ssrc(4000).seq(seq).ts(seq * 3000L).payload(new byte[] {0x10, 0, 0, 0})
                    .build();
            System.arraycopy(plain, 0, pb.getBuffer(), 0, plain.length);
            pb.setOffsetLength(0, plain.length);
            assertTrue(browserSrtp.protectRtp(pb));
            p.send(pb.getBuffer(), pb.getOffset(), pb.getLength());
            Thread.sleep(5);
        }
        return seq;
    }

    private static long producerPackets(WebRtcTransport t) throws Exception {
        return t.stats().get(5, TimeUnit.SECONDS).producers().get(0).packets();
    }

    private static long dtlsRecords(WebRtcTransport t) throws Exception {
        return t.router().worker().call(t.dtlsStage::packets).get(5, TimeUnit.SECONDS);
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check c) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!c.holds()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            Thread.sleep(20);
        }
    }
}
