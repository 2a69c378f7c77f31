package dev.chorus.media.sfu;

import java.util.List;
import java.util.Map;

/**
 * What a publisher sends on one m-line.
 *
 * @param ssrc the media SSRC if signalled, else 0 (learned from the MID header extension)
 * @param codecs the payload formats the publisher may use, preferred first
 * @param extensions header extension URI → id as negotiated
 */
public record ProducerParams(String mid, MediaKind kind, long ssrc, String trackId, List<CodecParams> codecs,
                             Map<String, Integer> extensions) {
}
