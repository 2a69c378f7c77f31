package dev.chorus.media.ice;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;

/**
 * The one UDP port all peers share. ice4j's single-port harvester demultiplexes STUN by ufrag and
 * everything else by remote address; its push API hands us datagrams from a pool we own.
 */
public final class MediaPort implements AutoCloseable {
    private static final int BUFFER_SIZE = 1600;
    private static final ArrayBlockingQueue<Buffer> POOL = new ArrayBlockingQueue<>(8192);

    static {
        // must be set before any harvester thread starts
        AbstractUdpListener.USE_PUSH_API = true;
        BufferPool.getBuffer = size -> {
            Buffer b = size <= BUFFER_SIZE ? POOL.poll() : null;
            return b != null ? b : new Buffer(new byte[Math.max(size, BUFFER_SIZE)], 0, size);
        };
        BufferPool.returnBuffer = b -> {
            if (b.getBuffer().length == BUFFER_SIZE) {
                b.setOffset(0);
                b.setLength(0);
                POOL.offer(b);
            }
            return kotlin.Unit.INSTANCE;
        };
    }

    private final List<SinglePortUdpHarvester> harvesters;
    private final List<InetAddress> advertised;
    private final int port;

    /**
     * @param bindAddress an address to bind, or null for every usable local address
     * @param port the UDP port (0 = ephemeral, only sensible with a bind address)
     * @param publicAddress the address to advertise instead of the local ones (NAT), or null
     */
    public MediaPort(String bindAddress, int port, String publicAddress) throws IOException {
        if (bindAddress != null && !bindAddress.isBlank()) {
            InetAddress a = InetAddress.getByName(bindAddress);
            harvesters = List.of(new SinglePortUdpHarvester(new TransportAddress(a, port, Transport.UDP)));
        } else {
            harvesters = SinglePortUdpHarvester.createHarvesters(port);
            if (harvesters.isEmpty()) {
                throw new IOException("could not bind UDP port " + port + " on any local address");
            }
        }
        this.port = harvesters.get(0).getLocalAddress().getPort();
        List<InetAddress> adv = new ArrayList<>();
        if (publicAddress != null && !publicAddress.isBlank()) {
            adv.add(InetAddress.getByName(publicAddress));
        } else {
            for (SinglePortUdpHarvester h : harvesters) {
                InetAddress a = h.getLocalAddress().getAddress();
                if (!(a instanceof Inet6Address && a.isLinkLocalAddress())) {
                    adv.add(a);
                }
            }
        }
        this.advertised = List.copyOf(adv);
    }

    public int port() {
        return port;
    }

    /** Addresses to put in host candidates. */
    public List<InetAddress> advertisedAddresses() {
        return advertised;
    }

    List<SinglePortUdpHarvester> harvesters() {
        return harvesters;
    }

    @Override
    public void close() {
        for (SinglePortUdpHarvester h : harvesters) {
            h.close();
        }
    }
}
