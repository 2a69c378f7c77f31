package dev.chorus.media.dtls;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The browser's DTLS client for tests in other packages: a BouncyCastle handshake over whatever
 * datagram path the caller supplies (e.g. a test ICE peer), yielding the browser's SRTP keys.
 */
public final class TestDtlsEndpoint implements AutoCloseable {
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final DtlsPacketTransport pipe;
    private final TestDtlsClient client;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicReference<Exception> error = new AtomicReference<>();
    private final AtomicInteger handshakes = new AtomicInteger();
    private volatile DTLSTransport transport;
    private Thread thread;

    public TestDtlsEndpoint(String expectedServerFingerprint, DtlsPacketTransport.Sender sender) {
        pipe = new DtlsPacketTransport(sender);
        client = new TestDtlsClient(new BcTlsCrypto(new SecureRandom()), certificate, expectedServerFingerprint,
                new int[] {SrtpProfile.AEAD_AES_128_GCM.id, SrtpProfile.AES_CM_128_HMAC_SHA1_80.id});
    }

    /** The fingerprint the "SDP" announces for this client. */
    public String fingerprint() {
        return certificate.sha256Fingerprint();
    }

    /** Starts the handshake on its own thread. */
    public void start() {
        handshakes.incrementAndGet();
        thread = Thread.ofPlatform().daemon(true).name("test-dtls-client").start(() -> {
            try {
                transport = new DTLSClientProtocol().connect(client, pipe);
            } catch (Exception e) {
                error.set(e);
            } finally {
                done.countDown();
            }
        });
    }

    /** A DTLS record from the server. */
    public void onDatagram(byte[] buf, int off, int len) {
        pipe.offer(buf, off, len);
    }

    /** Handshakes this client started (a restart must not need a second one). */
    public int handshakes() {
        return handshakes.get();
    }

    /** The browser's side of the SRTP keys once the handshake is done. */
    public SrtpKeys awaitKeys(Duration timeout) throws InterruptedException, IOException {
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("DTLS handshake did not finish within " + timeout);
        }
        if (error.get() != null) {
            throw new IOException("DTLS handshake failed", error.get());
        }
        return client.keys();
    }

    @Override
    public void close() throws InterruptedException {
        DTLSTransport t = transport;
        if (t != null) {
            try {
                t.close();
            } catch (IOException ignored) {
                // test teardown
            }
        }
        pipe.close();
        if (thread != null) {
            thread.interrupt();
            thread.join(5000);
        }
    }
}
