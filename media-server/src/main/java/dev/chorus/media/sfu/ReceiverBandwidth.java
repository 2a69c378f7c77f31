package dev.chorus.media.sfu;

import dev.chorus.media.quality.Allocation;
import dev.chorus.media.quality.BandwidthAllocator;
import dev.chorus.media.quality.TrackPriority;
import dev.chorus.media.quality.VideoTrack;
import java.util.ArrayList;
import java.util.List;

/**
 * Glue between one receiver's simulcast consumers and its {@link BandwidthAllocator}: describes each
 * track (layers as measured at the producer, the receiver's tile size, priority) and applies the
 * result as the consumers' target layers and as the producers' layer demand. Policy lives in the
 * allocator; this class only translates. Worker thread only.
 */
final class ReceiverBandwidth {
    private static final long ACTIVE_WITHIN_NANOS = 1_000_000_000L;
    private static final int NOMINAL_TOP_WIDTH = 1280;
    private static final int NOMINAL_TOP_HEIGHT = 720;

    private final Router router;
    private final BandwidthAllocator allocator = new BandwidthAllocator();
    private final List<VideoTrack<SimulcastConsumer>> tracks = new ArrayList<>();
    private Allocation last;

    ReceiverBandwidth(Router router) {
        this.router = router;
    }

    void add(SimulcastConsumer c) {
        tracks.add(new VideoTrack<>(c));
    }

    void remove(SimulcastConsumer c) {
        tracks.removeIf(t -> t.key() == c);
    }

    boolean isEmpty() {
        return tracks.isEmpty();
    }

    /** Allocates {@code availableBps} among the simulcast tracks; returns what it would take to give all their ideal. */
    long allocate(long availableBps, long nowNanos) {
        if (tracks.isEmpty()) {
            last = null;
            return 0;
        }
        Producer dominant = router.dominantSpeaker();
        for (VideoTrack<SimulcastConsumer> t : tracks) {
            describe(t, dominant, nowNanos);
        }
        last = allocator.allocate(availableBps, nowNanos, tracks);
        for (VideoTrack<SimulcastConsumer> t : tracks) {
            SimulcastConsumer c = t.key();
            if (t.state() == VideoTrack.State.UNAVAILABLE) {
                // nothing arrives yet (or the publisher paused everything): take whatever comes first
                c.setTargetLayers(0, -1);
            } else {
                c.setTargetLayers(t.spatial(), t.temporal());
            }
            c.producer.onLayerNeed(c, t.spatial(), t.targetSpatial(), nowNanos);
        }
        return last.desiredBps();
    }

    Allocation lastAllocation() {
        return last;
    }

    private void describe(VideoTrack<SimulcastConsumer> t, Producer dominant, long now) {
        SimulcastConsumer c = t.key();
        Producer p = c.producer;
        Producer audio = audioOf(p.transport());
        t.priority(p.params().screenShare() ? TrackPriority.SCREEN_SHARE
                : c.pinned() ? TrackPriority.PINNED
                : audio != null && audio == dominant ? TrackPriority.DOMINANT_SPEAKER
                : TrackPriority.NORMAL);
        t.speakerRank(audio == null ? Integer.MAX_VALUE : router.speakerRank(audio));
        t.renderSize(c.renderWidth(), c.renderHeight());
        int spatial = Math.min(p.layerCount(), VideoTrack.MAX_SPATIAL);
        int temporal = 1;
        for (int s = 0; s < spatial; s++) {
            temporal = Math.max(temporal, p.layer(s).temporalLayerCount());
        }
        t.layerCount(spatial, temporal);
        for (int s = 0; s < spatial; s++) {
            ProducerLayer l = p.layer(s);
            int shift = spatial - 1 - s; // simulcast layers are usually 1/4, 1/2, 1/1 of the top
            int w = l.width > 0 ? l.width : NOMINAL_TOP_WIDTH >> shift;
            int h = l.height > 0 ? l.height : NOMINAL_TOP_HEIGHT >> shift;
            t.resolution(s, w, h);
            boolean active = l.isActive(now, ACTIVE_WITHIN_NANOS);
            for (int tid = 0; tid < temporal; tid++) {
                t.layer(s, tid, l.frameRateUpTo(tid, now), l.bitrateUpToBps(tid, now), active);
            }
        }
    }

    private static Producer audioOf(WebRtcTransport t) {
        if (t == null) {
            return null; // produced in-process (the MCU composite): no publisher, no voice
        }
        for (Producer p : t.producers()) {
            if (p.kind() == MediaKind.AUDIO) {
                return p;
            }
        }
        return null;
    }
}
