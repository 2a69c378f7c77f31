package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.testing.RunningServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.chorus.signaling.e2e.WebUi.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A camera or microphone that is denied or missing never stops anyone from joining: the page says clearly what is
 * wrong and how to fix it, joins with what works (the others still hear the microphone), and the buttons show the
 * device as unavailable. And the theme: it follows the system until the toggle picks one, which is remembered.
 */
class DevicesAndThemeE2ETest {
    /**
     * Replaces getUserMedia: the kinds listed in the page's {@code e2eDeny} query parameter fail, with the error
     * named by {@code e2eError} (default NotAllowedError, what a blocked permission gives).
     */
    static final String DENY_SCRIPT = """
            (() => {
              const q = new URLSearchParams(location.search);
              const deny = (q.get('e2eDeny') || '').split(',').filter(Boolean);
              const error = q.get('e2eError') || 'NotAllowedError';
              if (!deny.length || !navigator.mediaDevices) return;
              const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
              navigator.mediaDevices.getUserMedia = async (c) => {
                for (const kind of deny) if (c && c[kind]) throw new DOMException(kind + ' refused (test)', error);
                return original(c);
              };
            })();
            """;

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback());

    @BeforeAll
    static void start() throws Exception {
        ChromiumBrowser.requireInstalled();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void deniedCameraJoinsWithMicrophoneAndSaysWhy() throws Exception {
        String roomId = ConferenceE2ETest.createRoomAt(SERVER.baseUrl());
        try (ChromiumBrowser ada = ChromiumBrowser.launch("ada-denied");
             ChromiumBrowser bob = ChromiumBrowser.launch("bob")) {
            ada.beforeEveryPage(DENY_SCRIPT);
            WebUi.withConsoleOnFailure(List.of(ada, bob), () -> {
                // --- pre-join: the preview says the camera is blocked and how to allow it -----------------------
                ada.open(SERVER.baseUrl() + "/r/" + roomId + "?e2eDeny=video");
                await(ada, "the device problem", "!document.querySelector('[data-testid=device-problem]').hidden");
                String problem = WebUi.text(ada, "[data-testid=device-problem]");
                assertTrue(problem.contains("Camera access is blocked") && problem.contains("You can still join"), problem);
                assertEquals("true", ada.byTestId("preview-cam").getDomAttribute("aria-pressed"), "the camera shows as off");
                WebUi.type(ada, "name-input", "Ada");
                ada.click("join");
                String adaId = WebUi.awaitJoined(ada);

                // --- in the call: a notice, the camera button unavailable, the microphone working ---------------
                await(ada, "the notice", "!document.getElementById('banner').hidden");
                assertTrue(WebUi.text(ada, "#banner-text").contains("Camera access is blocked"), WebUi.text(ada, "#banner-text"));
                assertEquals("unavailable", ada.byTestId("mute-video").getDomAttribute("data-state"));
                assertEquals("on", ada.byTestId("mute-audio").getDomAttribute("data-state"));
                bob.open(WebUi.roomUrl(SERVER.baseUrl(), roomId, "Bob", "media=none"));
                WebUi.awaitJoined(bob);
                bob.awaitStats("Ada's microphone", WebUi.WAIT, s -> s.from(adaId).stream()
                        .anyMatch(t -> t.isAudio() && t.packetsReceived() > 0));

                // --- trying the camera again: still blocked, said again; the call goes on ---------------------------
                ada.click("banner-close");
                ada.click("mute-video");
                await(ada, "the error again", "!document.getElementById('banner').hidden"
                        + " && document.getElementById('banner-text').textContent.includes('Camera access is blocked')");
                assertEquals("joined", WebUi.state(ada).path("phase").asText());
            });
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void noDevicesAtAllStillJoins() throws Exception {
        String roomId = ConferenceE2ETest.createRoomAt(SERVER.baseUrl());
        try (ChromiumBrowser b = ChromiumBrowser.launch("no-devices")) {
            b.beforeEveryPage(DENY_SCRIPT);
            WebUi.withConsoleOnFailure(List.of(b), () -> {
                b.open(WebUi.roomUrl(SERVER.baseUrl(), roomId, "Nobody", "e2eDeny=audio,video&e2eError=NotFoundError"));
                WebUi.awaitJoined(b);
                await(b, "the notice", "!document.getElementById('banner').hidden");
                String text = WebUi.text(b, "#banner-text");
                assertTrue(text.contains("No camera was found") && text.contains("No microphone was found"), text);
                assertEquals("unavailable", b.byTestId("mute-video").getDomAttribute("data-state"));
                assertEquals("unavailable", b.byTestId("mute-audio").getDomAttribute("data-state"));
                JsonNode local = WebUi.state(b).path("local");
                assertEquals(false, local.path("audio").asBoolean(true), local.toString());
                assertEquals(false, local.path("video").asBoolean(true), local.toString());
            });
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void themeFollowsTheSystemUntilToggledAndRemembersTheChoice() throws Exception {
        try (ChromiumBrowser b = ChromiumBrowser.launch("theme")) {
            WebUi.withConsoleOnFailure(List.of(b), () -> {
                b.colorScheme(true);
                b.open(SERVER.baseUrl() + "/");
                await(b, "the landing page", "document.body.dataset.view === 'landing'");
                assertEquals("dark", b.byTestId("theme-toggle").getDomAttribute("data-current"), "follows a dark system");
                double darkLuma = backgroundLuma(b);
                assertTrue(darkLuma < 0.2, "dark background: " + darkLuma);
                assertEquals("Switch to light theme", b.byTestId("theme-toggle").getDomAttribute("aria-label"));

                b.click("theme-toggle");
                await(b, "light chosen", "document.documentElement.dataset.theme === 'light'");
                assertTrue(backgroundLuma(b) > 0.8, "light background after the toggle");
                b.open(SERVER.baseUrl() + "/");
                await(b, "the landing page again", "document.body.dataset.view === 'landing'");
                assertEquals("light", b.execute("return document.documentElement.dataset.theme"), "remembered across a reload");
                assertTrue(backgroundLuma(b) > 0.8);

                b.click("theme-toggle"); // back to dark = what the system says: follow the system again
                await(b, "following the system", "!document.documentElement.dataset.theme");
                b.colorScheme(false);
                await(b, "light with a light system", "document.querySelector('[data-testid=theme-toggle]').dataset.current === 'light'");
                assertTrue(backgroundLuma(b) > 0.8);
            });
        }
    }

    /** Relative luminance (0 black – 1 white) of the page background. */
    static double backgroundLuma(ChromiumBrowser b) {
        Object v = b.execute("""
                const m = getComputedStyle(document.body).backgroundColor.match(/\\d+(\\.\\d+)?/g).map(Number);
                return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255;
                """);
        return ((Number) v).doubleValue();
    }
}
