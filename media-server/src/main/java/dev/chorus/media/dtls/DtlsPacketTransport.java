package dev.chorus.media.dtls;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Adapts the ICE connection to BouncyCastle's blocking {@link DatagramTransport}: received DTLS
 * records are queued by the media thread, the handshake thread takes them.
 */
public final class DtlsPacketTransport implements DatagramTransport {
    /** Records smaller than a typical path MTU after IP/UDP overhead; browsers use 1200 too. */
    static final int MTU = 1200;

    public interface Sender {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    /**
     * Thrown by {@link #receive} once the transport is closed. After a completed handshake this only
     * happens when the record layer closed it on the peer's close_notify (or we closed it), which
     * is an orderly end, not a failure.
     */
    static final class ClosedException extends IOException {
        ClosedException() {
            super("closed");
        }
    }

    private final BlockingQueue<byte[]> incoming = new ArrayBlockingQueue<>(64);
    private final Sender sender;
    private volatile boolean closed;

    DtlsPacketTransport(Sender sender) {
        this.sender = sender;
    }

    /** Called from the media thread; drops (returns false) when the handshake thread lags far behind. */
    boolean offer(byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        return incoming.offer(copy);
    }

    @Override
    public int getReceiveLimit() {
        return 1500;
    }

    @Override
    public int getSendLimit() {
        return MTU;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new ClosedException();
        }
        try {
            byte[] p = incoming.poll(waitMillis, TimeUnit.MILLISECONDS);
            if (p == null) {
                if (closed) {
                    throw new ClosedException();
                }
                return -1;
            }
            int n = Math.min(len, p.length);
            System.arraycopy(p, 0, buf, off, n);
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketTimeoutException("interrupted");
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        sender.send(buf, off, len);
    }

    @Override
    public void close() {
        closed = true;
    }
}
