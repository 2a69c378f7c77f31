package dev.chorus.media.ice;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's ICE on the shared media port, across ICE restarts (RFC 8445 §9). Each set of local
 * credentials is one {@link IceAgent} generation; a restart replaces the generation. Datagrams of
 * every generation reach the same listener, so DTLS and SRTP above never notice the switch.
 *
 * <p>The old generation is unmapped from the port before the restart's answer can reach the peer,
 * so media pauses until the new generation connects (a round trip or two) instead of continuing on
 * the old pair meanwhile. Keeping the old agent until then is not safe with ice4j's single-port
 * demultiplexing: each remote address belongs to the one agent it first checked (browsers check
 * their new sockets with the old credentials until the answer arrives, so the old agent takes them),
 * and freeing an agent unmaps its addresses once per socket close, several closes apart, so an
 * address that meanwhile checks the new agent is unmapped again and never validates there.
 */
public final class IceTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IceTransport.class);

    public interface Listener {
        /** A non-STUN datagram from the peer; the callee owns {@code buffer} and must {@link #release} it. */
        void onDatagram(Buffer buffer);

        /** A generation connected (the first one, or a restart's): media now flows via {@code remote}. */
        void onConnected(SocketAddress remote);

        /** The current generation failed (ICE or consent freshness); a restart may recover. */
        void onFailed();
    }

    /** Local ICE credentials, as the answer's {@code a=ice-ufrag} / {@code a=ice-pwd}. */
    public record Credentials(String ufrag, String password) {}

    private final MediaPort port;
    private final String name;
    private final Listener listener;
    private final IceAgent.Events events = new Events();
    /** Guarded by this. */
    private int generations;
    private volatile IceAgent current;
    private volatile boolean closed;

    public IceTransport(MediaPort port, String name, Listener listener) throws IOException {
        this.port = port;
        this.name = name;
        this.listener = listener;
        this.current = newAgent();
    }

    public static void release(Buffer buffer) {
        BufferPool.returnBuffer.invoke(buffer);
    }

    private synchronized IceAgent newAgent() throws IOException {
        return new IceAgent(port, name + "/ice" + generations++, events);
    }

    /** The current generation's credentials (what the answer carries). */
    public Credentials localCredentials() {
        IceAgent a = current;
        return new Credentials(a.localUfrag(), a.localPassword());
    }

    public String localUfrag() {
        return current.localUfrag();
    }

    public String localPassword() {
        return current.localPassword();
    }

    public boolean isConnected() {
        return current.isConnected();
    }

    /** Number of generations so far (1 + restarts). */
    public synchronized int generations() {
        return generations;
    }

    /** Sets the peer's credentials on the current generation and starts its checks; idempotent. */
    public synchronized void start(String remoteUfrag, String remotePassword) {
        current.start(remoteUfrag, remotePassword);
    }

    /**
     * ICE restart: a new generation with fresh local credentials checks against the peer's new ones;
     * the old one is unmapped before this returns (its ufrag gets no answer, its addresses are free
     * for the new generation), so call it before sending the answer.
     */
    public Credentials restart(String remoteUfrag, String remotePassword) throws IOException {
        IceAgent fresh = newAgent();
        IceAgent old;
        synchronized (this) {
            if (closed) {
                fresh.close();
                throw new IOException(name + ": ICE transport closed");
            }
            old = current;
            current = fresh;
            fresh.start(remoteUfrag, remotePassword);
        }
        old.close();
        LOG.info("{}: ICE restart, {} retired, {} checks with ufrag {}", name, old.name(), fresh.name(),
                fresh.localUfrag());
        return new Credentials(fresh.localUfrag(), fresh.localPassword());
    }

    /**
     * Adds a trickled or signalled remote candidate to the current generation. mDNS (.local) and TCP
     * candidates are skipped: we cannot resolve the former, and the browser's checks reach us as
     * peer-reflexive anyway.
     */
    public boolean addRemoteCandidate(String address, int port, String transport, String type, long priority,
                                      String foundation) {
        return current.addRemoteCandidate(address, port, transport, type, priority, foundation);
    }

    public void send(byte[] buf, int off, int len) throws IOException {
        current.send(buf, off, len);
    }

    public InetSocketAddress remoteAddress() {
        return current.remoteAddress();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        current.close();
    }

    /** Events of retired generations are ignored (their datagrams were in flight: still delivered). */
    private final class Events implements IceAgent.Events {
        @Override
        public void onDatagram(Buffer buffer) {
            listener.onDatagram(buffer);
        }

        @Override
        public void onConnected(IceAgent agent) {
            if (agent == current) {
                listener.onConnected(agent.remoteAddress());
            }
        }

        @Override
        public void onFailed(IceAgent agent) {
            if (agent == current) {
                listener.onFailed();
            }
        }
    }
}
