package dev.chorus.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.sfu.CodecParams;
import dev.chorus.signaling.sdp.Codec;
import dev.chorus.signaling.sdp.MediaDescription;
import dev.chorus.signaling.sdp.SdpParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecMatcherTest {
    private static MediaDescription video(String... codecLines) throws Exception {
        StringBuilder pts = new StringBuilder();
        StringBuilder attrs = new StringBuilder();
        for (String l : codecLines) {
            String[] p = l.split("\\|");
            pts.append(' ').append(p[0]);
            attrs.append("a=rtpmap:").append(p[0]).append(' ').append(p[1]).append("\r\n");
            if (p.length > 2) {
                attrs.append("a=fmtp:").append(p[0]).append(' ').append(p[2]).append("\r\n");
            }
        }
        String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF" + pts + "\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sendonly\r\na=rtcp-mux\r\n"
                + attrs;
        return SdpParser.parse(sdp).media().get(0);
    }

    @Test
    void publisherCodecFollowsTheBrowsersPreference() throws Exception {
        assertEquals("VP8", CodecMatcher.choosePublishCodec(video("96|VP8/90000", "102|H264/90000|packetization-mode=1;profile-level-id=42e01f")).name());
        // a browser that prefers H.264 (setCodecPreferences) gets H.264
        Codec h264 = CodecMatcher.choosePublishCodec(video("102|H264/90000|level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", "96|VP8/90000"));
        assertEquals("H264", h264.name());
        assertEquals(102, h264.payloadType());
        // H.264 without packetization-mode=1 cannot carry real frames over RTP here: skip it
        assertEquals("VP8", CodecMatcher.choosePublishCodec(video("100|H264/90000|profile-level-id=42e01f", "96|VP8/90000")).name());
        assertNull(CodecMatcher.choosePublishCodec(video("98|VP9/90000", "45|AV1/90000")));
    }

    @Test
    void receiverGetsTheSameCodecAndH264ProfileWhenOffered() throws Exception {
        CodecParams src = new CodecParams(102, "H264", 90000, 1, "packetization-mode=1;profile-level-id=42e01f");
        MediaDescription receiver = video("96|VP8/90000", "127|H264/90000|packetization-mode=1;profile-level-id=4d001f",
                "125|H264/90000|packetization-mode=1;profile-level-id=42e01f", "108|H264/90000|packetization-mode=0;profile-level-id=42e01f");
        List<Codec> m = CodecMatcher.matchingCodecs(receiver, src, src.fmtp());
        assertEquals(1, m.size());
        assertEquals(125, m.get(0).payloadType());

        CodecParams vp8 = new CodecParams(96, "VP8", 90000, 1, "");
        assertEquals(96, CodecMatcher.matchingCodecs(receiver, vp8, "").get(0).payloadType());
        assertTrue(CodecMatcher.matchingCodecs(video("98|VP9/90000"), vp8, "").isEmpty());
    }
}
