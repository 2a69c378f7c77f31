package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.testing.RunningServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.chorus.signaling.e2e.WebUi.await;
import static dev.chorus.signaling.e2e.WebUi.tileOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two people use the room UI like people do: Ada creates a room from the landing page, previews her camera and
 * picks devices, types her name and joins; Bob pastes the room id on the landing page and joins. Then: the grid
 * resizes, pinning, keyboard shortcuts, mute and camera states (seen by the other side on the tile and in the
 * people list), screen sharing (a large
 * tile on the other side, gone when sharing stops) and leaving.
 */
class InCallControlsE2ETest {
    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback());

    @BeforeAll
    static void start() throws Exception {
        ChromiumBrowser.requireInstalled();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void createJoinPinShortcutsShareAndLeave() throws Exception {
        try (ChromiumBrowser ada = ChromiumBrowser.launch("ada", List.of(WebUi.AUTO_SCREEN));
             ChromiumBrowser bob = ChromiumBrowser.launch("bob")) {
            WebUi.withConsoleOnFailure(List.of(ada, bob), () -> {
                // --- Ada: landing → create a room → pre-join with a live preview and device lists ---------------
                ada.open(SERVER.baseUrl() + "/");
                await(ada, "the landing page", "document.body.dataset.view === 'landing'");
                ada.click("create-room");
                String roomPath = (String) await(ada, "a room URL", "/^\\/r\\/[^/]+$/.test(location.pathname) && location.pathname");
                String roomId = roomPath.substring(3);
                assertTrue(UUID.matcher(roomId).matches(), "room ids are UUIDs: " + roomId);
                await(ada, "the pre-join view", "document.body.dataset.view === 'prejoin'");
                assertEquals(SERVER.baseUrl() + "/r/" + roomId, ada.byTestId("share-link").getDomProperty("value"));
                WebUi.awaitVideoPlaying(ada, "the camera preview", ".preview-frame");
                await(ada, "camera and microphone lists", "document.querySelector('[data-testid=camera-select]').options.length > 0"
                        + " && !document.querySelector('[data-testid=camera-select]').disabled"
                        + " && document.querySelector('[data-testid=mic-select]').options.length > 0");
                ada.click("copy-link");
                await(ada, "the copy confirmation", "/copied|Copy failed/.test(document.getElementById('toast').textContent)");
                WebUi.type(ada, "name-input", "Ada");
                ada.click("join");
                String adaId = WebUi.awaitJoined(ada);
                await(ada, "the call view", "document.body.dataset.view === 'call'");
                WebUi.awaitVideoPlaying(ada, "her own tile", "#local-tile");
                double aloneWidth = stableWidth(ada, "#local-tile");

                // --- Bob: pastes the link on the landing page --------------------------------------------------
                bob.open(SERVER.baseUrl() + "/?name=Bob");
                await(bob, "the landing page", "document.body.dataset.view === 'landing'");
                WebUi.type(bob, "room-id-input", SERVER.baseUrl() + "/r/" + roomId);
                bob.click("join-room");
                await(bob, "the pre-join view", "document.body.dataset.view === 'prejoin'");
                assertEquals("Bob", bob.byTestId("name-input").getDomProperty("value"), "?name= fills the name");
                bob.click("join");
                String bobId = WebUi.awaitJoined(bob);
                assertNotEquals(adaId, bobId);

                // --- both see each other; the grid made room for the second tile ------------------------------
                WebUi.awaitVideoPlaying(ada, "Bob's tile", tileOf(bobId));
                WebUi.awaitVideoPlaying(bob, "Ada's tile", tileOf(adaId));
                await(ada, "Ada's own tile shrank for two", "document.getElementById('local-tile').getBoundingClientRect().width < arguments[0] - 20", aloneWidth);
                assertEquals("Ada", WebUi.text(bob, tileOf(adaId) + " .tile-name"));
                await(bob, "two in the room", "document.getElementById('participant-count').textContent === '2 in room'");
                await(ada, "quality badges on tiles", "/^\\d+$/.test(document.querySelector(arguments[0] + ' [data-testid=quality]').textContent)"
                        + " && ['good','fair','poor'].includes(document.querySelector(arguments[0] + ' [data-testid=quality]').dataset.level)", tileOf(bobId));

                // --- stats: I opens the panel with the figures, charts and a row per track ----------------------
                WebUi.pressKey(ada, "i");
                await(ada, "the stats panel", "!document.querySelector('[data-testid=stats-panel]').hidden");
                await(ada, "measured figures", """
                        ['bwe', 'send', 'recv'].every((k) => /\\d+(\\.\\d+)? (k|M)bps/.test(document.querySelector('[data-testid=stat-' + k + ']').textContent))
                        && /\\d+ ms/.test(document.querySelector('[data-testid=stat-rtt]').textContent)
                        && /\\d+ ms/.test(document.querySelector('[data-testid=stat-jitter]').textContent)
                        && /\\d+(\\.\\d)? %/.test(document.querySelector('[data-testid=stat-loss]').textContent)
                        && /^\\d+$/.test(document.querySelector('[data-testid=stats-score]').textContent)""");
                await(ada, "a row for Bob's video with its size and frame rate", """
                        [...document.querySelectorAll('[data-testid=stats-tracks] tbody tr')].some((tr) => {
                          const c = [...tr.cells].map((td) => td.textContent);
                          return c[0] === 'Bob' && c[1] === 'video ↓' && /^\\d+×\\d+$/.test(c[2]) && /^\\d+$/.test(c[3]);
                        })""");
                await(ada, "the throughput chart drawn", """
                        (() => { const c = document.querySelector('[data-testid=stats-chart]');
                          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                          let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n > 500; })()""");
                JsonNode metrics = WebUi.json(ada, "return JSON.stringify(window.chorus.metrics())");
                int score = metrics.path("score").asInt(-1);
                assertTrue(score >= 0 && score <= 100 && metrics.path("participants").has(bobId), "metrics: " + metrics);
                WebUi.pressKey(ada, "i");
                await(ada, "the panel closed again", "document.getElementById('side-panel').hidden");

                // --- pin: Bob's tile becomes the large one on Ada's screen, and back --------------------------
                WebUi.byCss(ada, tileOf(bobId) + " [data-testid=pin]").click();
                await(ada, "Bob pinned and featured", "document.querySelector(arguments[0]).classList.contains('pinned')"
                        + " && document.getElementById('grid').dataset.layout === 'stage'", tileOf(bobId));
                // (tiles glide to their new places: wait for the end, not the first frame of the move)
                awaitLarger(ada, "the pinned tile is large", tileOf(bobId), "#local-tile");
                WebUi.byCss(ada, tileOf(bobId) + " [data-testid=pin]").click();
                await(ada, "unpinned: a grid again", "document.getElementById('grid').dataset.layout === 'grid'");

                // --- keyboard: M mutes, M unmutes, V stops the camera, C opens the chat -------------------------
                WebUi.pressKey(ada, "m");
                await(ada, "M muted the microphone", "document.querySelector('[data-testid=mute-audio]').dataset.state === 'off'");
                assertEquals(false, ada.execute("return window.chorus.state().local.audio"));
                String adaRow = "[data-testid=participant][data-participant-id='" + adaId + "']";
                await(bob, "Bob sees Ada muted (tile and people list)", "document.querySelector(arguments[0]).dataset.audio === 'false'"
                        + " && document.querySelector(arguments[1]).dataset.audio === 'false'", tileOf(adaId), adaRow);
                assertTrue(WebUi.visible(bob, tileOf(adaId) + " .tile-mic"), "a muted-microphone icon on Ada's tile");
                WebUi.pressKey(ada, "m");
                await(ada, "M again unmuted it", "document.querySelector('[data-testid=mute-audio]').dataset.state === 'on'");
                await(bob, "Bob sees Ada unmuted", "document.querySelector(arguments[0]).dataset.audio === 'true'", adaRow);
                WebUi.pressKey(ada, "v");
                await(ada, "V stopped the camera", "document.querySelector('[data-testid=mute-video]').dataset.state === 'off'"
                        + " && !document.getElementById('local-tile').classList.contains('has-video')");
                await(bob, "Bob sees Ada's camera off: her avatar instead of a frozen picture",
                        "document.querySelector(arguments[0]).dataset.video === 'false'"
                        + " && !document.querySelector(arguments[0]).classList.contains('has-video')"
                        + " && document.querySelector(arguments[1]).dataset.video === 'false'", tileOf(adaId), adaRow);
                ada.click("mute-video");
                await(ada, "the button starts it again", "document.querySelector('[data-testid=mute-video]').dataset.state === 'on'");
                WebUi.awaitVideoPlaying(bob, "Ada's camera back", tileOf(adaId));
                WebUi.pressKey(ada, "c");
                await(ada, "C opened the chat", "!document.getElementById('panel-chat').hidden");
                WebUi.pressKey(ada, org.openqa.selenium.Keys.ESCAPE);
                await(ada, "Esc closed the panel", "document.getElementById('side-panel').hidden");

                // --- screen share: a large extra tile for Bob, gone when Ada stops ------------------------------
                ada.click("screen-share");
                await(ada, "Ada shares", "window.chorus.state().sharing === true");
                String screenTile = "[data-testid=screen-tile][data-screen-of='" + adaId + "']";
                await(bob, "Ada's screen tile", "document.querySelector(arguments[0])", screenTile);
                WebUi.awaitVideoPlaying(bob, "Ada's screen", screenTile);
                await(bob, "the screen is featured", "document.querySelector(arguments[0]).classList.contains('featured')", screenTile);
                await(bob, "Ada is presenting in the people list", "document.querySelector(arguments[0]).dataset.screen === 'true'", adaRow);
                awaitLarger(bob, "the shared screen is shown large", screenTile, tileOf(adaId));
                assertTrue(WebUi.visible(bob, tileOf(adaId)), "Ada's camera tile stays");
                assertEquals("Ada's screen", WebUi.text(bob, screenTile + " .tile-name"));
                ada.click("screen-share");
                await(bob, "the screen tile is gone", "!document.querySelector(arguments[0])", screenTile);
                await(bob, "Ada no longer presenting", "document.querySelector(arguments[0]).dataset.screen === 'false'", adaRow);

                // --- leave: Bob sees Ada go -----------------------------------------------------------------------
                ada.click("leave");
                await(ada, "the left view", "document.body.dataset.view === 'left'");
                await(bob, "Ada's tile is gone", "!document.querySelector(arguments[0])", tileOf(adaId));
                JsonNode s = WebUi.state(ada);
                assertEquals("idle", s.path("phase").asText(), s.toString());
                assertFalse(WebUi.visible(ada, "#local-tile"), "no local tile after leaving");
            });
        }
    }

    /** Waits until {@code big} is more than twice as wide as {@code small}. */
    static void awaitLarger(ChromiumBrowser b, String what, String big, String small) {
        await(b, what, "document.querySelector(arguments[0]).getBoundingClientRect().width"
                + " > 2 * document.querySelector(arguments[1]).getBoundingClientRect().width", big, small);
    }

    /** The width of {@code css} once it stopped changing (tiles glide for a fraction of a second). */
    static double stableWidth(ChromiumBrowser b, String css) {
        double[] last = {-1};
        return Poll.until(b.label() + ": a settled width of " + css, WebUi.WAIT, Duration.ofMillis(300), () -> tileWidth(b, css),
                w -> { boolean same = w > 0 && w == last[0]; last[0] = w; return same; }, String::valueOf);
    }

    static double tileWidth(ChromiumBrowser b, String css) {
        return ((Number) b.execute("return document.querySelector(arguments[0]).getBoundingClientRect().width;", css)).doubleValue();
    }
}
