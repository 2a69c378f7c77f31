package dev.chorus.media.sfu;

import java.util.List;

/** A publisher's track: its encodings and who receives it. */
public record ProducerStats(String id, String mid, String kind, String trackId, boolean simulcast, long packets,
                            long bytes, int consumers, List<LayerStats> layers) {
    static ProducerStats of(Producer p, long now) {
        LayerStats[] ls = new LayerStats[p.layerCount()];
        for (int i = 0; i < ls.length; i++) {
            ls[i] = LayerStats.of(p.layer(i), now);
        }
        return new ProducerStats(p.id(), p.mid(), p.kind().sdpName(), p.trackId(), p.isSimulcast(), p.packets(),
                p.bytes(), p.consumers().size(), List.of(ls));
    }
}
