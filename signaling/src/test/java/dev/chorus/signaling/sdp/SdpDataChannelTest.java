package dev.chorus.signaling.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpDataChannelTest {
    private final SessionDescription offer = SdpFixtures.parse(SdpFixtures.CHROME_DATACHANNEL);
    private final MediaDescription data = offer.media().get(0);

    @Test
    void applicationSection() {
        assertEquals(List.of("WMS"), offer.msidSemantics());
        assertEquals("application", data.kind());
        assertEquals("UDP/DTLS/SCTP", data.protocol());
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertTrue(data.codecs().isEmpty());
        assertEquals(5000, data.sctpPort());
        assertEquals(262144L, data.maxMessageSize());
        assertEquals("0", data.mid());
        assertEquals(Direction.SENDRECV, data.direction());
        assertFalse(data.rtcpMux());
        assertEquals(List.of(), data.otherAttributes());
    }

    @Test
    void ipv6HostCandidate() {
        IceCandidate v6 = data.candidates().get(1);
        assertEquals("fd00:1234:5678::abcd", v6.address());
        assertEquals(57191, v6.port());
        assertFalse(v6.isMdns());
        assertTrue(data.candidates().get(0).isMdns());
    }

    @Test
    void writerOmitsImpliedDirectionForDataChannels() {
        String sdp = SdpWriter.write(offer);
        assertFalse(sdp.contains("a=sendrecv"));
        assertTrue(sdp.contains("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"));
        assertTrue(sdp.contains("a=sctp-port:5000\r\na=max-message-size:262144\r\n"));
    }
}
