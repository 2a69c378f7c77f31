package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.config.ServerConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WHIP/WHEP over HTTP (Java's HttpClient, browser SDP fixtures turned sendonly/recvonly): every status
 * code, and that nothing is left behind after DELETE, after an error, and after a client vanishes.
 */
@Timeout(60)
class WhipProtocolTest {
    private TestServer t;
    private String room;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(ServerConfig.ephemeralLoopback());
        room = t.createRoom();
    }

    @AfterEach
    void stop() {
        t.close();
    }

    static String fixture(String name) throws Exception {
        try (InputStream in = WhipProtocolTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        }
    }

    /** Chrome's camera+microphone offer (sendonly). */
    static String whipOffer() throws Exception {
        return fixture("chrome-offer.sdp");
    }

    /** The same offer as a viewer would make it: recvonly, no sending streams. */
    static String whepOffer() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String line : whipOffer().split("\r\n")) {
            if (line.startsWith("a=ssrc") || line.startsWith("a=msid:")) {
                continue;
            }
            sb.append(line.equals("a=sendonly") ? "a=recvonly" : line).append("\r\n");
        }
        return sb.toString();
    }

    HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.server.httpPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return t.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String sdp, String... headers) throws Exception {
        return send("POST", path, "application/sdp", sdp, headers);
    }

    /** Everyone with a transport in the room, hidden viewers included. */
    int present() throws Exception {
        return t.get("/api/rooms/" + room + "/stats").path("participants").size();
    }

    void assertClean() throws Exception {
        assertEquals(0, present(), "participants left behind");
        assertEquals(0, t.get("/api/rooms/" + room).path("participants").size());
        assertEquals(0, t.server.whipSessions().size(), "sessions left behind");
        JsonNode stats = t.get("/api/rooms/" + room + "/stats");
        assertEquals(0, stats.path("participants").size(), "transports left behind");
    }

    @Test
    void whipPublishesAndDeleteCleansUp() throws Exception {
        HttpResponse<String> res = post("/whip/" + room + "?name=OBS", whipOffer());
        assertEquals(201, res.statusCode(), res.body());
        assertEquals("application/sdp", res.headers().firstValue("Content-Type").orElse(""));
        String location = res.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/whip/" + room + "/"), location);
        assertTrue(res.headers().firstValue("ETag").isPresent());
        assertEquals("*", res.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(res.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("Location"));
        assertTrue(res.body().startsWith("v=0"), res.body());
        assertTrue(res.body().contains("a=recvonly"), res.body());
        JsonNode ps = t.get("/api/rooms/" + room).path("participants");
        assertEquals(1, ps.size());
        assertEquals("OBS", ps.get(0).path("name").asText());

        HttpResponse<String> del = send("DELETE", location, null, null);
        assertEquals(200, del.statusCode(), del.body());
        assertClean();
        assertEquals(404, send("DELETE", location, null, null).statusCode());
    }

    /** A simulcast WHIP offer (Chrome 156, three rids) is answered with the layers received. */
    @Test
    void whipAcceptsSimulcast() throws Exception {
        HttpResponse<String> res = post("/whip/" + room + "?name=sim", fixture("chrome156-simulcast-offer.sdp"));
        assertEquals(201, res.statusCode(), res.body());
        String body = res.body();
        assertTrue(body.contains("a=simulcast:recv q;h;f"), body);
        for (String rid : new String[] {"q", "h", "f"}) {
            assertTrue(body.contains("a=rid:" + rid + " recv"), body);
        }
        HttpResponse<String> view = post("/whep/" + room, whepOffer());
        assertEquals(201, view.statusCode(), view.body());
        assertEquals(0, view.body().lines().filter(l -> l.startsWith("a=simulcast")).count(),
                "viewers get one stream per track: " + view.body());
        assertEquals(2, consumers(), "the viewer gets the simulcast publisher's audio and video");
    }

    /**
     * GStreamer's webrtcbin (1.22, max-bundle) offers every m-line after the first with port 0 and
     * {@code a=bundle-only} (RFC 8843 §6): that is a bundled section, not a rejected one — answered in
     * the BUNDLE group with its own DTLS fingerprint (webrtcbin refuses an answer without), and
     * published. Every answered section carries {@code c=} (RFC 4566).
     */
    @Test
    void whipAcceptsBundleOnlySections() throws Exception {
        HttpResponse<String> res = post("/whip/" + room + "?name=gst", fixture("gstreamer-1.22-whip-offer.sdp"));
        assertEquals(201, res.statusCode(), res.body());
        String body = res.body();
        assertTrue(body.contains("a=group:BUNDLE video0 audio1"), body);
        String audio = body.substring(body.indexOf("m=audio"));
        assertTrue(audio.startsWith("m=audio 9 "), audio);
        assertTrue(audio.contains("a=fingerprint:sha-256 "), audio);
        assertTrue(audio.contains("a=recvonly"), audio);
        assertEquals(2, body.lines().filter(l -> l.equals("c=IN IP4 0.0.0.0")).count(), body);
        HttpResponse<String> view = post("/whep/" + room, whepOffer());
        assertEquals(201, view.statusCode(), view.body());
        assertEquals(2, consumers(), "the viewer gets GStreamer's video and its bundle-only audio");
    }

    @Test
    void nameFromHeaderAndDefault() throws Exception {
        assertEquals(201, post("/whip/" + room, whipOffer(), "X-Chorus-Name", "gst").statusCode());
        assertEquals(201, post("/whip/" + room, whipOffer()).statusCode());
        JsonNode ps = t.get("/api/rooms/" + room).path("participants");
        java.util.Set<String> names = new java.util.HashSet<>();
        ps.forEach(p -> names.add(p.path("name").asText()));
        assertEquals(java.util.Set.of("gst", "WHIP publisher"), names);
    }

    @Test
    void whepReceivesThePublisher() throws Exception {
        HttpResponse<String> pub = post("/whip/" + room, whipOffer());
        assertEquals(201, pub.statusCode(), pub.body());
        String publisher = pub.headers().firstValue("X-Chorus-Participant").orElseThrow();
        HttpResponse<String> view = post("/whep/" + room + "/" + publisher, whepOffer());
        assertEquals(201, view.statusCode(), view.body());
        String body = view.body();
        assertTrue(body.contains("a=sendonly"), body);
        assertTrue(body.contains("a=msid:" + publisher), body);
        String location = view.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/whep/" + room + "/"), location);
        // the viewer is hidden: browsers (and the REST view) see only the publisher
        assertEquals(1, t.get("/api/rooms/" + room).path("participants").size());
        assertEquals(2, present());
        HttpResponse<String> any = post("/whep/" + room, whepOffer());
        assertEquals(201, any.statusCode(), any.body());
        assertTrue(any.body().contains("a=msid:" + publisher), "the first publisher by default: " + any.body());
        assertEquals(404, post("/whep/" + room + "/nobody", whepOffer()).statusCode());
        assertEquals(200, send("DELETE", location, null, null).statusCode());
        assertEquals(200, send("DELETE", any.headers().firstValue("Location").orElseThrow(), null, null).statusCode());
        assertEquals(200, send("DELETE", pub.headers().firstValue("Location").orElseThrow(), null, null).statusCode());
        assertClean();
    }

    /**
     * A viewer that comes before any publisher cannot be asked to renegotiate later: its m-lines are
     * answered sendonly under reserved SSRCs (not inactive), and the first publisher's tracks go there.
     */
    @Test
    void whepBeforeAnyPublisherGetsTheFirstPublisher() throws Exception {
        HttpResponse<String> view = post("/whep/" + room, whepOffer());
        assertEquals(201, view.statusCode(), view.body());
        String body = view.body();
        assertEquals(0, body.lines().filter(l -> l.equals("a=inactive")).count(), body);
        assertEquals(2, body.lines().filter(l -> l.equals("a=sendonly")).count(), body);
        assertTrue(body.lines().anyMatch(l -> l.startsWith("a=ssrc:")), body);
        assertEquals(0, consumers(), "nothing to send yet");

        HttpResponse<String> pub = post("/whip/" + room, whipOffer());
        assertEquals(201, pub.statusCode(), pub.body());
        assertEquals(2, consumers(), "the publisher's audio and video now go to the viewer");
        assertEquals(200, send("DELETE", view.headers().firstValue("Location").orElseThrow(), null, null).statusCode());
        assertEquals(200, send("DELETE", pub.headers().firstValue("Location").orElseThrow(), null, null).statusCode());
        assertClean();
    }

    /** Consumers of every transport in the room (the viewer's: a WHIP publisher receives nothing). */
    int consumers() throws Exception {
        int n = 0;
        for (JsonNode p : t.get("/api/rooms/" + room + "/stats").path("participants")) {
            n += p.path("transport").path("consumers").size();
        }
        return n;
    }

    @Test
    void whepInMcuModeGetsTheCompositeAndAMix() throws Exception {
        HttpResponse<String> created = send("POST", "/api/rooms", "application/json", "{\"mode\":\"mcu\"}");
        assertEquals(201, created.statusCode(), created.body());
        room = dev.chorus.signaling.protocol.Messages.JSON.readTree(created.body()).path("roomId").asText();
        assertEquals(201, post("/whip/" + room, whipOffer()).statusCode());
        HttpResponse<String> view = post("/whep/" + room, whepOffer());
        assertEquals(201, view.statusCode(), view.body());
        long composite = view.body().lines().filter(l -> l.startsWith("a=msid:mcu ")).count();
        assertEquals(2, composite, "composite video and the viewer's mix: " + view.body());
        assertEquals(1, t.get("/api/rooms/" + room).path("participants").size());
        assertEquals(2, present());
        for (String loc : new String[] {view.headers().firstValue("Location").orElseThrow()}) {
            assertEquals(200, send("DELETE", loc, null, null).statusCode());
        }
        assertEquals(1, present());
    }

    @Test
    void patchTricklesAndRestartsIce() throws Exception {
        HttpResponse<String> res = post("/whip/" + room, whipOffer());
        String location = res.headers().firstValue("Location").orElseThrow();
        String etag = res.headers().firstValue("ETag").orElseThrow();
        String trickle = "a=ice-ufrag:Hp3w\r\na=ice-pwd:Q4kLoX5cG3n2Zs8v0eT9yR1u\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n"
                + "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\n";
        HttpResponse<String> p1 = send("PATCH", location, "application/trickle-ice-sdpfrag", trickle, "If-Match", etag);
        assertEquals(204, p1.statusCode(), p1.body());
        assertEquals(412, send("PATCH", location, "application/trickle-ice-sdpfrag", trickle, "If-Match", "\"x\"")
                .statusCode());
        assertEquals(415, send("PATCH", location, "application/sdp", trickle).statusCode());
        String restart = "a=ice-ufrag:newU\r\na=ice-pwd:newpasswordnewpassword12\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n";
        HttpResponse<String> p2 = send("PATCH", location, "application/trickle-ice-sdpfrag", restart, "If-Match", etag);
        assertEquals(200, p2.statusCode(), p2.body());
        assertEquals("application/trickle-ice-sdpfrag", p2.headers().firstValue("Content-Type").orElse(""));
        assertTrue(p2.body().contains("a=ice-ufrag:"), p2.body());
        assertTrue(p2.body().contains("a=candidate:"), p2.body());
        assertNotEquals(etag, p2.headers().firstValue("ETag").orElseThrow());
        assertEquals(404, send("PATCH", "/whip/" + room + "/nope", "application/trickle-ice-sdpfrag", trickle)
                .statusCode());
    }

    @Test
    void optionsAnswersPreflight() throws Exception {
        HttpResponse<String> res = send("OPTIONS", "/whip/" + room, null, null);
        assertEquals(204, res.statusCode());
        assertEquals("application/sdp", res.headers().firstValue("Accept-Post").orElse(""));
        assertTrue(res.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertTrue(res.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
        assertTrue(res.headers().firstValue("Link").isEmpty(), "no TURN configured");
        assertEquals(204, send("OPTIONS", "/whep/" + room, null, null).statusCode());
    }

    /** STUN/TURN configured: OPTIONS and 201 list them (RFC 9725 §4.6), and browsers get them in joined. */
    @Test
    void iceServersWhenConfigured() throws Exception {
        t.close();
        t = new TestServer(ServerConfig.ephemeralLoopback().withIceServers(new dev.chorus.signaling.config.IceServersConfig(
                java.util.List.of("stun:stun.example.org", "turn:turn.example.org:3478?transport=udp"), null, null,
                "north", 600)));
        room = t.createRoom();
        HttpResponse<String> pre = send("OPTIONS", "/whip/" + room, null, null);
        java.util.List<String> links = pre.headers().allValues("Link");
        assertEquals(2, links.size(), links.toString());
        assertEquals("<stun:stun.example.org>; rel=\"ice-server\"", links.get(0));
        assertTrue(links.get(1).matches("<turn:turn\\.example\\.org:3478\\?transport=udp>; rel=\"ice-server\"; "
                + "username=\"\\d+:preflight\"; credential=\"[A-Za-z0-9+/=]{28}\"; credential-type=\"password\""), links.get(1));
        HttpResponse<String> created = post("/whip/" + room, whipOffer());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(2, created.headers().allValues("Link").size(), created.headers().map().toString());

        try (WsClient c = t.connect()) {
            JsonNode servers = TestServer.joinOk(c, room, "Ann").path("iceServers");
            assertEquals(2, servers.size(), servers.toString());
            assertEquals("stun:stun.example.org", servers.get(0).path("urls").get(0).asText());
            String user = servers.get(1).path("username").asText();
            long expiry = Long.parseLong(user.substring(0, user.indexOf(':')));
            long now = System.currentTimeMillis() / 1000;
            assertTrue(expiry > now + 500 && expiry <= now + 600, user);
            assertEquals(28, servers.get(1).path("credential").asText().length());
        }
    }

    void assertError(int status, HttpResponse<String> res) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(!res.body().isBlank());
        assertClean();
    }

    @Test
    void errorsLeaveNothingBehind() throws Exception {
        long refusedBefore = t.rejected("whip");
        assertError(415, send("POST", "/whip/" + room, "text/plain", whipOffer()));
        assertError(400, post("/whip/" + room, "this is not sdp"));
        assertError(400, post("/whip/" + room, whipOffer().replaceAll("a=ice-pwd:[^\r]*\r\n", "")));
        assertError(404, post("/whip/" + "no-such-room", whipOffer()));
        assertError(405, send("GET", "/whip/" + room, null, null));
        assertError(405, send("PUT", "/whip/" + room + "/x", "application/sdp", whipOffer()));
        String noCodec = whipOffer().replace("opus/", "x-opus/").replace("VP8/", "x-vp8/").replace("H264/", "x-h264/");
        assertError(406, post("/whip/" + room, noCodec));
        assertError(422, post("/whip/" + room, whipOffer().replace("a=sendonly", "a=sendrecv")));
        assertError(422, post("/whip/" + room, whepOffer()));
        assertError(422, post("/whep/" + room, whipOffer()));
        String big = whipOffer() + "a=x-padding:" + "x".repeat(40_000) + "\r\n";
        assertError(413, post("/whip/" + room, big));
        assertError(404, send("DELETE", "/whep/" + room + "/unknown", null, null));
        assertEquals(refusedBefore + 12, t.rejected("whip"), "every refusal is counted in /health");
        assertEquals(204, send("OPTIONS", "/whip/" + room, null, null).statusCode());
        assertEquals(refusedBefore + 12, t.rejected("whip"), "a preflight is no refusal");
    }

    @Test
    void bearerTokenWhenConfigured() throws Exception {
        t.close();
        t = new TestServer(ServerConfig.ephemeralLoopback().withWhipToken("s3cret"));
        room = t.createRoom();
        assertTrue(t.server.whipSessions() != null);
        assertError(401, post("/whip/" + room, whipOffer()));
        assertError(403, post("/whip/" + room, whipOffer(), "Authorization", "Bearer wrong"));
        HttpResponse<String> ok = post("/whip/" + room, whipOffer(), "Authorization", "Bearer s3cret");
        assertEquals(201, ok.statusCode(), ok.body());
        String location = ok.headers().firstValue("Location").orElseThrow();
        assertEquals(401, send("DELETE", location, null, null).statusCode());
        assertEquals(200, send("DELETE", location, null, null, "Authorization", "Bearer s3cret").statusCode());
        assertClean();
    }

    @Test
    void vanishedClientIsReaped() throws Exception {
        t.server.whipSessions().setIceTimeout(Duration.ofSeconds(1));
        assertEquals(201, post("/whip/" + room, whipOffer()).statusCode());
        assertEquals(201, post("/whep/" + room, whepOffer()).statusCode());
        assertEquals(2, present());
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (present() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertClean();
        assertNotNull(t.get("/health"));
    }
}
