package dev.chorus.compositor;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;

/** The bundled FFmpeg (bytedeco, linux-x86_64) has every codec the compositor relies on. */
class FfmpegCodecsTest {
    @Test
    void codecsThePipelineNeedsArePresent() {
        assertNotNull(avcodec.avcodec_find_encoder_by_name("libvpx"), "VP8 encoder (libvpx)");
        assertNotNull(avcodec.avcodec_find_decoder(avcodec.AV_CODEC_ID_VP8), "VP8 decoder");
        assertNotNull(avcodec.avcodec_find_decoder(avcodec.AV_CODEC_ID_H264), "H.264 decoder");
        assertNotNull(avcodec.avcodec_find_encoder_by_name("libopenh264"), "H.264 encoder (openh264)");
        assertNotNull(avcodec.avcodec_find_encoder_by_name("libopus"), "Opus encoder");
        assertNotNull(avcodec.avcodec_find_decoder(avcodec.AV_CODEC_ID_OPUS), "Opus decoder");
    }
}
