package dev.chorus.media.sfu;

/**
 * One encoding a publisher sends on an m-line: a simulcast layer, or the only stream.
 *
 * @param rid     the RTP stream id ("q", "h", "f"…), empty for a non-simulcast stream
 * @param ssrc    the media SSRC if signalled, else 0 (learned from the RID or MID header extension)
 * @param rtxSsrc the RTX (RFC 4588) SSRC if signalled, else 0 (learned from repaired-rid)
 */
public record LayerParams(String rid, long ssrc, long rtxSsrc) {
    public LayerParams {
        rid = rid == null ? "" : rid;
    }
}
