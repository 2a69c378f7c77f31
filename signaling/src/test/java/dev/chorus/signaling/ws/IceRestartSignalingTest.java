package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.sdp.MediaDescription;
import dev.chorus.signaling.sdp.SdpParser;
import dev.chorus.signaling.sdp.SessionDescription;
import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.testing.RunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ICE restart over the WebSocket (docs/protocol.md, Staying connected): a re-offer with new
 * ice-ufrag/ice-pwd is answered with new server credentials, the same DTLS fingerprint and a
 * candidate on the media port; a re-offer with unchanged credentials keeps the server's.
 */
@Timeout(60)
class IceRestartSignalingTest {
    private static final String UFRAG = "a=ice-ufrag:Hp3w";
    private static final String PWD = "a=ice-pwd:Q4kLoX5cG3n2Zs8v0eT9yR1u";
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback());
    private static HttpClient http;
    private final List<WsClient> clients = new ArrayList<>();

    /** The ICE and DTLS parameters an answer gives (from its first m-line; BUNDLE shares them). */
    record AnswerIce(String ufrag, String pwd, String fingerprint, String candidate) {
        static AnswerIce of(String sdp) throws Exception {
            SessionDescription a = SdpParser.parse(sdp);
            MediaDescription m = a.media().get(0);
            assertFalse(m.candidates().isEmpty(), "the answer has no candidate:\n" + sdp);
            return new AnswerIce(m.effectiveIceUfrag(a), m.effectiveIcePwd(a),
                    m.effectiveFingerprint(a).value(), m.candidates().get(0).toSdpValue());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
    }

    private static String createRoom() throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + SERVER.server().httpPort() + "/api/rooms"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, res.statusCode(), res.body());
        return Messages.JSON.readTree(res.body()).path("roomId").asText();
    }

    private AnswerIce answer(WsClient c, String sdp) throws Exception {
        c.send(MediaControlProtocolTest.offer(sdp));
        return AnswerIce.of(MediaControlProtocolTest.until(c, "answer").path("sdp").asText());
    }

    @Test
    void newOfferCredentialsRestartIceAndUnchangedOnesKeepIt() throws Exception {
        WsClient c = WsClient.connect(http, SERVER.server().httpPort());
        clients.add(c);
        MediaControlProtocolTest.joinOk(c, createRoom(), "Ria");
        String offer = MediaControlProtocolTest.fixture("chrome-offer.sdp");

        AnswerIce first = answer(c, offer);
        assertNotNull(first.ufrag());
        assertNotNull(first.pwd());

        AnswerIce same = answer(c, offer);
        assertEquals(first, same, "a re-offer with unchanged credentials must keep the server's");

        String restarted = offer.replace(UFRAG, "a=ice-ufrag:N3wU").replace(PWD, "a=ice-pwd:Zr8v0eT9yR1uQ4kLoX5cG3n2");
        AnswerIce second = answer(c, restarted);
        assertNotEquals(first.ufrag(), second.ufrag(), "a restart brings a new server ufrag");
        assertNotEquals(first.pwd(), second.pwd(), "and a new server password");
        assertEquals(first.fingerprint(), second.fingerprint(), "DTLS keeps its certificate");
        assertEquals(first.candidate(), second.candidate(), "the one media port");

        assertEquals(second, answer(c, restarted), "after the restart, unchanged credentials keep the new ones");

        // a changed password alone is a restart too (RFC 8839 §4.4.1.1.1 changes both; we do not insist)
        AnswerIce third = answer(c, restarted.replace("a=ice-pwd:Zr8v0eT9yR1uQ4kLoX5cG3n2",
                "a=ice-pwd:Yq7u9dS8xQ0tP3jKnW4bF2m1"));
        assertNotEquals(second.ufrag(), third.ufrag());
        assertEquals(first.fingerprint(), third.fingerprint());
    }
}
