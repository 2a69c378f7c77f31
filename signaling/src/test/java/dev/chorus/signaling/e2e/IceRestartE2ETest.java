package dev.chorus.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.e2e.ConferenceE2ETest.Participant;
import dev.chorus.signaling.testing.RunningServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ICE restart with real browsers (docs/protocol.md, ICE restart): two people exchange video, one browser
 * calls {@code RTCPeerConnection.restartIce()} and re-offers; its ICE connects again with new credentials
 * on both sides and a newly selected pair (a new socket of the browser), the server counts one restart
 * and no DTLS record after it (no new handshake), and both keep decoding.
 *
 * <p>The client restarts ICE by itself when its media path fails (ReconnectE2ETest); here the test asks it to
 * restart at once through {@code window.chorus.debug.restartIce()} (the same path: {@code restartIce()} and a
 * re-offer through the negotiation queue) and watches the page's peer connection through a wrapper installed
 * before the page's scripts run.
 */
class IceRestartE2ETest {
    static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");
    static final Duration RESTART_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps every RTCPeerConnection and WebSocket the page makes, and each pc's ICE connection states. */
    static final String HOOKS = """
            (() => {
              const t = { pcs: [], sockets: [], iceStates: [] };
              const PC = window.RTCPeerConnection;
              window.RTCPeerConnection = class extends PC {
                constructor(...args) {
                  super(...args);
                  t.pcs.push(this);
                  this.addEventListener('iceconnectionstatechange', () => t.iceStates.push(this.iceConnectionState));
                }
              };
              const WS = window.WebSocket;
              window.WebSocket = class extends WS {
                constructor(...args) { super(...args); t.sockets.push(this); }
              };
              Object.defineProperty(window, '__chorusTest', { value: t });
            })();
            """;

    /** The ICE side of the page's peer connection: ufrags of both descriptions, state, selected pair. */
    static final String ICE_SCRIPT = """
            const done = arguments[arguments.length - 1];
            const t = window.__chorusTest;
            const pc = t && t.pcs[t.pcs.length - 1];
            if (!pc || !pc.localDescription || !pc.remoteDescription) { done(JSON.stringify({ notReady: true })); return; }
            const ufrag = (sdp) => ((sdp || '').match(/a=ice-ufrag:(\\S+)/) || [])[1] || null;
            pc.getStats().then((stats) => {
              let transport = null;
              stats.forEach((s) => { if (s.type === 'transport') transport = s; });
              const pair = transport && transport.selectedCandidatePairId ? stats.get(transport.selectedCandidatePairId) : null;
              const local = pair ? stats.get(pair.localCandidateId) : null;
              done(JSON.stringify({
                state: pc.iceConnectionState,
                states: t.iceStates.slice(),
                localUfrag: ufrag(pc.localDescription.sdp),
                remoteUfrag: ufrag(pc.remoteDescription.sdp),
                dtlsState: transport ? transport.dtlsState : null,
                pairChanges: transport ? (transport.selectedCandidatePairChanges || 0) : 0,
                localCandidate: local ? (local.address || local.ip) + ':' + local.port : null,
                signalingState: pc.signalingState,
              }));
            }, (e) => done(JSON.stringify({ error: String(e) })));
            """;

    static final String RESTART_SCRIPT = """
            const t = window.__chorusTest;
            const pc = t.pcs[t.pcs.length - 1];
            t.iceStates.length = 0;
            const sender = pc.getSenders().find((x) => x.transport);
            const iceTransport = sender && sender.transport.iceTransport;
            if (iceTransport) {
              iceTransport.addEventListener('statechange', () => t.iceStates.push('transport:' + iceTransport.state));
              iceTransport.addEventListener('selectedcandidatepairchange', () => {
                const p = iceTransport.getSelectedCandidatePair();
                t.iceStates.push('pair:' + (p ? p.local.port + '>' + p.remote.port : 'none'));
              });
            }
            window.chorus.debug.restartIce();
            """;

