package dev.chorus.media.sfu;

import dev.chorus.media.forwarding.StreamContinuation;
import java.util.List;
import java.util.Map;

/**
 * How one receiver gets one producer's stream.
 *
 * @param ssrc the SSRC the server sends with (announced in the receiver's SDP)
 * @param codecs the receiver's payload formats for this m-line (matched to the producer's by name)
 * @param extensions header extension URI → id the receiver negotiated on this m-line
 * @param rtxSsrc the SSRC for retransmissions and probing padding if the receiver negotiated RTX, else 0
 * @param continueFrom the stream this consumer takes over on the same SSRC, or null for a fresh one
 */
public record ConsumerParams(String mid, long ssrc, List<CodecParams> codecs, Map<String, Integer> extensions,
                             long rtxSsrc, StreamContinuation continueFrom) {
    public ConsumerParams {
        codecs = List.copyOf(codecs);
        extensions = Map.copyOf(extensions);
    }

    public ConsumerParams(String mid, long ssrc, List<CodecParams> codecs, Map<String, Integer> extensions,
                          long rtxSsrc) {
        this(mid, ssrc, codecs, extensions, rtxSsrc, null);
    }

    public ConsumerParams(String mid, long ssrc, List<CodecParams> codecs, Map<String, Integer> extensions) {
        this(mid, ssrc, codecs, extensions, 0);
    }
}
