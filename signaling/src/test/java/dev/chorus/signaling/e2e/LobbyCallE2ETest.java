package dev.chorus.signaling.e2e;

import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.testing.RunningServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.chorus.signaling.e2e.WebUi.await;
import static dev.chorus.signaling.e2e.WebUi.tileOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence and direct calls through the UI: two people online in the lobby see each other; a call can be
 * declined, left unanswered (the ring times out), cancelled, or accepted — then both are in a two-person room
 * with media, can switch the call between voice and video for both, and end it back in the lobby.
 */
class LobbyCallE2ETest {
    static final int RING_SECONDS = 3;
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback().withRingTimeoutSeconds(RING_SECONDS));

    @BeforeAll
    static void start() throws Exception {
        ChromiumBrowser.requireInstalled();
    }

    /** The lobby row of {@code name} in {@code b}'s list. */
    static String row(String name) {
        return "[data-testid=lobby-user][data-name='" + name + "']";
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void ringRejectTimeoutCancelAcceptAndSwitchVoiceVideo() throws Exception {
        try (ChromiumBrowser ada = ChromiumBrowser.launch("ada");
             ChromiumBrowser bob = ChromiumBrowser.launch("bob")) {
            WebUi.withConsoleOnFailure(List.of(ada, bob), () -> {
                // --- presence: Ada goes online by typing her name; Bob through the link ----------------------------
                ada.open(SERVER.baseUrl() + "/");
                await(ada, "the landing page", "document.body.dataset.view === 'landing'");
                WebUi.type(ada, "lobby-name", "Ada");
                ada.click("lobby-enter");
                await(ada, "online", "window.chorus.state().lobby.online === true");
                bob.open(SERVER.baseUrl() + "/?name=Bob&lobby=1");
                await(ada, "Bob in Ada's list", "document.querySelector(arguments[0])", row("Bob"));
                await(bob, "Ada in Bob's list", "document.querySelector(arguments[0])", row("Ada"));
                assertEquals("available", ada.execute("return document.querySelector(arguments[0]).dataset.status", row("Bob")));
                assertEquals("Online as Ada", WebUi.text(ada, "[data-testid=presence-chip]"));

                // --- declined ------------------------------------------------------------------------------------
                callFrom(ada, "Bob", "call-video");
                await(ada, "ringing", "document.querySelector('[data-testid=call-status]').dataset.state === 'ringing'");
                await(bob, "the incoming prompt", "document.querySelector('[data-testid=incoming-call]').open");
                assertEquals("Ada", WebUi.text(bob, "[data-testid=incoming-name]"));
                assertEquals("Video call", WebUi.text(bob, "[data-testid=incoming-media]"));
                await(ada, "Bob shown in a call while ringing", "document.querySelector(arguments[0]).dataset.status === 'in-call'", row("Bob"));
                bob.click("reject-call");
                await(bob, "the prompt closed", "!document.querySelector('[data-testid=incoming-call]').open");
                await(ada, "declined", "document.querySelector('[data-testid=call-status]').dataset.state === 'rejected'");
                assertEquals("Bob declined the call", WebUi.text(ada, "[data-testid=call-status]"));
                ada.click("close-call-dialog");
                await(ada, "Bob available again", "document.querySelector(arguments[0]).dataset.status === 'available'", row("Bob"));

                // --- nobody answers: the ring times out -------------------------------------------------------------
                callFrom(ada, "Bob", "call-voice");
                await(bob, "the incoming voice call", "document.querySelector('[data-testid=incoming-call]').open"
                        + " && document.querySelector('[data-testid=incoming-media]').textContent === 'Voice call'");
                await(ada, "no answer", "document.querySelector('[data-testid=call-status]').dataset.state === 'no-answer'");
                assertEquals("Bob did not answer", WebUi.text(ada, "[data-testid=call-status]"));
                await(bob, "the prompt withdrawn", "!document.querySelector('[data-testid=incoming-call]').open");
                await(bob, "a missed-call note", "document.getElementById('toast').textContent.includes('Missed call from Ada')");
                ada.click("close-call-dialog");

                // --- the caller cancels -----------------------------------------------------------------------------
                await(ada, "Bob available again", "document.querySelector(arguments[0]).dataset.status === 'available'", row("Bob"));
                callFrom(ada, "Bob", "call-video");
                await(bob, "the incoming prompt", "document.querySelector('[data-testid=incoming-call]').open");
                await(ada, "ringing", "document.querySelector('[data-testid=call-status]').dataset.state === 'ringing'");
                ada.click("cancel-call");
                await(bob, "the prompt withdrawn", "!document.querySelector('[data-testid=incoming-call]').open");
                await(ada, "the dialog closed", "!document.querySelector('[data-testid=outgoing-call]').open");

                // --- accepted: both land in a two-person room with media ----------------------------------------------
                await(ada, "Bob available again", "document.querySelector(arguments[0]).dataset.status === 'available'", row("Bob"));
                callFrom(ada, "Bob", "call-video");
                await(bob, "the incoming prompt", "document.querySelector('[data-testid=incoming-call]').open");
                bob.click("accept-call");
                String adaId = WebUi.awaitJoined(ada);
                String bobId = WebUi.awaitJoined(bob);
                assertEquals(WebUi.state(ada).path("roomId").asText(), WebUi.state(bob).path("roomId").asText(), "one room");
                assertTrue(((String) ada.execute("return location.pathname")).startsWith("/r/"), "the call room's URL");
                WebUi.awaitVideoPlaying(ada, "Bob's video", tileOf(bobId));
                WebUi.awaitVideoPlaying(bob, "Ada's video", tileOf(adaId));
                assertEquals("2 in room", WebUi.text(ada, "#participant-count"));
                assertTrue(WebUi.visible(ada, "[data-testid=call-media-toggle]"), "a direct call can switch voice/video");
                await(bob, "both in-call in the lobby", "window.chorus.state().lobby.users.some(u => u.name === 'Ada' && u.status === 'in-call')");

                // --- video → voice for both (Ada asks), voice → video (Bob asks) ----------------------------------------
                ada.click("call-media-toggle");
                for (ChromiumBrowser b : List.of(ada, bob)) {
                    await(b, "voice mode", "window.chorus.state().callMedia === 'voice' && window.chorus.state().local.video === false"
                            + " && document.getElementById('grid').classList.contains('voice')");
                }
                await(bob, "Ada's camera off for Bob", "document.querySelector(arguments[0]).dataset.video === 'false'", tileOf(adaId));
                assertEquals("Switch to video call", bob.byTestId("call-media-toggle").getDomAttribute("aria-label"));
                bob.click("call-media-toggle");
                for (ChromiumBrowser b : List.of(ada, bob)) {
                    await(b, "video mode", "window.chorus.state().callMedia === 'video' && window.chorus.state().local.video === true"
                            + " && !document.getElementById('grid').classList.contains('voice')");
                }
                WebUi.awaitVideoPlaying(ada, "Bob's video again", tileOf(bobId));
                WebUi.awaitVideoPlaying(bob, "Ada's video again", tileOf(adaId));

                // --- ending: back to the lobby, both available ---------------------------------------------------------
                ada.click("leave");
                await(ada, "the call-ended view", "document.body.dataset.view === 'left'");
                assertEquals("Call ended", WebUi.text(ada, "#left-title"));
                ada.click("home");
                await(ada, "back in the lobby", "document.body.dataset.view === 'landing' && window.chorus.state().lobby.online");
                await(bob, "Ada left the call", "!document.querySelector(arguments[0])", tileOf(adaId));
                bob.click("leave");
                await(ada, "Bob available", "document.querySelector(arguments[0])?.dataset.status === 'available'", row("Bob"));
            });
        }
    }

    static void callFrom(ChromiumBrowser caller, String callee, String button) {
        WebUi.byCss(caller, row(callee) + " [data-testid=" + button + "]").click();
        await(caller, "the outgoing call dialog", "document.querySelector('[data-testid=outgoing-call]').open");
    }
}
