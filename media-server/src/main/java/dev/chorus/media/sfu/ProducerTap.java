package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;
import java.util.concurrent.CompletableFuture;

/**
 * An in-process receiver of one producer's packets (the MCU compositor's input): the plain RTP of
 * one layer, chosen by the tap's owner. Switching layers waits for a keyframe of the new layer (and
 * asks for one), as a decoder needs; the tap's choice counts as demand, so a layer it reads is never
 * paused at the publisher.
 */
public final class ProducerTap {
    /** Called on the media worker thread: copy what is needed and return; never block. */
    public interface Sink {
        void onRtp(byte[] buf, int off, int len, long arrivalNanos);
    }

    private final Producer producer;
    private final MediaWorker worker;
    private final Sink sink;
    private int target;
    private int current = -1;
    private volatile boolean closed;

    ProducerTap(Producer producer, MediaWorker worker, int layer, Sink sink) {
        this.producer = producer;
        this.worker = worker;
        this.sink = sink;
        this.target = clamp(layer);
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

    /** Worker thread, at start and on every change: ask for the target's keyframe, declare the need. */
    void start(long nowNanos) {
        producer.onLayerNeed(this, Math.max(current, 0), target, nowNanos);
        if (current != target) {
            producer.requestKeyFrame(target, nowNanos);
        }
    }

    void onRtp(RtpPacket rtp, MediaPacketInfo info, long arrivalNanos) {
        if (closed) {
            return;
        }
        if (info.layer != current) {
            if (info.layer != target || !info.keyFrame || !info.startOfFrame) {
                return;
            }
            current = target; // switch at the new layer's keyframe
            producer.onLayerNeed(this, current, target, arrivalNanos);
        }
        sink.onRtp(rtp.buffer(), rtp.offset(), rtp.length(), arrivalNanos);
    }

    /** From any thread: read layer {@code index} (clamped) from its next keyframe on. */
    public void setLayer(int index) {
        worker.execute(() -> {
            int t = clamp(index);
            if (t != target && !closed) {
                target = t;
                start(System.nanoTime());
            }
        });
    }

    /** From any thread: the decoder lost its reference; a keyframe of the layer read now, please. */
    public void requestKeyFrame() {
        worker.execute(() -> {
            if (!closed) {
                producer.requestKeyFrame(current >= 0 ? current : target, System.nanoTime());
            }
        });
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
