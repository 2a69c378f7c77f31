package dev.chorus.media.dtls;

import dev.chorus.media.srtp.SrtpKeys;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's DTLS server session. The handshake blocks, so it runs on its own virtual thread; after
 * it, the thread keeps reading so that retransmitted client flights are answered and close_notify
 * is seen.
 */
public final class DtlsSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong FAILURES = new AtomicLong();

    public interface Listener {
        void onConnected(SrtpKeys keys);

        void onFailed(Exception cause);

        void onClosed();
    }

    private final DtlsPacketTransport transport;
    private final DtlsServer server;
    private final Listener listener;
    private final String name;
    private volatile Thread thread;
    private volatile DTLSTransport dtls;
    private volatile boolean closed;

    public DtlsSession(String name, DtlsCertificate certificate, String remoteFingerprintAlgorithm,
                       String remoteFingerprint, DtlsPacketTransport.Sender sender, Listener listener) {
        this.name = name;
        this.transport = new DtlsPacketTransport(sender);
        this.server = new DtlsServer(new BcTlsCrypto(RANDOM), certificate, remoteFingerprintAlgorithm, remoteFingerprint);
        this.listener = listener;
    }

    /** Total failed handshakes in this process (bad fingerprint, timeouts, protocol errors). */
    public static long failures() {
        return FAILURES.get();
    }

    public synchronized void start() {
        if (thread == null && !closed) {
            thread = Thread.ofVirtual().name("dtls-" + name).start(this::run);
        }
    }

    /** Hands a received DTLS record to the session; false if it had to be dropped. */
    public boolean onPacket(byte[] buf, int off, int len) {
        return !closed && transport.offer(buf, off, len);
    }

    private void run() {
        try {
            DTLSServerProtocol protocol = new DTLSServerProtocol();
            dtls = protocol.accept(server, transport);
            listener.onConnected(server.keys());
            byte[] buf = new byte[2048];
            int fastEmpty = 0;
            while (!closed) {
                // no application data is expected (no data channels yet); this drives retransmissions
                long t0 = System.nanoTime();
                int n = dtls.receive(buf, 0, buf.length, 1000);
                fastEmpty = n < 0 && System.nanoTime() - t0 < 10_000_000L ? fastEmpty + 1 : 0;
                if (fastEmpty > 50) {
                    break; // the record layer is closed (close_notify): nothing more to serve
                }
            }
        } catch (Exception e) {
            // the peer's close_notify makes the record layer close our transport; the next read
            // then ends here, which is an orderly close rather than a failure
            boolean peerClosed = dtls != null && e instanceof DtlsPacketTransport.ClosedException;
            if (!closed && !peerClosed) {
                FAILURES.incrementAndGet();
                LOG.warn("DTLS {} failed: {}", name, e.toString());
                listener.onFailed(e);
                return;
            }
        }
        listener.onClosed();
    }

    @Override
    public void close() {
        closed = true;
        DTLSTransport t = dtls;
        if (t != null) {
            try {
                t.close();
            } catch (IOException ignored) {
                // the peer may be gone already
            }
        }
        transport.close();
        Thread th = thread;
        if (th != null) {
            th.interrupt();
        }
    }
}
