package dev.chorus.compositor.encode;

import java.util.Locale;
import org.bytedeco.ffmpeg.global.avcodec;

/** The video codecs the compositor decodes and encodes, with their FFmpeg identities. */
public enum VideoCodec {
    VP8(avcodec.AV_CODEC_ID_VP8, "libvpx"),
    H264(avcodec.AV_CODEC_ID_H264, "libopenh264");

    private final int ffmpegId;
    private final String encoderName;

    VideoCodec(int ffmpegId, String encoderName) {
        this.ffmpegId = ffmpegId;
        this.encoderName = encoderName;
    }

    /** FFmpeg AV_CODEC_ID_*. */
    public int ffmpegId() {
        return ffmpegId;
    }

    /** Name of the FFmpeg encoder used for this codec (libvpx / libopenh264: the build has no libx264). */
    public String encoderName() {
        return encoderName;
    }

    /** "VP8", "H264" or "H.264" (any case, as in SDP rtpmap names); null when unknown. */
    public static VideoCodec fromName(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "VP8" -> VP8;
            case "H264", "H.264" -> H264;
            default -> null;
        };
    }
}
