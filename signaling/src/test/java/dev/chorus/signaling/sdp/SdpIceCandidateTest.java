package dev.chorus.signaling.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SdpIceCandidateTest {
    private static final String TRICKLED = "candidate:1467250027 1 udp 2122260223 "
            + "1f0c6b04-8a7e-4b3d-9c2a-5e6f7a8b9c0d.local 54400 typ host generation 0 ufrag Hp3w network-id 1 "
            + "network-cost 10";

    @Test
    void allThreeFormsParseTheSame() throws SdpParseException {
        IceCandidate a = IceCandidate.parse(TRICKLED);
        assertEquals(a, IceCandidate.parse("a=" + TRICKLED));
        assertEquals(a, IceCandidate.parse(TRICKLED.substring("candidate:".length())));
        assertEquals(a, IceCandidate.parse(" a=" + TRICKLED + "\r\n"));
        assertEquals("Hp3w", a.ufrag());
        assertEquals(List.of("generation", "ufrag", "network-id", "network-cost"),
                List.copyOf(a.extensions().keySet()));
        assertEquals(TRICKLED, a.toCandidateString());
        assertEquals(TRICKLED.substring("candidate:".length()), a.toSdpValue());
        assertTrue(a.isMdns());
        assertNull(a.relatedAddress());
        assertNull(a.relatedPort());
    }

    @Test
    void relayWithIpv6AndRelated() throws SdpParseException {
        IceCandidate c = IceCandidate.parse(
                "candidate:4 1 udp 41885439 2001:db8::10 3478 typ relay raddr 2001:db8::2 rport 50000 generation 0");
        assertEquals(IceCandidate.Type.RELAY, c.type());
        assertEquals("2001:db8::10", c.address());
        assertEquals("2001:db8::2", c.relatedAddress());
        assertEquals(50000, c.relatedPort());
        assertEquals("candidate:4 1 udp 41885439 2001:db8::10 3478 typ relay raddr 2001:db8::2 rport 50000 "
                + "generation 0", c.toCandidateString());
    }

    @Test
    void constructedServerCandidate() throws SdpParseException {
        IceCandidate c = IceCandidate.of("1", 1, "udp", 2130706431L, "192.0.2.1", 10000, IceCandidate.Type.HOST)
                .withExtension("generation", "0");
        assertEquals("1 1 udp 2130706431 192.0.2.1 10000 typ host generation 0", c.toSdpValue());
        assertEquals(c, IceCandidate.parse(c.toCandidateString()));
        IceCandidate tcp = IceCandidate.of("2", 1, "tcp", 1, "192.0.2.1", 443, IceCandidate.Type.HOST)
                .withTcpType("passive");
        assertEquals(tcp, IceCandidate.parse(tcp.toSdpValue()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "candidate:", "candidate:1 1 udp 1 1.2.3.4 5 host",
            "candidate:1 x udp 1 1.2.3.4 5 typ host",
            "candidate:1 1 udp -1 1.2.3.4 5 typ host",
            "candidate:1 1 udp 99999999999 1.2.3.4 5 typ host",
            "candidate:1 1 udp 1 1.2.3.4 65536 typ host",
            "candidate:1 1 udp 1 1.2.3.4 5 typ bogus",
            "candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr",
            "candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.1.1.1 rport x"})
    void malformedCandidatesAreRejected(String text) {
        assertThrows(SdpParseException.class, () -> IceCandidate.parse(text));
    }

    @Test
    void nullIsRejected() {
        assertThrows(SdpParseException.class, () -> IceCandidate.parse(null));
    }
}
