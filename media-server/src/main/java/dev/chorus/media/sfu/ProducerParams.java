package dev.chorus.media.sfu;

import java.util.List;
import java.util.Map;

/**
 * What a publisher sends on one m-line.
 *
 * @param codecs the payload formats the publisher may use, preferred first (with their RTX payload type)
 * @param extensions header extension URI → id as negotiated
 * @param layers the encodings, lowest quality first; one entry (rid "") without simulcast
 * @param screenShare true for a screen-share track (allocated before cameras)
 */
public record ProducerParams(String mid, MediaKind kind, String trackId, List<CodecParams> codecs,
                             Map<String, Integer> extensions, List<LayerParams> layers, boolean screenShare) {
    public ProducerParams {
        codecs = List.copyOf(codecs);
        extensions = Map.copyOf(extensions);
        layers = layers == null || layers.isEmpty() ? List.of(new LayerParams("", 0, 0)) : List.copyOf(layers);
    }

    /** A single-stream producer (no simulcast, no RTX). */
    public ProducerParams(String mid, MediaKind kind, long ssrc, String trackId, List<CodecParams> codecs,
                          Map<String, Integer> extensions) {
        this(mid, kind, trackId, codecs, extensions, List.of(new LayerParams("", ssrc, 0)), false);
    }

    /** The first layer's media SSRC (0 if not signalled). */
    public long ssrc() {
        return layers.get(0).ssrc();
    }

    public boolean simulcast() {
        return layers.size() > 1;
    }
}
