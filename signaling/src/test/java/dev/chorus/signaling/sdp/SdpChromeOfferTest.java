package dev.chorus.signaling.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdpChromeOfferTest {
    private final SessionDescription offer = SdpFixtures.parse(SdpFixtures.CHROME_OFFER);
    private final MediaDescription audio = offer.media().get(0);
    private final MediaDescription video = offer.media().get(1);

    @Test
    void sessionLevel() {
        assertEquals(new Origin("-", "4611731400430051336", 2, "IP4", "127.0.0.1"), offer.origin());
        assertEquals("-", offer.sessionName());
        assertEquals(List.of("0", "1"), offer.bundleMids());
        assertTrue(offer.extmapAllowMixed());
        assertEquals(List.of("WMS", "5d5b8c1e-3c8e-4c3a-9a8e-0b7a1f2c3d4e"), offer.msidSemantics());
        assertNull(offer.fingerprint());
        assertNull(offer.iceUfrag());
        assertFalse(offer.iceLite());
        assertEquals(2, offer.media().size());
        assertEquals(List.of(), offer.otherAttributes());
    }

    @Test
    void transportIsPerSectionAndResolvable() {
        for (MediaDescription m : offer.media()) {
            assertEquals("Hp3w", m.effectiveIceUfrag(offer));
            assertEquals("Q4kLoX5cG3n2Zs8v0eT9yR1u", m.effectiveIcePwd(offer));
            assertEquals(List.of("trickle"), m.effectiveIceOptions(offer));
            assertEquals("actpass", m.effectiveSetup(offer));
            assertEquals(new Fingerprint("sha-256", "5a:0e:b3:f4:9b:2c:7d:1e:6f:80:a1:b2:c3:d4:e5:f6:"
                    + "07:18:29:3a:4b:5c:6d:7e:8f:90:a1:b2:c3:d4:e5:f6"), m.effectiveFingerprint(offer));
            assertTrue(m.rtcpMux());
            assertTrue(m.rtcpRsize());
            assertEquals("9 IN IP4 0.0.0.0", m.rtcp());
            assertEquals(Connection.IP4_ANY, m.connection());
            assertEquals("UDP/TLS/RTP/SAVPF", m.protocol());
            assertEquals(9, m.port());
            assertFalse(m.isRejected());
        }
    }

    @Test
    void audioSection() {
        assertEquals("audio", audio.kind());
        assertEquals("0", audio.mid());
        assertEquals(Direction.SENDONLY, audio.direction());
        assertEquals(List.of("111", "63", "9", "0", "8", "13", "110", "126"), audio.formats());
        assertEquals(List.of(111, 63, 9, 0, 8, 13, 110, 126),
                audio.codecs().stream().map(Codec::payloadType).toList());
        Codec opus = audio.codec(111).orElseThrow();
        assertEquals("opus", opus.name());
        assertEquals(48000, opus.clockRate());
        assertEquals(2, opus.channels());
        assertEquals("minptime=10;useinbandfec=1", opus.fmtpLine());
        assertEquals(Map.of("minptime", "10", "useinbandfec", "1"), opus.fmtp());
        assertEquals(List.of("transport-cc"), opus.rtcpFeedback());
        assertEquals("111/111", audio.codec(63).orElseThrow().fmtpLine());
        assertEquals(1, audio.codec(0).orElseThrow().channels());
        assertEquals(2, audio.codecsNamed("telephone-event").size());
        assertEquals(1, audio.codecsNamed("cn").size());
        assertEquals(new Msid("5d5b8c1e-3c8e-4c3a-9a8e-0b7a1f2c3d4e", "0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d"),
                audio.msid());
        assertEquals(OptionalInt.of(1), audio.extensionId(HeaderExtension.AUDIO_LEVEL));
        assertEquals(OptionalInt.of(4), audio.extensionId(HeaderExtension.SDES_MID));
        Ssrc ssrc = audio.ssrcs().get(0);
        assertEquals(3735928559L, ssrc.ssrc());
        assertEquals("yJ4tY2b0eXc1Qm9z", ssrc.cname());
        assertEquals("5d5b8c1e-3c8e-4c3a-9a8e-0b7a1f2c3d4e 0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d", ssrc.msid());
        assertEquals(List.of(), audio.otherAttributes());
    }

    @Test
    void videoCodecsKeepMLineOrder() {
        assertEquals("1", video.mid());
        assertEquals(Direction.SENDONLY, video.direction());
        assertEquals(25, video.codecs().size());
        assertEquals(List.of(96, 97, 102, 103, 104, 105, 106, 107, 108, 109, 127, 125, 39, 40, 45, 46, 98, 99, 100,
                101, 112, 113, 116, 117, 118), video.codecs().stream().map(Codec::payloadType).toList());
        Codec vp8 = video.codec(96).orElseThrow();
        assertEquals(List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"), vp8.rtcpFeedback());
        assertTrue(vp8.hasFeedback("nack pli"));
        assertEquals("", vp8.fmtpLine());
        assertEquals(7, video.codecsNamed("h264").size());
        assertEquals("2", video.codec(100).orElseThrow().fmtpParam("profile-id"));
        assertEquals("5", video.codec(45).orElseThrow().fmtp().get("level-idx"));
        assertEquals(List.of("level-asymmetry-allowed", "packetization-mode", "profile-level-id"),
                List.copyOf(video.codec(112).orElseThrow().fmtp().keySet()));
        assertEquals("64001f", video.codec(112).orElseThrow().fmtpParam("profile-level-id"));
        assertEquals(1, video.codecsNamed("ulpfec").size());
    }

    @ParameterizedTest
    @CsvSource({"96,97", "102,103", "104,105", "106,107", "108,109", "127,125", "39,40", "45,46", "98,99",
            "100,101", "112,113", "116,117"})
    void rtxAptMapping(int media, int rtx) {
        Codec rtxCodec = video.rtxFor(media).orElseThrow();
        assertEquals(rtx, rtxCodec.payloadType());
        assertEquals(OptionalInt.of(media), rtxCodec.apt());
        assertTrue(rtxCodec.isRtx());
    }

    @ParameterizedTest
    @CsvSource({
            "urn:ietf:params:rtp-hdrext:toffset,14",
            "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time,2",
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01,3",
            "urn:ietf:params:rtp-hdrext:sdes:mid,4",
            "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id,10",
            "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id,11",
            "urn:3gpp:video-orientation,13"})
    void videoExtensionIds(String uri, int id) {
        assertEquals(OptionalInt.of(id), video.extensionId(uri));
    }

    @Test
    void videoSsrcsAndFidGroup() {
        assertEquals(List.of(new SsrcGroup("FID", List.of(2231627014L, 632943048L))), video.ssrcGroups());
        assertEquals(List.of(2231627014L, 632943048L), video.ssrcs().stream().map(Ssrc::ssrc).toList());
        assertEquals("yJ4tY2b0eXc1Qm9z", video.ssrc(632943048L).orElseThrow().cname());
        assertEquals(1, video.ssrcGroups(SsrcGroup.FID).size());
        assertTrue(video.rids().isEmpty());
        assertNull(video.simulcast());
    }

    @Test
    void candidatesIncludingMdnsAndTcp() {
        assertEquals(4, audio.candidates().size());
        assertFalse(audio.endOfCandidates());
        assertTrue(video.candidates().isEmpty());
        IceCandidate host = audio.candidates().get(0);
        assertEquals("1467250027", host.foundation());
        assertEquals(1, host.component());
        assertEquals("udp", host.transport());
        assertEquals(2122260223L, host.priority());
        assertEquals("1f0c6b04-8a7e-4b3d-9c2a-5e6f7a8b9c0d.local", host.address());
        assertTrue(host.isMdns());
        assertEquals(54400, host.port());
        assertEquals(IceCandidate.Type.HOST, host.type());
        assertEquals(List.of("generation", "network-id", "network-cost"), List.copyOf(host.extensions().keySet()));
        assertEquals("10", host.extensions().get("network-cost"));
        IceCandidate srflx = audio.candidates().get(2);
        assertEquals(IceCandidate.Type.SRFLX, srflx.type());
        assertEquals("203.0.113.7", srflx.address());
        assertEquals("0.0.0.0", srflx.relatedAddress());
        assertEquals(0, srflx.relatedPort());
        IceCandidate tcp = audio.candidates().get(3);
        assertEquals("tcp", tcp.transport());
        assertEquals("active", tcp.tcpType());
        assertEquals(9, tcp.port());
        assertFalse(tcp.isUdp());
    }
}
