package dev.chorus.media.sfu;

import dev.chorus.media.dtls.DtlsCertificate;
import dev.chorus.media.ice.MediaPort;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media core's entry point: the shared UDP port, the DTLS identity, the worker threads, and
 * the routers (one per room) pinned round-robin onto the workers.
 */
public final class MediaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaServer.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 5;

    private final MediaPort port;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final List<MediaWorker> workers = new ArrayList<>();
    private final Map<String, Router> routers = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile java.util.function.Supplier<dev.chorus.media.quality.RatePolicy> ratePolicies;

    public MediaServer(String bindAddress, int udpPort, String publicAddress, int workerCount) throws IOException {
        this.port = new MediaPort(bindAddress, udpPort, publicAddress);
        for (int i = 0; i < Math.max(1, workerCount); i++) {
            workers.add(new MediaWorker("media-worker-" + i));
        }
    }

    /**
     * Config {@code bwe.model}: a fresh {@link dev.chorus.media.quality.RatePolicy} for each new
     * transport (receiver link), or null (the default) for today's estimate-only allocation. Set
     * before rooms are created; transports that exist keep what they had.
     */
    public void setRatePolicies(java.util.function.Supplier<dev.chorus.media.quality.RatePolicy> policies) {
        this.ratePolicies = policies;
    }

    java.util.function.Supplier<dev.chorus.media.quality.RatePolicy> ratePolicies() {
        return ratePolicies;
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
        // transports close on their workers; wait for that before stopping the workers, or the
        // queued close tasks never run and DTLS threads and ICE agents outlive the server
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (Router r : List.copyOf(routers.values())) {
            pending.add(r.close());
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("media server close: transports did not all close cleanly: {}", e.toString());
        }
        port.close();
        for (MediaWorker w : workers) {
            w.close();
        }
    }
}
