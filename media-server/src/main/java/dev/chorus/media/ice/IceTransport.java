package dev.chorus.media.ice;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
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
import org.ice4j.util.BufferPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's ICE agent on the shared media port: a full agent in the controlled role (the browser
 * offers, so it controls), one component (BUNDLE + rtcp-mux), consent freshness on.
 */
public final class IceTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IceTransport.class);

    public interface Listener {
        /** A non-STUN datagram from the peer; the callee owns {@code buffer} and must {@link #release} it. */
        void onDatagram(Buffer buffer);

        void onConnected(SocketAddress remote);

        void onFailed();
    }

    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final Listener listener;
    private final String name;
    private volatile boolean connected;

    public IceTransport(MediaPort port, String name, Listener listener) throws IOException {
        this.name = name;
        this.listener = listener;
        agent = new Agent();
        agent.setControlling(false);
        agent.setUseDynamicPorts(false);
        agent.setPerformConsentFreshness(true);
        for (SinglePortUdpHarvester h : port.harvesters()) {
            agent.addCandidateHarvester(h);
        }
        stream = agent.createMediaStream("media");
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
        component.setBufferCallback(listener::onDatagram);
        agent.addStateChangeListener(this::onStateChange);
    }

    public static void release(Buffer buffer) {
        BufferPool.returnBuffer.invoke(buffer);
    }

    public String localUfrag() {
        return agent.getLocalUfrag();
    }

    public String localPassword() {
        return agent.getLocalPassword();
    }

    public boolean isConnected() {
        return connected;
    }

    /** Sets the peer's credentials and starts checks (candidates may trickle in later). */
    public void start(String remoteUfrag, String remotePassword) {
        stream.setRemoteUfrag(remoteUfrag);
        stream.setRemotePassword(remotePassword);
        if (!agent.isStarted()) {
            agent.startConnectivityEstablishment();
        }
    }

    /**
     * Adds a trickled or signalled remote candidate. mDNS (.local) and TCP candidates are skipped:
     * we cannot resolve the former, and the browser's checks reach us as peer-reflexive anyway.
     */
    public boolean addRemoteCandidate(String address, int port, String transport, String type, long priority,
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

    public void send(byte[] buf, int off, int len) throws IOException {
        component.send(buf, off, len);
    }

    public InetSocketAddress remoteAddress() {
        var pair = component.getSelectedPair();
        return pair == null ? null : pair.getRemoteCandidate().getTransportAddress();
    }

    private void onStateChange(PropertyChangeEvent ev) {
        if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(ev.getPropertyName())) {
            return;
        }
        IceProcessingState state = (IceProcessingState) ev.getNewValue();
        LOG.debug("{}: ICE {}", name, state);
        if (state.isEstablished() && !connected) {
            connected = true;
            listener.onConnected(remoteAddress());
        } else if (state == IceProcessingState.FAILED) {
            connected = false;
            listener.onFailed();
        }
    }

    @Override
    public void close() {
        component.setBufferCallback(IceTransport::release);
        agent.free();
    }
}
