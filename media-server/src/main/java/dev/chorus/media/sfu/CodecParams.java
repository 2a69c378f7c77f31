package dev.chorus.media.sfu;

/**
 * One negotiated RTP payload format, as the media core needs it (no SDP here).
 *
 * @param rtxPayloadType the RTX (RFC 4588, apt=payloadType) payload type, or -1 if none was negotiated
 */
public record CodecParams(int payloadType, String name, int clockRate, int channels, String fmtp,
                          int rtxPayloadType) {
    public CodecParams(int payloadType, String name, int clockRate, int channels, String fmtp) {
        this(payloadType, name, clockRate, channels, fmtp, -1);
    }

    public boolean sameCodec(CodecParams o) {
        return name.equalsIgnoreCase(o.name) && clockRate == o.clockRate;
    }

    public CodecParams withRtx(int rtxPt) {
        return new CodecParams(payloadType, name, clockRate, channels, fmtp, rtxPt);
    }
}
