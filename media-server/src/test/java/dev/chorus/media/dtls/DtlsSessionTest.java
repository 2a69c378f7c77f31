package dev.chorus.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Full in-process DTLS-SRTP handshakes between a BouncyCastle client (the "browser") and the
 * production {@link DtlsSession}, connected by in-memory datagram pipes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsSessionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int[] BOTH = {SrtpProfile.AES_CM_128_HMAC_SHA1_80.id, SrtpProfile.AEAD_AES_128_GCM.id};
    private static final int[] CM_ONLY = {SrtpProfile.AES_CM_128_HMAC_SHA1_80.id};

    private static DtlsCertificate serverCert;
    private static DtlsCertificate clientCert;

    private Harness h;

    @BeforeAll
    static void certs() {
        serverCert = DtlsCertificate.generate();
        clientCert = DtlsCertificate.generate();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (h != null) {
            h.close();
        }
    }

    // ---- positive ----

    @Test
    void handshakeCompletesWithGcmWhenOfferedAndKeysMirror() throws Exception {
        h = new Harness(clientCert, clientCert.sha256Fingerprint(), BOTH);
        h.start();
        SrtpKeys server = h.awaitServerKeys();
        h.awaitClient();
        assertNull(h.clientError.get(), () -> "client failed: " + h.clientError.get());
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, server.profile(), "GCM is preferred when offered");
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, h.client.chosenProfile());
        assertMirrored(server, h.client.keys());
        assertEquals(serverCert.sha256Fingerprint(), h.client.serverFingerprint());
        assertEquals(0, h.listener.failed.get());
    }

    @Test
    void handshakeFallsBackToCmSha1WhenOnlyItIsOffered() throws Exception {
        h = new Harness(clientCert, clientCert.sha256Fingerprint(), CM_ONLY);
        h.start();
        SrtpKeys server = h.awaitServerKeys();
        h.awaitClient();
        assertNull(h.clientError.get(), () -> "client failed: " + h.clientError.get());
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, server.profile());
        assertEquals(14, server.localSalt().length);
        assertMirrored(server, h.client.keys());
    }

    @Test
    void fingerprintComparisonIsCaseInsensitiveAndSupportsOtherHashes() throws Exception {
        String sha1Lower = DtlsCertificate.fingerprint("sha-1", clientCert.der()).toLowerCase();
        h = new Harness(clientCert, "SHA-1", sha1Lower, BOTH);
        h.start();
        assertMirrored(h.awaitServerKeys(), awaitClientKeys(h));
    }

    @Test
    void closeAfterHandshakeReportsClosedNotFailed() throws Exception {
        h = new Harness(clientCert, clientCert.sha256Fingerprint(), BOTH);
        h.start();
        h.awaitServerKeys();
        h.awaitClient();
        h.session.close();
        assertTrue(h.listener.closed.await(10, TimeUnit.SECONDS), "onClosed after close()");
        assertEquals(0, h.listener.failed.get());
        assertFalse(h.session.onPacket(new byte[20], 0, 20), "a closed session takes no packets");
    }

    @Test
    void peerCloseNotifyEndsTheSessionAsClosed() throws Exception {
        h = new Harness(clientCert, clientCert.sha256Fingerprint(), BOTH);
        h.start();
        h.awaitServerKeys();
        h.awaitClient();
        assertNotNull(h.clientTransport);
        h.clientTransport.close(); // sends close_notify
        assertTrue(h.listener.closed.await(15, TimeUnit.SECONDS), "close_notify from the peer ends the session");
        assertEquals(0, h.listener.failed.get());
    }

    // ---- negative ----

    @Test
    void clientCertificateNotMatchingSdpFingerprintFails() throws Exception {
        DtlsCertificate impostor = DtlsCertificate.generate();
        long failuresBefore = DtlsSession.failures();
        // the server expects clientCert's fingerprint, but the client presents another certificate
        h = new Harness(impostor, clientCert.sha256Fingerprint(), BOTH);
        h.start();
        assertTrue(h.listener.failedLatch.await(20, TimeUnit.SECONDS), "server must report onFailed");
        assertFalse(h.listener.connectedLatch.await(500, TimeUnit.MILLISECONDS), "server must never connect");
        assertNull(h.listener.keys.get());
        assertTrue(DtlsSession.failures() > failuresBefore);
        h.awaitClient();
        assertNull(h.client.keys(), "client must not complete either");
        assertNotNull(h.clientError.get());
    }

    @Test
    void clientWithoutUseSrtpFails() throws Exception {
        h = new Harness(clientCert, clientCert.sha256Fingerprint(), null);
        h.start();
        assertTrue(h.listener.failedLatch.await(20, TimeUnit.SECONDS), "server must report onFailed");
        assertFalse(h.listener.connectedLatch.await(500, TimeUnit.MILLISECONDS), "server must never connect");
        h.awaitClient();
        assertNull(h.client.keys());
    }

    @Test
    void clientOfferingOnlyUnknownProfilesFails() throws Exception {
        // SRTP_AES128_CM_HMAC_SHA1_32 (0x0002) and SRTP_NULL_HMAC_SHA1_80 (0x0005): neither is supported
        h = new Harness(clientCert, clientCert.sha256Fingerprint(), new int[] {0x0002, 0x0005});
        h.start();
        assertTrue(h.listener.failedLatch.await(20, TimeUnit.SECONDS), "server must report onFailed");
        assertFalse(h.listener.connectedLatch.await(500, TimeUnit.MILLISECONDS));
    }

    // ---- helpers ----

    private static SrtpKeys awaitClientKeys(Harness h) throws InterruptedException {
        h.awaitClient();
        assertNull(h.clientError.get(), () -> "client failed: " + h.clientError.get());
        return h.client.keys();
    }

    private static void assertMirrored(SrtpKeys server, SrtpKeys client) {
        assertNotNull(server);
        assertNotNull(client);
        assertEquals(server.profile(), client.profile());
        assertEquals(server.profile().keyLength, server.localKey().length);
        assertEquals(server.profile().saltLength, server.localSalt().length);
        assertArrayEquals(server.localKey(), client.remoteKey());
        assertArrayEquals(server.localSalt(), client.remoteSalt());
        assertArrayEquals(server.remoteKey(), client.localKey());
        assertArrayEquals(server.remoteSalt(), client.localSalt());
        assertFalse(java.util.Arrays.equals(server.localKey(), server.remoteKey()), "two directions, two keys");
    }

    static final class RecordingListener implements DtlsSession.Listener {
        final AtomicReference<SrtpKeys> keys = new AtomicReference<>();
        final CountDownLatch connectedLatch = new CountDownLatch(1);
        final CountDownLatch failedLatch = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicInteger failed = new AtomicInteger();
        final AtomicReference<Exception> failure = new AtomicReference<>();

        @Override
        public void onConnected(SrtpKeys k) {
            keys.set(k);
            connectedLatch.countDown();
        }

        @Override
        public void onFailed(Exception cause) {
            failure.set(cause);
            failed.incrementAndGet();
            failedLatch.countDown();
        }

        @Override
        public void onClosed() {
            closed.countDown();
        }
    }

    static final class Harness {
        /** The client's end of the pipe: the production adapter, fed by the server's sender. */
        final DtlsPacketTransport pipe;
        final RecordingListener listener = new RecordingListener();
        final DtlsSession session;
        final TestDtlsClient client;
        final AtomicReference<Exception> clientError = new AtomicReference<>();
        final CountDownLatch clientDone = new CountDownLatch(1);
        volatile DTLSTransport clientTransport;
        Thread clientThread;

        Harness(DtlsCertificate presented, String expectedFingerprint, int[] offered) {
            this(presented, "sha-256", expectedFingerprint, offered);
        }

        Harness(DtlsCertificate presented, String algorithm, String expectedFingerprint, int[] offered) {
            pipe = new DtlsPacketTransport(this::toServer);
            session = new DtlsSession("test", serverCert, algorithm, expectedFingerprint,
                    (buf, off, len) -> pipe.offer(buf, off, len), listener);
            client = new TestDtlsClient(new BcTlsCrypto(RANDOM), presented, serverCert.sha256Fingerprint(), offered);
        }

        private void toServer(byte[] buf, int off, int len) {
            session.onPacket(buf, off, len);
        }

        void start() {
            session.start();
            clientThread = Thread.ofPlatform().name("dtls-test-client").daemon(true).start(() -> {
                try {
                    clientTransport = new DTLSClientProtocol().connect(client, pipe);
                } catch (Exception e) {
                    clientError.set(e);
                } finally {
                    clientDone.countDown();
                }
            });
        }

        SrtpKeys awaitServerKeys() throws InterruptedException {
            assertTrue(listener.connectedLatch.await(20, TimeUnit.SECONDS),
                    () -> "server did not connect; failure=" + listener.failure.get());
            return listener.keys.get();
        }

        void awaitClient() throws InterruptedException {
            assertTrue(clientDone.await(20, TimeUnit.SECONDS), "client handshake thread did not finish");
        }

        void close() throws InterruptedException {
            session.close();
            DTLSTransport t = clientTransport;
            if (t != null) {
                try {
                    t.close();
                } catch (IOException ignored) {
                    // test teardown
                }
            }
            pipe.close();
            if (clientThread != null) {
                clientThread.interrupt();
                clientThread.join(5000);
            }
        }
    }
}
