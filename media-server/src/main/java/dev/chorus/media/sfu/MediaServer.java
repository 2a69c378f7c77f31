package dev.chorus.media.sfu;

import dev.chorus.media.dtls.DtlsCertificate;
import dev.chorus.media.ice.MediaPort;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The media core's entry point: the shared UDP port, the DTLS identity, the worker threads, and
 * the routers (one per room) pinned round-robin onto the workers.
 */
public final class MediaServer implements AutoCloseable {
    private final MediaPort port;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final List<MediaWorker> workers = new ArrayList<>();
    private final Map<String, Router> routers = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    public MediaServer(String bindAddress, int udpPort, String publicAddress, int workerCount) throws IOException {
        this.port = new MediaPort(bindAddress, udpPort, publicAddress);
        for (int i = 0; i < Math.max(1, workerCount); i++) {
            workers.add(new MediaWorker("media-worker-" + i));
        }
    }

    public MediaPort mediaPort() {
        return port;
    }

    public int udpPort() {
        return port.port();
    }

    public List<InetAddress> advertisedAddresses() {
        return port.advertisedAddresses();
    }

    public DtlsCertificate certificate() {
        return certificate;
    }

    public Router createRouter(String id) {
        return routers.computeIfAbsent(id,
                k -> new Router(k, this, workers.get(Math.floorMod(next.getAndIncrement(), workers.size()))));
    }

    public Router router(String id) {
        return routers.get(id);
    }

    void onRouterClosed(Router r) {
        routers.remove(r.id(), r);
    }

    public long workerQueueDrops() {
        return workers.stream().mapToLong(MediaWorker::queueDrops).sum();
    }

    @Override
    public void close() {
        for (Router r : List.copyOf(routers.values())) {
            r.close();
        }
        port.close();
        for (MediaWorker w : workers) {
            w.close();
        }
    }
}
