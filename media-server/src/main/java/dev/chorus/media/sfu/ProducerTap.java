package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;
import java.util.concurrent.CompletableFuture;

/**
 * An in-process receiver of one producer's packets (the MCU compositor's input): the plain RTP of
 * one layer, chosen by the tap's owner. Switching layers waits for a keyframe of the new layer (and
 * asks for one), as a decoder needs; the tap's choice counts as demand, so a layer it reads is never
 * paused by the server. The publisher may still stop sending it (a browser drops its top layers when
 * its uplink or CPU cannot carry them): then the tap reads the best layer below that still flows, and
 * returns to its choice once that flows again, rather than showing the last picture forever.
 */
public final class ProducerTap {
    /** Called on the media worker thread: copy what is needed and return; never block. */
    public interface Sink {
        void onRtp(byte[] buf, int off, int len, long arrivalNanos);
    }

    /** A layer without packets for this long has stopped (as the SFU allocator judges it). */
    static final long ACTIVE_WITHIN_NANOS = 1_000_000_000L;

    private final Producer producer;
    private final MediaWorker worker;
    private final Sink sink;
    /** The owner's choice (clamped to the producer's layers); worker thread writes, stats read it anywhere. */
    private volatile int target;
    /** The layer to deliver: {@link #target}, or what stands in for it while it does not flow. */
    private int wanted;
    private volatile int current = -1; // worker thread writes; stats read it anywhere
    private volatile boolean closed;

    ProducerTap(Producer producer, MediaWorker worker, int layer, Sink sink) {
        this.producer = producer;
        this.worker = worker;
        this.sink = sink;
        this.target = clamp(layer);
        this.wanted = target;
        if (producer.layerCount() == 1) {
            current = 0; // nothing to switch between: the depacketizer waits for its keyframe itself
        }
    }

    public Producer producer() {
        return producer;
    }

    private int clamp(int layer) {
        return Math.max(0, Math.min(layer, producer.layerCount() - 1));
    }

    /** Worker thread, at start and on every change: ask for the wanted layer's keyframe, declare the need. */
    void start(long nowNanos) {
        producer.onLayerNeed(this, Math.max(current, 0), target, nowNanos);
        if (current != wanted) {
            producer.requestKeyFrame(wanted, nowNanos);
        }
    }

    void onRtp(RtpPacket rtp, MediaPacketInfo info, long arrivalNanos) {
        if (closed) {
            return;
        }
        if (producer.layerCount() > 1) {
            int w = flowingStandIn(arrivalNanos);
            if (w != wanted) {
                wanted = w;
                start(arrivalNanos);
            }
        }
        if (info.layer != current) {
            if (info.layer != wanted || !info.keyFrame || !info.startOfFrame) {
                return;
            }
            current = wanted; // switch at the new layer's keyframe
            producer.onLayerNeed(this, current, target, arrivalNanos);
        }
        sink.onRtp(rtp.buffer(), rtp.offset(), rtp.length(), arrivalNanos);
    }

    /** The target if it flows, else the best flowing layer below it, else the lowest flowing above it. */
    private int flowingStandIn(long nowNanos) {
        int n = producer.layerCount();
        long flowing = 0;
        for (int i = 0; i < n; i++) {
            if (producer.layer(i).isActive(nowNanos, ACTIVE_WITHIN_NANOS)) {
                flowing |= 1L << i;
            }
        }
        return standIn(target, flowing, n);
    }

    /**
     * Pure: the layer to read for {@code target} when the layers whose bits are set in {@code flowing}
     * are arriving: the target itself, else the highest below it, else the lowest above it; the target
     * when none flows (nothing better to wait for).
     */
    static int standIn(int target, long flowing, int layers) {
        for (int i = target; i >= 0; i--) {
            if ((flowing & (1L << i)) != 0) {
                return i;
            }
        }
        for (int i = target + 1; i < layers; i++) {
            if ((flowing & (1L << i)) != 0) {
                return i;
            }
        }
        return target;
    }

    /** From any thread: read layer {@code index} (clamped) from its next keyframe on. */
    public void setLayer(int index) {
        worker.execute(() -> {
            int t = clamp(index);
            if (t != target && !closed) {
                long now = System.nanoTime();
                target = t;
                wanted = flowingStandIn(now);
                start(now);
            }
        });
    }

    /** From any thread: the decoder lost its reference; a keyframe of the layer read now, please. */
    public void requestKeyFrame() {
        worker.execute(() -> {
            if (!closed) {
                producer.requestKeyFrame(current >= 0 ? current : wanted, System.nanoTime());
            }
        });
    }

    /** The layer the owner chose, clamped to the producer's layers. */
    public int targetLayer() {
        return target;
    }

    /** Layer being delivered, or -1 before the first keyframe of the target. */
    public int currentLayer() {
        return current;
    }

    public CompletableFuture<Void> close() {
        closed = true;
        return worker.call(() -> {
            producer.removeTap(this);
            return null;
        });
    }
}
