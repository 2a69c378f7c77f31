package dev.chorus.signaling.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.signaling.config.IceServersConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientIceServersTest {
    static final Clock AT_1700000000 = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    @Test
    void timeLimitedCredentialsFollowTheTurnRestApi() {
        // reference value: python3 -c "import hmac,hashlib,base64;
        //   print(base64.b64encode(hmac.new(b'north', b'1700000600:alice', hashlib.sha1).digest()))"
        assertEquals("gthUwOpcRoLI0MMCziCEBOWYnpo=", ClientIceServers.restCredential("north", "1700000600:alice"));
        ClientIceServers s = new ClientIceServers(new IceServersConfig(
                List.of("stun:s.example:3478", "turn:t.example:3478?transport=udp", "turns:t.example:5349"),
                null, null, "north", 600), AT_1700000000);
        List<ClientIceServers.Entry> e = s.issue("alice");
        assertEquals(2, e.size());
        assertEquals(new ClientIceServers.Entry(List.of("stun:s.example:3478"), null, null), e.get(0));
        assertEquals(new ClientIceServers.Entry(List.of("turn:t.example:3478?transport=udp", "turns:t.example:5349"),
                "1700000600:alice", "gthUwOpcRoLI0MMCziCEBOWYnpo="), e.get(1));
        assertEquals("1700000600:a_b", s.issue("a:b").get(1).username(), "a colon would end the expiry field");
    }

    @Test
    void staticCredentialsAsConfigured() {
        ClientIceServers s = new ClientIceServers(new IceServersConfig(List.of("turn:t.example:3478"), "u", "p", null,
                600));
        assertEquals(List.of(new ClientIceServers.Entry(List.of("turn:t.example:3478"), "u", "p")), s.issue("x"));
        assertTrue(new ClientIceServers(IceServersConfig.NONE).issue("x").isEmpty());
    }

    @Test
    void linkHeadersPerRfc9725() {
        List<ClientIceServers.Entry> e = List.of(new ClientIceServers.Entry(List.of("stun:s.example"), null, null),
                new ClientIceServers.Entry(List.of("turn:t.example?transport=udp"), "u\"1", "p\\2"));
        assertEquals(List.of("<stun:s.example>; rel=\"ice-server\"",
                "<turn:t.example?transport=udp>; rel=\"ice-server\"; username=\"u\\\"1\"; credential=\"p\\\\2\";"
                        + " credential-type=\"password\""), ClientIceServers.toLinkHeaders(e));
    }

    @Test
    void jsonIsRtcIceServerShaped() {
        var json = ClientIceServers.toJson(List.of(new ClientIceServers.Entry(List.of("stun:s"), null, null),
                new ClientIceServers.Entry(List.of("turn:t"), "u", "p")));
        assertEquals("[{\"urls\":[\"stun:s\"]},{\"urls\":[\"turn:t\"],\"username\":\"u\",\"credential\":\"p\"}]",
                json.toString());
    }
}
