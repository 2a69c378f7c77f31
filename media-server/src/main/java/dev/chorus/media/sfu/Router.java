package dev.chorus.media.sfu;

import dev.chorus.media.speaker.DominantSpeakerDetector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One room's media: its transports, producers and consumers, all pinned to one worker thread.
 * Which receiver consumes which producer is decided by the caller (signaling), not here.
 */
public final class Router {
    /** Events for the signaling layer; called on the router's worker thread, must not block. */
    public interface Listener {
        default void onProducerClosed(Producer producer) {}

        /** The room's dominant speaker changed; {@code audioProducer} is their audio track, or null. */
        default void onDominantSpeaker(Producer audioProducer) {}

        /**
         * The simulcast encodings of {@code producer} some receiver needs changed: the publisher should
         * send the rids in {@code activeRids} and pause the others.
         */
        default void onLayersNeeded(Producer producer, java.util.Set<String> activeRids) {}
    }

    private final String id;
    private final MediaServer server;
    private final MediaWorker worker;
    private final List<WebRtcTransport> transports = new CopyOnWriteArrayList<>();
    private final List<Producer> producers = new ArrayList<>();
    private final List<LocalProducer> localProducers = new ArrayList<>();
    private static final long SPEAKER_TICK_NANOS = 200_000_000L;
    private final DominantSpeakerDetector<Producer> speakers = new DominantSpeakerDetector<>();
    private long nextSpeakerTick;
    private volatile Listener listener = new Listener() {};
    private volatile boolean closed;

    Router(String id, MediaServer server, MediaWorker worker) {
        this.id = id;
        this.server = server;
        this.worker = worker;
        worker.attach(this);
    }

    public String id() {
        return id;
    }

    MediaWorker worker() {
        return worker;
    }

    public void setListener(Listener l) {
        this.listener = l;
    }

    public WebRtcTransport createTransport(String transportId, WebRtcTransport.Listener l) throws IOException {
        if (closed) {
            throw new IllegalStateException("router closed");
        }
        WebRtcTransport t = new WebRtcTransport(this, transportId, server, l);
        transports.add(t);
        return t;
    }

    public List<WebRtcTransport> transports() {
        return List.copyOf(transports);
    }

    /** A producer fed in-process (see {@link LocalProducer}); consumed like any other. */
    public CompletableFuture<LocalProducer> createLocalProducer(ProducerParams params, LocalProducer.Listener l) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("router closed"));
        }
        return worker.call(() -> {
            LocalProducer lp = new LocalProducer(this, params, l);
            localProducers.add(lp);
            onProducerAdded(lp.producer());
            return lp;
        });
    }

    /** Worker thread: ends a local producer as a transport ends its producers. */
    void closeLocalProducer(LocalProducer lp) {
        Producer p = lp.producer();
        if (!localProducers.remove(lp) || p.isClosed()) {
            return;
        }
        p.close();
        onProducerClosed(p);
    }

    /**
     * Reads {@code producer}'s layer {@code layer} in-process (see {@link ProducerTap}); the tap ends
     * by itself when the producer closes (no more packets), {@link ProducerTap#close} detaches it.
     */
    public CompletableFuture<ProducerTap> tap(Producer producer, int layer, ProducerTap.Sink sink) {
        return worker.call(() -> {
            if (producer.isClosed()) {
                throw new IllegalStateException("producer closed");
            }
            ProducerTap t = new ProducerTap(producer, worker, layer, sink);
            producer.addTap(t);
            t.start(System.nanoTime());
            return t;
        });
    }

    void onProducerAdded(Producer p) {
        producers.add(p);
        if (p.kind() == MediaKind.AUDIO && !p.isLocal()) { // an MCU mix is nobody's voice
            speakers.addSource(p);
        }
    }

    void onProducerClosed(Producer p) {
        producers.remove(p);
        if (p.kind() == MediaKind.AUDIO && speakers.removeSource(p)) {
            listener.onDominantSpeaker(speakers.dominant());
        }
        listener.onProducerClosed(p);
    }

    void onLayersNeeded(Producer p, java.util.Set<String> activeRids) {
        listener.onLayersNeeded(p, activeRids);
    }

    void onAudioLevel(Producer p, int level, boolean voice, long nowNanos) {
        speakers.onAudioLevel(p, level, voice, nowNanos);
    }

    /** The room's dominant speaker's audio producer, or null (worker thread). */
    Producer dominantSpeaker() {
        return speakers.dominant();
    }

    /** How recently {@code audio}'s owner was the dominant speaker: 0 = now, larger = longer ago. */
    int speakerRank(Producer audio) {
        return speakers.speakerRank(audio);
    }

    void onTransportClosed(WebRtcTransport t) {
        transports.remove(t);
    }

    /** Pacers and probes of this room's transports; true while any wants to run again soon. */
    boolean onPace(long nowNanos) {
        boolean again = false;
        for (WebRtcTransport t : transports) {
            again |= t.onPace(nowNanos);
        }
        return again;
    }

    void onTick(long nowNanos) {
        for (WebRtcTransport t : transports) {
            t.onTick(nowNanos);
        }
        for (LocalProducer lp : localProducers) {
            lp.producer().onTick(nowNanos);
        }
        if (nowNanos - nextSpeakerTick >= 0) {
            nextSpeakerTick = nowNanos + SPEAKER_TICK_NANOS;
            if (speakers.tick(nowNanos)) {
                listener.onDominantSpeaker(speakers.dominant());
            }
        }
    }

    /** Closes every transport; the future completes once they are closed on the worker. */
    public CompletableFuture<Void> close() {
        closed = true;
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (WebRtcTransport t : transports) {
            pending.add(t.close());
        }
        worker.execute(() -> {
            for (LocalProducer lp : List.copyOf(localProducers)) {
                closeLocalProducer(lp);
            }
            worker.detach(this);
        });
        server.onRouterClosed(this);
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }
}
