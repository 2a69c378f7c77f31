package dev.chorus.signaling.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class SdpRoundTripTest {
    static final List<String> FIXTURES = SdpFixtures.ALL;

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void writeThenParseGivesEqualModel(String fixture) throws SdpParseException {
        SessionDescription parsed = SdpParser.parse(SdpFixtures.load(fixture));
        String written = SdpWriter.write(parsed);
        assertEquals(parsed, SdpParser.parse(written));
        // the writer's output is a fixed point
        assertEquals(written, SdpWriter.write(SdpParser.parse(written)));
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void lfAndCrlfParseIdentically(String fixture) throws SdpParseException {
        assertEquals(SdpParser.parse(SdpFixtures.loadLf(fixture)), SdpParser.parse(SdpFixtures.load(fixture)));
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void writerUsesCrlfOnly(String fixture) {
        String written = SdpWriter.write(SdpFixtures.parse(fixture));
        assertTrue(written.endsWith("\r\n"));
        assertFalse(written.replace("\r\n", "").contains("\n"));
        assertFalse(written.replace("\r\n", "").contains("\r"));
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void noLinesLost(String fixture) {
        // every input line (modulo order and the t= line) reappears in the output
        List<String> in = new ArrayList<>(SdpFixtures.loadLf(fixture).lines().toList());
        List<String> out = new ArrayList<>(SdpWriter.write(SdpFixtures.parse(fixture)).lines().toList());
        in.replaceAll(l -> l.replace("a=msid-semantic:WMS", "a=msid-semantic: WMS")
                .replace("G722/8000/1", "G722/8000"));
        in.sort(null);
        out.sort(null);
        assertEquals(in, out);
    }

    @Test
    void conventionalOrderForChromeOffer() {
        List<String> lines = SdpWriter.write(SdpFixtures.parse(SdpFixtures.CHROME_OFFER)).lines().toList();
        assertEquals(List.of("v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "a=group:BUNDLE 0 1", "a=extmap-allow-mixed",
                "a=msid-semantic: WMS 5d5b8c1e-3c8e-4c3a-9a8e-0b7a1f2c3d4e",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "c=IN IP4 0.0.0.0",
                "a=rtcp:9 IN IP4 0.0.0.0", "a=ice-ufrag:Hp3w"), lines.subList(0, 11));
        int mid = lines.indexOf("a=mid:0");
        int extmap = lines.indexOf("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level");
        int dir = lines.indexOf("a=sendonly");
        int rtpmap = lines.indexOf("a=rtpmap:111 opus/48000/2");
        int fb = lines.indexOf("a=rtcp-fb:111 transport-cc");
        int fmtp = lines.indexOf("a=fmtp:111 minptime=10;useinbandfec=1");
        int ssrc = lines.indexOf("a=ssrc:3735928559 cname:yJ4tY2b0eXc1Qm9z");
        int cand = lines.indexOf(lines.stream().filter(l -> l.startsWith("a=candidate:")).findFirst().orElseThrow());
        assertTrue(mid < extmap && extmap < dir && dir < rtpmap && rtpmap < fb && fb < fmtp && fmtp < ssrc
                && ssrc < cand, "unexpected order: " + lines);
    }
}
