package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A producer fed in-process rather than by a peer: the MCU compositor's encoded composite and
 * audio mixes enter the router here and reach receivers through ordinary consumers (simulcast
 * allocation, pacing, RTX, TCC included), so the SFU has no MCU special case.
 *
 * <p>{@link #send} copies each plain RTP packet (its SSRC picks the layer, as in
 * {@link ProducerParams#layers()}) into a pooled entry of the router's worker queue; the worker runs
 * it through the producer as if it had arrived from the network. Receivers' keyframe requests come
 * back through {@link Listener#onKeyFrameRequested} (throttled by the producer's policy).
 */
public final class LocalProducer {
    /** Called on the media worker thread: must return quickly and never block. */
    public interface Listener {
        void onKeyFrameRequested(int layerIndex);
    }

    private final Producer producer;
    private final MediaWorker worker;
    private final Listener listener;
    private final long[] layerSsrcs;
    private final RtpPacket rtp = new RtpPacket(); // worker thread only
    private final AtomicLong dropped = new AtomicLong();
    private long malformed;
    private volatile boolean closed;

    LocalProducer(Router router, ProducerParams params, Listener listener) {
        this.producer = new Producer(router, null, params);
        this.worker = router.worker();
        this.listener = listener;
        List<LayerParams> layers = params.layers();
        layerSsrcs = new long[layers.size()];
        for (int i = 0; i < layerSsrcs.length; i++) {
            layerSsrcs[i] = layers.get(i).ssrc();
            if (layerSsrcs[i] == 0) {
                throw new IllegalArgumentException("a local producer's layers need their SSRCs up front");
            }
        }
        producer.setLocal(this);
    }

    /** The producer receivers consume. */
    public Producer producer() {
        return producer;
    }

    /**
     * From any thread: one plain RTP packet of one of the layers. Returns false (and counts it) when
     * the worker's queue is full, the packet is larger than an MTU or the producer is closed.
     */
    public boolean send(byte[] buf, int off, int len) {
        if (closed || !worker.enqueueLocal(this, buf, off, len)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Packets {@link #send} refused. */
    public long dropped() {
        return dropped.get();
    }

    /** Packets that did not parse as RTP of a known layer (worker thread's count; read for stats). */
    public long malformed() {
        return malformed;
    }

    void onPacket(byte[] data, int len, long arrivalNanos) {
        if (closed || producer.isClosed()) {
            return;
        }
        if (!rtp.wrap(data, 0, len)) {
            malformed++;
            return;
        }
        long ssrc = rtp.ssrc();
        for (int i = 0; i < layerSsrcs.length; i++) {
            if (layerSsrcs[i] == ssrc) {
                producer.onRtp(producer.layer(i), rtp, arrivalNanos, false);
                return;
            }
        }
        malformed++;
    }

    void onKeyFrameRequested(int layerIndex) {
        try {
            listener.onKeyFrameRequested(layerIndex);
        } catch (RuntimeException e) {
            // the source's fault must not break the worker; the policy retries while pending
        }
    }

    /** Ends the producer: its consumers and taps are removed, the router's listener is told. */
    public CompletableFuture<Void> close() {
        closed = true;
        return worker.call(() -> {
            producer.router().closeLocalProducer(this);
            return null;
        });
    }
}
