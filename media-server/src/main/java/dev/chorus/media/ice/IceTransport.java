package dev.chorus.media.ice;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's ICE on the shared media port, across ICE restarts (RFC 8445 §9). Each set of local
 * credentials is one {@link IceAgent} generation. A restart starts a new generation beside the
 * current one: media keeps using the current pair until the new generation connects, then the old
 * one is freed, so its ufrag is no longer accepted and its addresses are unmapped. Datagrams from
 * either generation reach the same listener, so DTLS and SRTP above never notice the switch.
 */
public final class IceTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IceTransport.class);
    /** See {@link #onForeignUfrag}. */
    static final long EARLY_RETIREMENT_DELAY_MS = 2000;

    public interface Listener {
        /** A non-STUN datagram from the peer; the callee owns {@code buffer} and must {@link #release} it. */
        void onDatagram(Buffer buffer);

        /** A generation connected (the first one, or a restart's): media now flows via {@code remote}. */
        void onConnected(SocketAddress remote);

        /** The newest generation failed (an older one failing during a restart is not reported). */
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
    /** Carries media: the generation that connected last, or the first one. */
    private volatile IceAgent current;
    /** A restart's generation until it connects, else null. */
    private volatile IceAgent next;
    private volatile boolean closed;
    /** Guarded by this: the restart generation whose predecessor is due to retire early. */
    private IceAgent retirementScheduled;

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

    /** The generation the peer should use: the restart's while one is pending. */
    private IceAgent newest() {
        IceAgent n = next;
        return n != null ? n : current;
    }

    /** The credentials of the newest generation (what the next answer carries). */
    public Credentials localCredentials() {
        IceAgent a = newest();
        return new Credentials(a.localUfrag(), a.localPassword());
    }

    public String localUfrag() {
        return newest().localUfrag();
    }

    public String localPassword() {
        return newest().localPassword();
    }

    /** Whether the generation carrying media has a connection. */
    public boolean isConnected() {
        return current.isConnected();
    }

    /** Number of generations so far (1 + restarts). */
    public synchronized int generations() {
        return generations;
    }

    /** Sets the peer's credentials on the newest generation and starts its checks; idempotent. */
    public synchronized void start(String remoteUfrag, String remotePassword) {
        newest().start(remoteUfrag, remotePassword);
    }

    /**
     * ICE restart: a new generation with fresh local credentials checks against the peer's new ones.
     * The current generation keeps carrying media until the new one connects; a previous restart that
     * has not connected yet is abandoned.
     */
    public Credentials restart(String remoteUfrag, String remotePassword) throws IOException {
        IceAgent fresh = newAgent();
        IceAgent abandoned;
        synchronized (this) {
            if (closed) {
                fresh.close();
                throw new IOException(name + ": ICE transport closed");
            }
            abandoned = next;
            next = fresh;
            fresh.start(remoteUfrag, remotePassword);
        }
        if (abandoned != null) {
            abandoned.close();
        }
        LOG.info("{}: ICE restart, {} checks with ufrag {}", name, fresh.name(), fresh.localUfrag());
        return new Credentials(fresh.localUfrag(), fresh.localPassword());
    }

    /**
     * Adds a trickled or signalled remote candidate to the newest generation. mDNS (.local) and TCP
     * candidates are skipped: we cannot resolve the former, and the browser's checks reach us as
     * peer-reflexive anyway.
     */
    public boolean addRemoteCandidate(String address, int port, String transport, String type, long priority,
                                      String foundation) {
        return newest().addRemoteCandidate(address, port, transport, type, priority, foundation);
    }

    public void send(byte[] buf, int off, int len) throws IOException {
        current.send(buf, off, len);
    }

    public InetSocketAddress remoteAddress() {
        return current.remoteAddress();
    }

    /** The restart's generation connected: it carries media from now on, the old one goes. */
    private void onConnected(IceAgent agent) {
        IceAgent retired = null;
        synchronized (this) {
            if (agent == next) {
                retired = current;
                current = agent;
                next = null;
                retirementScheduled = null;
            } else if (agent != current) {
                return; // abandoned or retired meanwhile
            }
        }
        if (retired != null) {
            retired.close();
            LOG.info("{}: ICE restart complete, {} retired", name, retired.name());
        }
        listener.onConnected(agent.remoteAddress());
    }

    private void onFailed(IceAgent agent) {
        if (agent != newest()) {
            LOG.debug("{}: {} failed while a newer generation exists", name, agent.name());
            return;
        }
        listener.onFailed();
    }

    /**
     * A check for the restart's ufrag reached the current generation: the port maps each remote
     * address to one agent, and this one owns the address. Browsers do this from their old sockets
     * while their new ones check the new generation, which usually connects within a round trip or
     * two; a peer that restarts from its only socket would never reach it. So unless the restart has
     * connected within {@link #EARLY_RETIREMENT_DELAY_MS}, retire the old generation then: its
     * addresses are unmapped and the peer's next retransmission reaches the new one (media pauses
     * until it connects).
     *
     * <p>Limitation (ice4j 3.2): freeing an agent closes each of its per-address sockets more than
     * once, partly on ice4j's own threads, and every close unmaps the address whoever owns it by then.
     * A check that reaches the new agent in between is answered, but the address is lost again and
     * the new pair never validates; the peer's next restart (after ICE fails) starts clean.
     */
    private void onForeignUfrag(IceAgent agent, String ufrag) {
        IceAgent restart;
        synchronized (this) {
            restart = next;
            if (agent != current || restart == null || !ufrag.equals(restart.localUfrag())
                    || retirementScheduled == restart) {
                return;
            }
            retirementScheduled = restart;
        }
        CompletableFuture.runAsync(() -> retireEarly(agent, restart),
                CompletableFuture.delayedExecutor(EARLY_RETIREMENT_DELAY_MS, TimeUnit.MILLISECONDS));
    }

    private void retireEarly(IceAgent old, IceAgent restart) {
        synchronized (this) {
            if (closed || old != current || next != restart) {
                return; // the restart connected (or was abandoned) meanwhile
            }
            current = next;
            next = null;
            retirementScheduled = null;
        }
        old.close();
        LOG.info("{}: the restart has not connected but the peer checks it from an address of {}: retired",
                name, old.name());
    }

    @Override
    public void close() {
        IceAgent c;
        IceAgent n;
        synchronized (this) {
            closed = true;
            c = current;
            n = next;
            next = null;
        }
        c.close();
        if (n != null) {
            n.close();
        }
    }

    private final class Events implements IceAgent.Events {
        @Override
        public void onDatagram(Buffer buffer) {
            listener.onDatagram(buffer);
        }

        @Override
        public void onConnected(IceAgent agent) {
            IceTransport.this.onConnected(agent);
        }

        @Override
        public void onFailed(IceAgent agent) {
            IceTransport.this.onFailed(agent);
        }

        @Override
        public void onForeignUfrag(IceAgent agent, String ufrag) {
            IceTransport.this.onForeignUfrag(agent, ufrag);
        }
    }
}
