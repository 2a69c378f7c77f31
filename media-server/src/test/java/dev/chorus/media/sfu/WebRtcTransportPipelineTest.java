package dev.chorus.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.ice4j.util.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The receive pipeline must drop whatever a peer (or the network) throws at it, count it in the
 * right stage, and never throw on the worker thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebRtcTransportPipelineTest {
    private final Random random = new Random(7);
    private final List<TransportState> states = new CopyOnWriteArrayList<>();
    private MediaServer server;
    private Router router;
    private WebRtcTransport transport;

    @BeforeEach
    void setUp() throws Exception {
        server = new MediaServer("127.0.0.1", 0, null, 1);
        router = server.createRouter("room");
        transport = router.createTransport("peer", (t, s) -> states.add(s));
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    /** Feeds datagrams where the router's worker would: on its thread, one after another. */
    private void feed(List<byte[]> datagrams) throws Exception {
        router.worker().call(() -> {
            long now = System.nanoTime();
            for (byte[] d : datagrams) {
                // at an offset inside a larger array, like a pooled receive buffer
                byte[] pooled = new byte[d.length + 32];
                System.arraycopy(d, 0, pooled, 16, d.length);
                transport.receive(pooled, 16, d.length, now);
            }
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    private long[] snapshot() throws Exception {
        return router.worker().call(() -> {
            List<StageCounters> s = transport.stages();
            long[] out = new long[s.size() * 2];
            for (int i = 0; i < s.size(); i++) {
                out[2 * i] = s.get(i).packets();
                out[2 * i + 1] = s.get(i).drops();
            }
            return out;
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void stagesAreNamedAndStartAtZero() throws Exception {
        assertEquals(List.of("classify", "dtls", "srtp-unprotect", "rtp-parse+forward", "rtcp", "send"),
                transport.stages().stream().map(StageCounters::name).toList());
        for (long v : snapshot()) {
            assertEquals(0, v);
        }
    }

    @Test
    void unclassifiableDatagramsAreDroppedAsGarbage() throws Exception {
        List<byte[]> junk = new ArrayList<>();
        junk.add(new byte[0]);
        junk.add(new byte[] {(byte) 0x80});                       // 1 byte of "RTP"
        junk.add(new byte[] {(byte) 0x80, 96, 0, 1, 0});          // truncated RTP header
        junk.add(new byte[] {(byte) 0x81, (byte) 201, 0});        // truncated RTCP
        junk.add(new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0});   // truncated DTLS record header
        byte[] stun = new byte[20];                                // STUN binding request lookalike
        stun[1] = 0x01;
        stun[4] = 0x21;
        stun[5] = 0x12;
        stun[6] = (byte) 0xA4;
        stun[7] = 0x42;
        junk.add(stun);
        byte[] stunJunk = randomBytes(90);
        stunJunk[0] = 0x01;
        junk.add(stunJunk);
        for (int first : new int[] {4, 19, 64, 100, 127, 192, 255}) { // outside every RFC 7983 range
            byte[] b = randomBytes(50);
            b[0] = (byte) first;
            junk.add(b);
        }
        long garbageBefore = WebRtcTransport.garbageDatagrams();
        feed(junk);
        long[] s = snapshot();
        assertEquals(0, s[0], "nothing passes classification");
        assertEquals(junk.size(), s[1], "every datagram is a classify drop");
        assertEquals(junk.size(), WebRtcTransport.garbageDatagrams() - garbageBefore);
        for (int i = 2; i < s.length; i++) {
            assertEquals(0, s[i], "later stages untouched: " + transport.stages().get(i / 2));
        }
    }

    @Test
    void mediaBeforeDtlsIsDroppedInItsStage() throws Exception {
        byte[] rtp = randomBytes(200);
        rtp[0] = (byte) 0x80;
        rtp[1] = 96;
        byte[] rtcp = randomBytes(40);
        rtcp[0] = (byte) 0x81;
        rtcp[1] = (byte) 201;
        byte[] dtls = randomBytes(60);
        dtls[0] = 22;
        long garbageBefore = WebRtcTransport.garbageDatagrams();
        feed(List.of(rtp, rtp, rtcp, dtls));
        StageCounters classify = transport.classifyStage;
        long[] s = snapshot();
        assertEquals(4, s[0], "all four classify");
        assertEquals(0, s[1]);
        assertEquals(1, s[3], "DTLS with no session yet is dropped in the dtls stage");
        assertEquals(2, s[5], "SRTP before keys: srtp stage drops");
        assertEquals(1, s[9], "SRTCP before keys: rtcp stage drops");
        assertEquals(0, s[6] + s[7], "nothing reached RTP parsing");
        assertEquals(0, WebRtcTransport.garbageDatagrams() - garbageBefore, "well-formed kinds are not garbage");
        assertTrue(classify.bytes() >= 200 + 200 + 40 + 60);
    }

    @Test
    void randomFuzzNeverThrowsAndEveryDatagramIsAccountedFor() throws Exception {
        List<byte[]> fuzz = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            byte[] b = randomBytes(random.nextInt(1500));
            if (b.length > 0 && i % 3 == 0) {
                b[0] = (byte) (0x80 | (b[0] & 0x3F)); // bias towards RTP/RTCP
            }
            fuzz.add(b);
        }
        long garbageBefore = WebRtcTransport.garbageDatagrams();
        feed(fuzz);
        long[] s = snapshot();
        assertEquals(fuzz.size(), s[0] + s[1], "each datagram is classified exactly once");
        assertEquals(s[1], WebRtcTransport.garbageDatagrams() - garbageBefore);
        assertEquals(s[0], s[2] + s[3] + s[4] + s[5] + s[8] + s[9],
                "each classified datagram ends in the dtls, srtp or rtcp stage");
        assertEquals(0, s[6] + s[7]);
        assertEquals(TransportState.NEW, transport.state());
    }

    @Test
    void junkDtlsRecordsAfterConnectReachTheSessionWithoutKillingIt() throws Exception {
        transport.connect("remoteufrag", "remotepasswordremotepassword", "sha-256",
                server.certificate().sha256Fingerprint());
        List<byte[]> junk = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] b = randomBytes(13 + random.nextInt(200));
            b[0] = (byte) (20 + random.nextInt(44));
            junk.add(b);
        }
        feed(junk);
        long[] s = snapshot();
        assertEquals(20, s[0]);
        assertEquals(20, s[2] + s[3], "every DTLS datagram is passed to or dropped by the dtls stage");
        assertTrue(s[2] > 0, "records are handed to the session");
        Thread.sleep(300);
        assertEquals(TransportState.CONNECTING, transport.state(), "junk records must not fail the handshake");
        assertEquals(List.of(TransportState.CONNECTING), states);
    }

    @Test
    void datagramsQueuedThroughTheWorkerAreProcessedAndReleased() throws Exception {
        int n = 50;
        for (int i = 0; i < n; i++) {
            byte[] b = randomBytes(100);
            b[0] = (byte) 0x40; // garbage
            assertTrue(router.worker().enqueue(transport, new Buffer(b, 0, b.length)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (snapshot()[1] < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, snapshot()[1]);
        assertEquals(0, server.workerQueueDrops());
    }

    @Test
    void closeEndsInClosedState() throws Exception {
        transport.close().get(10, TimeUnit.SECONDS);
        assertEquals(TransportState.CLOSED, transport.state());
        assertTrue(router.transports().isEmpty());
        // a datagram racing the close is still handled without throwing
        feed(List.of(new byte[] {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9, 9}));
    }

    @Test
    void closingTheServerClosesItsTransports() throws Exception {
        transport.connect("remoteufrag", "remotepasswordremotepassword", "sha-256",
                server.certificate().sha256Fingerprint());
        WebRtcTransport other = router.createTransport("peer2", (t, s) -> { });
        server.close();
        assertEquals(TransportState.CLOSED, transport.state(), "close() must not return before transports closed");
        assertEquals(TransportState.CLOSED, other.state());
        assertEquals(TransportState.CLOSED, states.get(states.size() - 1));
        assertTrue(router.transports().isEmpty());
        server = null;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
