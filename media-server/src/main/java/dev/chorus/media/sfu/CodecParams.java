package dev.chorus.media.sfu;

/** One negotiated RTP payload format, as the media core needs it (no SDP here). */
public record CodecParams(int payloadType, String name, int clockRate, int channels, String fmtp) {
    public boolean sameCodec(CodecParams o) {
        return name.equalsIgnoreCase(o.name) && clockRate == o.clockRate;
    }
}
