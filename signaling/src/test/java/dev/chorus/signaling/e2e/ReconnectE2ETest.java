package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.testing.RunningServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.chorus.signaling.e2e.net.ImpairmentRelay;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.chorus.signaling.e2e.WebUi.await;
import static dev.chorus.signaling.e2e.WebUi.tileOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Staying in the call when the connection breaks, without a reload:
 * <ul>
 *   <li>the signaling WebSocket drops: the page says "reconnecting", media keeps flowing, and within the server's
 *       grace period the same participant resumes (room, name, mute state, chat) and the notice goes; after the
 *       grace period the page joins afresh by itself;</li>
 *   <li>the media path dies: the page restarts ICE by itself and media resumes on a new path.</li>
 * </ul>
 */
class ReconnectE2ETest {
    static final int GRACE_SECONDS = 4;
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback().withResumeGraceSeconds(GRACE_SECONDS));

    @BeforeAll
    static void start() throws Exception {
        ChromiumBrowser.requireInstalled();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void webSocketDropResumesTheSameParticipantThenRejoinsAfterTheGracePeriod() throws Exception {
        String roomId = ConferenceE2ETest.createRoomAt(SERVER.baseUrl());
        try (ChromiumBrowser ada = ChromiumBrowser.launch("ada");
             ChromiumBrowser bob = ChromiumBrowser.launch("bob")) {
            WebUi.withConsoleOnFailure(List.of(ada, bob), () -> {
                ada.open(WebUi.roomUrl(SERVER.baseUrl(), roomId, "Ada", "simulcast=0"));
                bob.open(WebUi.roomUrl(SERVER.baseUrl(), roomId, "Bob", "simulcast=0"));
                String adaId = WebUi.awaitJoined(ada);
                String bobId = WebUi.awaitJoined(bob);
                WebUi.awaitVideoPlaying(bob, "Ada's video", tileOf(adaId));
                ada.click("toggle-chat");
                ChatE2ETest.send(ada, "before the drop");
                ada.click("mute-audio");
                String adaRow = "[data-testid=participant][data-participant-id='" + adaId + "']";
                await(bob, "Ada muted", "document.querySelector(arguments[0])?.dataset.audio === 'false'", adaRow);

                // --- the socket drops: "reconnecting" on both sides, media keeps flowing ----------------------
                ada.execute("window.chorus.debug.dropSocket(2500)");
                await(ada, "the reconnecting notice", "!document.querySelector('[data-testid=reconnecting]').hidden"
                        + " && document.querySelector('[data-testid=reconnecting]').dataset.reason === 'signaling'");
                await(bob, "Ada shown as reconnecting", "document.querySelector(arguments[0])?.dataset.connection === 'reconnecting'"
                        + " && document.querySelector(arguments[1])?.dataset.connection === 'reconnecting'", adaRow, tileOf(adaId));
                assertEquals("reconnecting", WebUi.state(ada).path("phase").asText(), "still reconnecting while the media flows");
                WebUi.awaitVideoPlaying(bob, "Ada's video during the drop", tileOf(adaId));

                // --- resumed: same participant, notice gone, state and chat intact ------------------------------
                await(ada, "resumed", "window.chorus.state().resumes === 1 && window.chorus.state().phase === 'joined'");
                JsonNode s = WebUi.state(ada);
                assertEquals(adaId, s.path("participantId").asText(), "the same participant: " + s);
                await(ada, "the notice gone", "document.querySelector('[data-testid=reconnecting]').hidden");
                await(bob, "Ada connected again", "document.querySelector(arguments[0]).dataset.connection === 'connected'", adaRow);
                assertEquals("false", bob.execute("return document.querySelector(arguments[0]).dataset.audio", adaRow), "still muted");
                assertEquals("off", ada.byTestId("mute-audio").getDomAttribute("data-state"));
                ChatE2ETest.send(ada, "after the resume");
                ChatE2ETest.awaitTexts(bob, List.of("before the drop", "after the resume"));
                ChatE2ETest.awaitTexts(ada, List.of("before the drop", "after the resume"));
                WebUi.awaitVideoPlaying(bob, "Ada's video after the resume", tileOf(adaId));
                WebUi.awaitVideoPlaying(ada, "Bob's video after the resume", tileOf(bobId));
                assertEquals(1, ada.execute("return document.querySelectorAll('[data-testid=remote-video]').length") instanceof Number n
                        ? n.intValue() : -1, "no duplicate tiles after the resume");

                // --- away longer than the grace period: the server lets Ada go, the page joins afresh ----------
                ada.execute("window.chorus.debug.dropSocket(arguments[0])", (GRACE_SECONDS + 3) * 1000);
                await(bob, "Ada's old seat released", "!document.querySelector(arguments[0])", tileOf(adaId));
                await(ada, "joined afresh", "window.chorus.state().rejoins === 1 && window.chorus.state().phase === 'joined'");
                String newId = WebUi.state(ada).path("participantId").asText();
                assertNotEquals(adaId, newId, "a new participant after the grace period");
                await(ada, "the notice gone", "document.querySelector('[data-testid=reconnecting]').hidden");
                WebUi.awaitVideoPlaying(bob, "the new Ada's video", tileOf(newId));
                WebUi.awaitVideoPlaying(ada, "Bob's video for the new Ada", tileOf(bobId));
                await(bob, "her mute state carried over", "document.querySelector(arguments[0])?.dataset.audio === 'false'",
                        "[data-testid=participant][data-participant-id='" + newId + "']");
                ChatE2ETest.awaitTexts(ada, List.of("before the drop", "after the resume"));
                assertTrue(WebUi.state(ada).path("hasResumeToken").asBoolean(), "a fresh resume token");
            });
        }
    }
    /**
     * Rewrites the server's host candidate in every answer to the port in {@code window.__relayPort}, so the page's
     * media goes through a relay the test can cut; the test points later answers at another relay.
     */
    static String relayHook(int mediaPort, int relayPort) {
        return """
                (() => {
                  window.__relayPort = %d;
                  const original = RTCPeerConnection.prototype.setRemoteDescription;
                  RTCPeerConnection.prototype.setRemoteDescription = function (desc) {
                    if (desc && desc.sdp && window.__relayPort) {
                      desc = { type: desc.type, sdp: desc.sdp.split(' 127.0.0.1 %d typ ').join(' 127.0.0.1 ' + window.__relayPort + ' typ ') };
                    }
                    return original.call(this, desc);
                  };
                })();
                """.formatted(relayPort, mediaPort);
    }

    /**
     * The media path fails for good (everything through the first relay is dropped) while the signaling socket
     * stays up: the page notices the ICE connection going down, says so, restarts ICE (new credentials in a new
     * offer; the answer now leads to a second relay) and media flows again both ways — without a reload and
     * as the same participant.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void deadMediaPathRecoversByIceRestart() throws Exception {
        String roomId = ConferenceE2ETest.createRoomAt(SERVER.baseUrl());
        InetSocketAddress media = new InetSocketAddress("127.0.0.1", SERVER.server().mediaPort());
        try (ImpairmentRelay first = new ImpairmentRelay(new InetSocketAddress("127.0.0.1", 0), media, 1, 4096);
             ImpairmentRelay second = new ImpairmentRelay(new InetSocketAddress("127.0.0.1", 0), media, 2, 4096);
             ChromiumBrowser ada = ChromiumBrowser.launch("ada-ice");
             ChromiumBrowser bob = ChromiumBrowser.launch("bob-ice")) {
            ada.beforeEveryPage(relayHook(SERVER.server().mediaPort(), first.port()));
            WebUi.withConsoleOnFailure(List.of(ada, bob), () -> {
                ada.open(WebUi.roomUrl(SERVER.baseUrl(), roomId, "Ada", "simulcast=0"));
                bob.open(WebUi.roomUrl(SERVER.baseUrl(), roomId, "Bob", "simulcast=0"));
                String adaId = WebUi.awaitJoined(ada);
                String bobId = WebUi.awaitJoined(bob);
                WebUi.awaitVideoPlaying(bob, "Ada's video", tileOf(adaId));
                WebUi.awaitVideoPlaying(ada, "Bob's video", tileOf(bobId));
                assertTrue(first.counters(ImpairmentRelay.Direction.UPSTREAM).forwarded() > 0, "Ada's media goes through the relay");

                // --- the path dies: nothing gets through the first relay any more ------------------------------------
                ada.execute("window.__relayPort = arguments[0]", second.port());
                first.impairBoth(ImpairmentRelay.Impairment.of(0, 0, 1.0));
                await(ada, "the media notice", "!document.querySelector('[data-testid=reconnecting]').hidden"
                        + " && document.querySelector('[data-testid=reconnecting]').dataset.reason === 'media'");

                // --- the page restarts ICE by itself; media resumes on the new path ------------------------------------
                await(ada, "an ICE restart", "window.chorus.state().iceRestarts >= 1");
                await(ada, "connected again", "['connected', 'completed'].includes(window.chorus.state().iceState)");
                WebUi.awaitVideoPlaying(bob, "Ada's video after the restart", tileOf(adaId));
                WebUi.awaitVideoPlaying(ada, "Bob's video after the restart", tileOf(bobId));
                await(ada, "the notice gone", "document.querySelector('[data-testid=reconnecting]').hidden");
                assertTrue(second.counters(ImpairmentRelay.Direction.UPSTREAM).forwarded() > 0, "media on the new path");
                JsonNode s = WebUi.state(ada);
                assertEquals(adaId, s.path("participantId").asText(), "the same participant: " + s);
                assertEquals(0, s.path("resumes").asInt(), "the signaling socket never dropped: " + s);
                assertEquals(0, s.path("rejoins").asInt(), s.toString());
            });
        }
    }
}