    record Ice(String state, List<String> states, String localUfrag, String remoteUfrag, String dtlsState,
               int pairChanges, String localCandidate, String signalingState) {
        static Ice of(JsonNode n) {
            List<String> states = new ArrayList<>();
            n.path("states").forEach(s -> states.add(s.asText()));
            return new Ice(n.path("state").asText(), states, n.path("localUfrag").asText(null),
                    n.path("remoteUfrag").asText(null), n.path("dtlsState").asText(null), n.path("pairChanges").asInt(),
                    n.path("localCandidate").asText(null), n.path("signalingState").asText());
        }
    }

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback());

    @BeforeAll
    static void startServer() throws Exception {
        ChromiumBrowser.requireInstalled();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void restartIceInOneBrowserKeepsVideoFlowingBothWays() throws Exception {
        String roomId = ConferenceE2ETest.createRoomAt(SERVER.baseUrl());
        List<ChromiumBrowser> browsers = new ArrayList<>();
        boolean ok = false;
        try {
            List<Participant> people = new ArrayList<>();
            for (String name : List.of("R1", "R2")) {
                ChromiumBrowser b = ChromiumBrowser.launch(name);
                browsers.add(b);
                b.beforeEveryPage(HOOKS);
                b.open(SERVER.baseUrl() + "/r/" + roomId + "?name=" + name + "&autojoin=1&simulcast=0");
            }
            for (ChromiumBrowser b : browsers) people.add(ConferenceE2ETest.joined(b, roomId));
            for (Participant p : people) ConferenceE2ETest.awaitMediaFromOthers(p, people);

            ChromiumBrowser r1 = browsers.get(0);
            Ice before = Poll.until("R1 ICE connected", RESTART_TIMEOUT, () -> ice(r1),
                    i -> i != null && i.state().equals("connected") && i.localCandidate() != null);
            System.out.println("before restart: " + before);

            String r1Id = people.get(0).id();
            long dtlsBefore = dtlsRecords(transportOf(roomId, r1Id));
            long t0 = System.nanoTime();
            r1.execute(RESTART_SCRIPT);
            Ice after = Poll.until("R1 ICE connected again with new credentials", RESTART_TIMEOUT, () -> ice(r1),
                    i -> i != null && "stable".equals(i.signalingState())
                            && !before.remoteUfrag().equals(i.remoteUfrag())
                            && i.state().equals("connected") && i.pairChanges() > before.pairChanges());
            System.out.printf("after restart (%d ms): %s%n", (System.nanoTime() - t0) / 1_000_000, after);

            assertNotEquals(before.localUfrag(), after.localUfrag(), "the browser restarted with a new ufrag");
            assertNotEquals(before.remoteUfrag(), after.remoteUfrag(), "the server answered with a new ufrag");
            assertEquals("connected", after.dtlsState(), "DTLS stays up");
            assertNotNull(after.localCandidate());
            // Chromium keeps iceConnectionState "connected" through a restart while the old pair works:
            // the evidence is the selected pair moving to the new generation's socket
            assertTrue(after.states().stream().anyMatch(st -> st.startsWith("pair:")),
                    "no selected-pair change after restartIce(): " + after.states());
            assertNotEquals(before.localCandidate(), after.localCandidate(), "a new generation's socket");

            // the server: one restart, its new ufrag is the one R1 got, still CONNECTED, no new DTLS handshake
            JsonNode t1 = Poll.until("R1's transport on the new pair", RESTART_TIMEOUT, () -> transportOf(roomId, r1Id),
                    t -> t.path("ice").path("restarts").asInt() == 1
                            && after.localCandidate().endsWith(":" + t.path("ice").path("remoteAddress").asText("").replaceAll(".*:", "")));
            assertEquals(after.remoteUfrag(), t1.path("ice").path("localUfrag").asText());
            assertEquals("CONNECTED", t1.path("state").asText());
            assertEquals(dtlsBefore, dtlsRecords(t1), "DTLS records after the restart: a new handshake?");

            // both still see and hear each other, decoding keeps rising
            for (Participant p : people) ConferenceE2ETest.awaitMediaFromOthers(p, people);
            ok = true;
        } finally {
            for (ChromiumBrowser b : browsers) {
                b.screenshot(SCREENSHOTS.resolve("icerestart-" + b.label() + ".png"));
                if (!ok) b.printConsoleLog();
            }
            for (ChromiumBrowser b : browsers) b.close();
        }
    }

    /** A participant's transport in {@code GET /api/rooms/{id}/stats}. */
    static JsonNode transportOf(String roomId, String participantId) throws Exception {
        JsonNode stats = new RestClient(SERVER.baseUrl(), null).get("/api/rooms/" + roomId + "/stats");
        for (JsonNode p : stats.path("participants")) {
            if (participantId.equals(p.path("participantId").asText())) return p.path("transport");
        }
        throw new AssertionError("no participant " + participantId + " in " + stats);
    }

    static long dtlsRecords(JsonNode transport) {
        for (JsonNode st : transport.path("stages")) {
            if ("dtls".equals(st.path("name").asText())) return st.path("packets").asLong();
        }
        throw new AssertionError("no dtls stage in " + transport);
    }

    static Ice ice(ChromiumBrowser b) throws IOException {
        Object raw = b.driver().executeAsyncScript(ICE_SCRIPT);
        JsonNode n = JSON.readTree(String.valueOf(raw));
        if (n.has("error")) throw new IllegalStateException(b.label() + ": " + n.get("error").asText());
        return n.has("notReady") ? null : Ice.of(n);
    }
}
