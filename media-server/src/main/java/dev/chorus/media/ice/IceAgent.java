package dev.chorus.media.ice;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One generation of a peer's ICE: an ice4j agent with its own local ufrag/pwd on the shared media
 * port, in the controlled role (the browser offers, so it controls), one component (BUNDLE +
 * rtcp-mux), consent freshness on. ice4j cannot change an agent's credentials, so an ICE restart
 * is a new generation ({@link IceTransport}).
 */
final class IceAgent {
    private static final Logger LOG = LoggerFactory.getLogger(IceAgent.class);

    interface Events {
        /** A non-STUN datagram from the peer; the callee owns {@code buffer}. */
        void onDatagram(Buffer buffer);

        void onConnected(IceAgent agent);

        void onFailed(IceAgent agent);
    }

    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final Events events;
    private final String name;
    private volatile boolean connected;
    private volatile boolean closed;
    private final AtomicBoolean unmapped = new AtomicBoolean();

    IceAgent(MediaPort port, String name, Events events) throws IOException {
        this.name = name;
        this.events = events;
        agent = new Agent();
        agent.setControlling(false);
        agent.setUseDynamicPorts(false);
        agent.setPerformConsentFreshness(true);
        for (SinglePortUdpHarvester h : port.harvesters()) {
            agent.addCandidateHarvester(h);
        }
        stream = agent.createMediaStream("media");
        try {
            component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
        } catch (IOException | RuntimeException e) {
            agent.free();
            throw e;
        }
        component.setBufferCallback(events::onDatagram);
        agent.addStateChangeListener(this::onStateChange);
    }

    String name() {
        return name;
    }

    String localUfrag() {
        return agent.getLocalUfrag();
    }

    String localPassword() {
        return agent.getLocalPassword();
    }

    boolean isConnected() {
        return connected;
    }

    /** Sets the peer's credentials and starts checks (candidates may trickle in later). */
    void start(String remoteUfrag, String remotePassword) {
        stream.setRemoteUfrag(remoteUfrag);
        stream.setRemotePassword(remotePassword);
        if (!agent.isStarted()) {
            agent.startConnectivityEstablishment();
        }
    }

    /** See {@link IceTransport#addRemoteCandidate}. */
    boolean addRemoteCandidate(String address, int port, String transport, String type, long priority,
                               String foundation) {
        if (address == null || address.endsWith(".local") || !"udp".equalsIgnoreCase(transport)) {
            return false;
        }
        try {
            InetAddress ip = InetAddress.getByName(address);
            CandidateType ct = CandidateType.parse(type);
            RemoteCandidate rc = new RemoteCandidate(new TransportAddress(ip, port, Transport.UDP), component, ct,
                    foundation, priority, null);
            component.addUpdateRemoteCandidates(rc);
            component.updateRemoteCandidates();
            return true;
        } catch (Exception e) {
            LOG.debug("{}: ignoring remote candidate {}:{} ({})", name, address, port, e.toString());
            return false;
        }
    }

    void send(byte[] buf, int off, int len) throws IOException {
        component.send(buf, off, len);
    }

    InetSocketAddress remoteAddress() {
        var pair = component.getSelectedPair();
        return pair == null ? null : pair.getRemoteCandidate().getTransportAddress();
    }

    private void onStateChange(PropertyChangeEvent ev) {
        if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(ev.getPropertyName()) || closed) {
            return;
        }
        IceProcessingState state = (IceProcessingState) ev.getNewValue();
        LOG.debug("{}: ICE {}", name, state);
        if (state.isEstablished() && !connected) {
            connected = true;
            events.onConnected(this);
        } else if (state == IceProcessingState.FAILED) {
            connected = false;
            // ice4j still maps new addresses that check a failed agent's ufrag, to a socket nobody
            // reads (the agent refuses them): such an address could never reach a restart. Unmapped,
            // the port drops those checks instead. Not on ice4j's thread: it may hold agent locks.
            Thread.ofVirtual().name("ice-unmap-" + name).start(this::unmap);
            events.onFailed(this);
        }
    }

    /**
     * Stops delivering datagrams and unmaps the agent from the port before returning: its ufrag
     * leaves the port's table and its addresses' sockets are closed, back to back (ice4j closes each
     * several times and every close unmaps the address, whoever owns it by then). The rest of the
     * agent is freed on a virtual thread.
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        connected = false;
        component.setBufferCallback(IceTransport::release);
        unmap();
        Thread.ofVirtual().name("ice-free-" + name).start(agent::free);
    }

    /** Frees the stream first: ice4j then closes each address's sockets back to back. */
    private void unmap() {
        if (unmapped.compareAndSet(false, true)) {
            agent.removeStream(stream);
        }
    }
}
