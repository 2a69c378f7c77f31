package dev.chorus.signaling.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's use case: parse a browser offer, build an answer model, write it. */
class SdpAnswerBuildingTest {

    @Test
    void buildAnswerFromChromeOffer() throws SdpParseException {
        SessionDescription offer = SdpFixtures.parse(SdpFixtures.CHROME_OFFER);
        Fingerprint ours = Fingerprint.of("sha-256", new byte[32]);
        IceCandidate host = IceCandidate.of("1", 1, "udp", 2130706431L, "192.0.2.1", 10000, IceCandidate.Type.HOST);
        List<MediaDescription> media = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            List<Codec> codecs = m.kind().equals(MediaDescription.AUDIO)
                    ? List.of(m.codec(111).orElseThrow())
                    : List.of(m.codec(96).orElseThrow(), m.rtxFor(96).orElseThrow());
            media.add(MediaDescription.builder()
                    .kind(m.kind()).connection(Connection.IP4_ANY).mid(m.mid())
                    .direction(m.direction().reverse())
                    .iceUfrag("srv1").icePwd("serverpassword0123456789").fingerprint(ours).setup("passive")
                    .extensions(m.extensions().stream()
                            .filter(e -> e.uri().equals(HeaderExtension.SDES_MID)
                                    || e.uri().equals(HeaderExtension.TRANSPORT_CC)).toList())
                    .codecs(codecs).rtcpMux(true).rtcpRsize(true)
                    .addCandidate(host).endOfCandidates(true)
                    .build());
        }
        SessionDescription answer = SessionDescription.builder()
                .origin(Origin.of("1234567890", 1)).bundleMids(offer.bundleMids())
                .msidSemantics(List.of("WMS")).iceLite(true).extmapAllowMixed(true)
                .media(media).build();

        String sdp = SdpWriter.write(answer);
        assertTrue(sdp.startsWith("v=0\r\no=- 1234567890 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=group:BUNDLE 0 1\r\n"), sdp);
        assertTrue(sdp.contains("m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n"), sdp);
        assertTrue(sdp.contains("a=recvonly\r\n"));
        assertTrue(sdp.contains("a=fmtp:97 apt=96\r\n"));
        assertTrue(sdp.contains("a=candidate:1 1 udp 2130706431 192.0.2.1 10000 typ host\r\na=end-of-candidates\r\n"));
        assertTrue(sdp.contains("a=fingerprint:sha-256 00:00:"));

        SessionDescription reparsed = SdpParser.parse(sdp);
        assertEquals(answer, reparsed);
        assertEquals(Direction.RECVONLY, reparsed.media().get(1).direction());
        assertEquals(List.of("96", "97"), reparsed.media().get(1).formats());
    }

    @Test
    void toBuilderAdaptsAnOffer() {
        SessionDescription offer = SdpFixtures.parse(SdpFixtures.FIREFOX_OFFER);
        MediaDescription audio = offer.media().get(0);
        MediaDescription changed = audio.toBuilder().direction(Direction.INACTIVE).candidates(List.of()).build();
        assertEquals(Direction.INACTIVE, changed.direction());
        assertTrue(changed.candidates().isEmpty());
        assertEquals(audio.codecs(), changed.codecs());
        assertEquals(audio, changed.toBuilder().direction(Direction.SENDRECV).candidates(audio.candidates()).build());
        SessionDescription bumped = offer.toBuilder().origin(offer.origin().withSessionVersion(1)).build();
        assertEquals(1, bumped.origin().sessionVersion());
        assertNotEquals(offer, bumped);
    }

    @Test
    void directionSemantics() {
        assertEquals(Direction.RECVONLY, Direction.SENDONLY.reverse());
        assertEquals(Direction.SENDONLY, Direction.RECVONLY.reverse());
        assertEquals(Direction.SENDRECV, Direction.SENDRECV.reverse());
        assertEquals(Direction.INACTIVE, Direction.INACTIVE.reverse());
        assertEquals("sendonly", Direction.SENDONLY.sdpName());
        assertEquals(Direction.RECVONLY, Direction.fromSdpName("recvonly").orElseThrow());
        assertTrue(Direction.fromSdpName("SENDONLY").isEmpty());
        assertTrue(Direction.SENDRECV.sends() && Direction.SENDRECV.receives());
    }

    @Test
    void codecConstruction() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("minptime", "10");
        params.put("useinbandfec", "1");
        Codec opus = Codec.of(111, "opus", 48000, 2).withFmtp(params).withRtcpFeedback(List.of("transport-cc"));
        assertEquals("minptime=10;useinbandfec=1", opus.fmtpLine());
        assertEquals(params, opus.fmtp());
        assertEquals("111 opus/48000/2", opus.rtpmapValue());
        assertTrue(opus.isNamed("OPUS"));
        Codec rtx = Codec.rtx(97, 96, 90000);
        assertEquals(96, rtx.apt().orElseThrow());
        assertEquals("97 rtx/90000", rtx.rtpmapValue());
        assertTrue(Codec.of(96, "VP8", 90000).apt().isEmpty());
        assertEquals(Map.of("a", "1", "flag", ""), Codec.of(1, "x", 1).withFmtp(" a=1; ;flag;a=2 ").fmtp());
    }
}
