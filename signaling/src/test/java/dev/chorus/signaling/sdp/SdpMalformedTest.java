package dev.chorus.signaling.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each malformed input yields an SdpParseException whose message says what and where. */
class SdpMalformedTest {
    private static final String HEAD = "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0\n";
    private static final String AUDIO = "m=audio 9 UDP/TLS/RTP/SAVPF 111\nc=IN IP4 0.0.0.0\na=mid:0\n"
            + "a=rtpmap:111 opus/48000/2\n";

    private static SdpParseException reject(String sdp) {
        return assertThrows(SdpParseException.class, () -> SdpParser.parse(sdp));
    }

    private static void assertRejected(String sdp, int line, String messagePart) {
        SdpParseException e = reject(sdp);
        assertEquals(line, e.lineNumber(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void nullEmptyAndBlank() {
        assertTrue(reject(null).getMessage().contains("null"));
        assertTrue(reject("").getMessage().contains("empty"));
        assertTrue(reject(" \r\n\r\n").getMessage().contains("empty"));
    }

    @Test
    void garbageText() {
        assertRejected("hello world", 1, "expected '<letter>=<value>'");
        assertRejected("{\"type\":\"offer\"}", 1, "expected");
        assertRejected("\u0000\u0001=x", 1, "expected");
    }

    @Test
    void missingOrWrongVersion() {
        assertRejected("o=- 1 2 IN IP4 127.0.0.1\n" + AUDIO, 1, "must start with v=0");
        assertRejected("v=1\n", 1, "unsupported SDP version");
        assertRejected(HEAD + "v=0\n" + AUDIO, 5, "duplicate v=");
    }

    @Test
    void missingOriginOrMedia() {
        assertRejected("v=0\ns=-\n" + AUDIO, 3, "before the o= line");
        assertRejected("v=0\ns=-\n", 0, "missing o=");
        assertRejected(HEAD, 0, "no m= sections");
        assertRejected("v=0\no=- 1 IN IP4 x\n" + AUDIO, 2, "6 fields");
        assertRejected("v=0\no=- abc 2 IN IP4 x\n" + AUDIO, 2, "session id");
    }

    @Test
    void truncatedLines() {
        assertRejected(HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF\n", 5, "m= line must be");
        assertRejected(HEAD + "m=audio\n", 5, "m= line must be");
        assertRejected(HEAD + AUDIO + "a=rtpmap:11", 9, "rtpmap");
        assertRejected(HEAD + AUDIO + "a=ssrc:\n", 9, "needs a value");
        assertRejected(HEAD + AUDIO + "a=candidate:1 1 udp\n", 9, "candidate must be");
        assertRejected(HEAD + AUDIO + "a=extmap:3\n", 9, "extmap must be");
        assertRejected(HEAD + AUDIO + "a\n", 9, "expected");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "m=audio x UDP/TLS/RTP/SAVPF 111|m= port must be a decimal number",
            "m=audio -9 UDP/TLS/RTP/SAVPF 111|m= port must be a decimal number",
            "m=audio 70000 UDP/TLS/RTP/SAVPF 111|m= port must be in [0, 65535]",
            "m=audio 9/2 UDP/TLS/RTP/SAVPF 111|port ranges",
            "m=audio 9 UDP/TLS/RTP/SAVPF opus|m= payload type must be a decimal number",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 200|m= payload type must be in [0, 127]",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 111|twice"})
    void badMediaLine(String mLine, String message) {
        assertRejected(HEAD + mLine + "\na=mid:0\n", 5, message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a=rtpmap:abc opus/48000|rtpmap payload type must be a decimal number",
            "a=rtpmap:111 opus/fast|rtpmap clock rate",
            "a=rtpmap:111 opus|rtpmap encoding",
            "a=rtpmap:111 opus/48000/2|second rtpmap",
            "a=fmtp:x1 apt=96|fmtp payload type",
            "a=rtcp-fb:111|rtcp-fb needs a feedback type",
            "a=rtcp-fb:1x1 nack|rtcp-fb payload type",
            "a=extmap:0 urn:x|extmap id must be in [1, 255]",
            "a=extmap:1/sideways urn:x|unknown extmap direction",
            "a=ssrc:4294967296 cname:x|ssrc must be in",
            "a=ssrc:12 :x|ssrc attribute has no name",
            "a=ssrc-group:FID 1 x|ssrc-group ssrc",
            "a=mid:1|duplicate mid",
            "a=rid:q sideways|rid direction",
            "a=simulcast:send q;;f|empty rid",
            "a=simulcast:up q|simulcast direction",
            "a=fingerprint:sha-256|fingerprint must be",
            "a=msid:a b c|msid must be",
            "a=sctp-port:0|sctp-port",
            "a=max-message-size:-1|max-message-size",
            "a=ice-ufrag:|needs a value"})
    void badAttribute(String attribute, String message) {
        SdpParseException e = reject(HEAD + AUDIO + attribute + "\n");
        assertEquals(9, e.lineNumber(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().startsWith("SDP line 9: "), e.getMessage());
    }

    @Test
    void conflictingDirections() {
        assertRejected(HEAD + AUDIO + "a=sendonly\na=recvonly\n", 10, "duplicate direction");
    }

    @Test
    void bundleConsistency() {
        String bundle = HEAD + "a=group:BUNDLE 0 1\n";
        assertRejected(bundle + AUDIO + "m=video 9 UDP/TLS/RTP/SAVPF 96\n", 10, "no a=mid but BUNDLE");
        assertRejected(bundle + AUDIO, 0, "names mid '1'");
        assertRejected(HEAD + "a=group:BUNDLE\n" + AUDIO, 5, "lists no mids");
        assertRejected(HEAD + "a=group:BUNDLE 0 0\n" + AUDIO, 5, "twice");
        assertRejected(HEAD + "a=group:BUNDLE 0\na=group:BUNDLE 0\n" + AUDIO, 6, "duplicate BUNDLE");
        assertRejected(HEAD + AUDIO + AUDIO.replace("audio", "video"), 9, "mid '0' already used");
    }

    @Test
    void sectionsWithoutMidAreFineWithoutBundle() throws SdpParseException {
        SessionDescription s = SdpParser.parse(HEAD + AUDIO.replace("a=mid:0\n", ""));
        assertEquals(null, s.media().get(0).mid());
    }

    @Test
    void hugeInputIsRejectedBeforeParsing() {
        String huge = HEAD + AUDIO + "a=x-padding:y\n".repeat(SdpParser.MAX_SDP_CHARS / 10);
        assertRejected(huge, 0, "limit is " + SdpParser.MAX_SDP_CHARS);
    }

    @Test
    void overlongLine() {
        assertRejected(HEAD + AUDIO + "a=x-long:" + "z".repeat(SdpParser.MAX_LINE_CHARS) + "\n", 9, "limit is 4096");
    }

    @Test
    void tooManyMediaSections() throws SdpParseException {
        StringBuilder ok = new StringBuilder(HEAD);
        for (int i = 0; i < SdpParser.MAX_MEDIA_SECTIONS; i++) {
            ok.append("m=audio 9 UDP/TLS/RTP/SAVPF 0\na=mid:").append(i).append('\n');
        }
        assertEquals(64, SdpParser.parse(ok.toString()).media().size());
        SdpParseException e = reject(ok + "m=audio 9 UDP/TLS/RTP/SAVPF 0\n");
        assertTrue(e.getMessage().contains("more than 64 m= sections"), e.getMessage());
    }

    @Test
    void toleratedOddities() throws SdpParseException {
        SessionDescription s = SdpParser.parse(HEAD + "a=x-session-thing:1\n" + AUDIO
                + "a=rtpmap:100 VP8/90000\n"      // payload type not in the m= line
                + "a=rtcp-fb:* nack\n"            // wildcard feedback
                + "a=x-unknown\n"
                + "i=info line\n"
                + "a=fingerprint:sha-256 AA:BB\na=fingerprint:sha-1 CC:DD\n"
                + "\n\n");
        MediaDescription m = s.media().get(0);
        assertEquals(List.of("x-session-thing:1"), s.otherAttributes());
        assertEquals(List.of("rtpmap:100 VP8/90000", "rtcp-fb:* nack", "x-unknown", "fingerprint:sha-1 CC:DD"),
                m.otherAttributes());
        assertEquals(new Fingerprint("sha-256", "aa:bb"), m.fingerprint());
        assertEquals(1, m.codecs().size());
    }

    @Test
    void unknownDynamicPayloadTypeStaysInFormats() throws SdpParseException {
        SessionDescription s = SdpParser.parse(HEAD + AUDIO.replace("SAVPF 111", "SAVPF 111 0 120")
                + "a=fmtp:120 foo=1\n");
        MediaDescription m = s.media().get(0);
        assertEquals(List.of("111", "0", "120"), m.formats());
        assertEquals(List.of("opus", "PCMU"), m.codecs().stream().map(Codec::name).toList());
        assertEquals(List.of("fmtp:120 foo=1"), m.otherAttributes());
    }

    @Test
    void helperExceptionsAreAnchoredToTheirLine() {
        SdpParseException e = reject(HEAD + AUDIO + "a=extmap:999 urn:x\n");
        assertEquals(9, e.lineNumber());
        assertTrue(e.getMessage().contains("'a=extmap:999 urn:x'"), e.getMessage());
        assertTrue(e.reason().startsWith("extmap id"), e.reason());
    }
}
