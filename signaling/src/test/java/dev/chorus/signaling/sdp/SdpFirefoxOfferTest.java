package dev.chorus.signaling.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SdpFirefoxOfferTest {
    private final SessionDescription offer = SdpFixtures.parse(SdpFixtures.FIREFOX_OFFER);
    private final MediaDescription audio = offer.media().get(0);
    private final MediaDescription video = offer.media().get(1);

    @Test
    void sessionLevelFingerprintAndIceOptions() {
        assertEquals("mozilla...THIS_IS_SDPARTA-128.0", offer.origin().username());
        assertEquals("6617052381227599960", offer.origin().sessionId());
        assertEquals(0, offer.origin().sessionVersion());
        Fingerprint fp = offer.fingerprint();
        assertEquals("sha-256", fp.algorithm());
        // mixed case as written; equality ignores case
        assertEquals(new Fingerprint("SHA-256", fp.value().toUpperCase()), fp);
        assertEquals(fp.hashCode(), new Fingerprint("SHA-256", fp.value().toLowerCase()).hashCode());
        assertEquals(List.of("trickle"), offer.iceOptions());
        assertEquals(List.of("WMS", "*"), offer.msidSemantics());
        assertEquals(List.of("0", "1"), offer.bundleMids());
        assertTrue(!offer.extmapAllowMixed());
    }

    @Test
    void mediaFallsBackToSessionTransport() {
        for (MediaDescription m : offer.media()) {
            assertNull(m.fingerprint());
            assertEquals(offer.fingerprint(), m.effectiveFingerprint(offer));
            assertEquals(List.of("trickle"), m.effectiveIceOptions(offer));
            assertEquals("c0ffee12", m.effectiveIceUfrag(offer));
            assertEquals("7d4c2a1b9e8f0a3b6c5d4e2f", m.effectiveIcePwd(offer));
            assertEquals("actpass", m.effectiveSetup(offer));
            assertEquals(Direction.SENDRECV, m.direction());
            assertEquals(Direction.SENDRECV, m.direction().reverse());
            assertNull(m.rtcp());
            assertEquals(List.of(), m.otherAttributes());
        }
    }

    @Test
    void audioCodecsAndExtensions() {
        assertEquals(List.of(109, 9, 0, 8, 101), audio.codecs().stream().map(Codec::payloadType).toList());
        Codec opus = audio.codec(109).orElseThrow();
        assertEquals(Map.of("maxplaybackrate", "48000", "stereo", "1", "useinbandfec", "1"), opus.fmtp());
        assertEquals(Map.of("0-15", ""), audio.codec(101).orElseThrow().fmtp());
        assertEquals(1, audio.codec(9).orElseThrow().channels());
        HeaderExtension csrc = audio.extensions().get(1);
        assertEquals(2, csrc.id());
        assertEquals(Direction.RECVONLY, csrc.direction());
        assertEquals("urn:ietf:params:rtp-hdrext:csrc-audio-level", csrc.uri());
        assertEquals(OptionalInt.of(3), audio.extensionId(HeaderExtension.SDES_MID));
        assertEquals("{7e2b1c44-9d0a-4f3e-8b65-2a1c0d9e8f7b}", audio.msid().streamId());
        assertEquals("{5f0a9e3b-7c21-4d8e-a6f4-0b1c2d3e4f50}", audio.ssrcs().get(0).cname());
        assertTrue(!audio.rtcpRsize());
    }

    @Test
    void fmtpBeforeRtpmapIsAttached() {
        assertEquals(List.of(120, 124, 121, 125, 126, 127, 97, 98, 123, 122, 119),
                video.codecs().stream().map(Codec::payloadType).toList());
        assertEquals(124, video.rtxFor(120).orElseThrow().payloadType());
        assertEquals(125, video.rtxFor(121).orElseThrow().payloadType());
        assertEquals(127, video.rtxFor(126).orElseThrow().payloadType());
        assertEquals(98, video.rtxFor(97).orElseThrow().payloadType());
        assertEquals(119, video.rtxFor(122).orElseThrow().payloadType());
        assertEquals("12288", video.codec(120).orElseThrow().fmtpParam("max-fs"));
        assertEquals(List.of("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"),
                video.codec(126).orElseThrow().rtcpFeedback());
        assertEquals(List.of(), video.codec(124).orElseThrow().rtcpFeedback());
        assertEquals(OptionalInt.of(4), video.extensionId(HeaderExtension.ABS_SEND_TIME));
        assertEquals(OptionalInt.of(7), video.extensionId(HeaderExtension.TRANSPORT_CC));
        assertEquals(Direction.RECVONLY, video.extensions().get(3).direction());
        assertEquals(List.of(new SsrcGroup("FID", List.of(1361916090L, 2873452671L))), video.ssrcGroups());
        assertTrue(video.rtcpRsize());
    }

    @Test
    void candidatesIpv6TcpRelayAndEndOfCandidates() {
        assertTrue(audio.endOfCandidates());
        assertEquals(5, audio.candidates().size());
        IceCandidate v6 = audio.candidates().get(0);
        assertEquals("2001:db8:85a3::8a2e:370:7334", v6.address());
        assertEquals("UDP", v6.transport());
        assertTrue(v6.isUdp());
        assertEquals(49760, v6.port());
        assertTrue(v6.extensions().isEmpty());
        IceCandidate tcp = audio.candidates().get(2);
        assertEquals("active", tcp.tcpType());
        IceCandidate relay = audio.candidates().get(4);
        assertEquals(IceCandidate.Type.RELAY, relay.type());
        assertEquals(92217343L, relay.priority());
        assertEquals("203.0.113.50", relay.relatedAddress());
        assertEquals(51211, relay.relatedPort());
        assertEquals(IceCandidate.Type.SRFLX, audio.candidates().get(3).type());
    }
}
