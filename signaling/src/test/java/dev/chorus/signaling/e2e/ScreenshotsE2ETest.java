package dev.chorus.signaling.e2e;

import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.testing.RunningServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.chorus.signaling.e2e.WebUi.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Screenshots of the main screens at 1280x800 (desktop) and 390x844 (phone), light and dark, written to
 * target/screenshots/{scene}-{width}x{height}-{theme}.png for people to look at: pre-join, the lobby, an incoming
 * call, a call, the chat, the people list and the stats panel. The cameras draw a calm portrait instead of Chromium's test
 * pattern. Each shot is also checked for the mistakes a glance would catch: nothing wider than the screen, the
 * control bar fits, the main control of the scene is on screen, and every text of the UI has WCAG AA contrast
 * against its background. The call is also checked at 360x640, the smallest phone the client is made for.
 */
class ScreenshotsE2ETest {
    record Size(int width, int height, boolean mobile) {
        String label() { return width + "x" + height; }
    }

    static final List<Size> SIZES = List.of(new Size(1280, 800, false), new Size(390, 844, true));
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback());
    static String camera;

    @BeforeAll
    static void start() throws Exception {
        ChromiumBrowser.requireInstalled();
        try (InputStream in = ScreenshotsE2ETest.class.getResourceAsStream("/e2e/portrait-camera.js")) {
            camera = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.createDirectories(WebUi.SCREENSHOTS);
    }

    static ChromiumBrowser portraitBrowser(String label, int hue) throws IOException {
        ChromiumBrowser b = ChromiumBrowser.launch(label, List.of("--window-size=1280,900", "--hide-scrollbars"));
        b.beforeEveryPage("window.__portraitHue = " + hue + ";\n" + camera);
        return b;
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void mainScreensInBothSizesAndThemes() throws Exception {
        List<Path> written = new ArrayList<>();
        try (ChromiumBrowser ada = portraitBrowser("ada", 215);
             ChromiumBrowser grace = portraitBrowser("grace", 25)) {
            WebUi.withConsoleOnFailure(List.of(ada, grace), () -> {
                // --- pre-join: a live preview and the device choice --------------------------------------------
                String roomId = ConferenceE2ETest.createRoomAt(SERVER.baseUrl());
                ada.open(SERVER.baseUrl() + "/r/" + roomId + "?name=Ada%20Lovelace");
                WebUi.awaitVideoPlaying(ada, "the preview", ".preview-frame");
                ada.execute("document.activeElement.blur()");
                shoot(ada, "prejoin", "[data-testid=join]", written);

                // --- the lobby, and an incoming call --------------------------------------------------------------
                ada.open(SERVER.baseUrl() + "/?name=Ada%20Lovelace&lobby=1");
                grace.open(SERVER.baseUrl() + "/?name=Grace%20Hopper&lobby=1");
                await(ada, "Grace online", "document.querySelector('[data-testid=lobby-user][data-name=\"Grace Hopper\"]')");
                shoot(ada, "lobby", "[data-testid=lobby-user] [data-testid=call-video]", written);
                WebUi.byCss(grace, "[data-testid=lobby-user][data-name='Ada Lovelace'] [data-testid=call-video]").click();
                await(ada, "the incoming call", "document.querySelector('[data-testid=incoming-call]').open");
                shoot(ada, "incoming-call", "[data-testid=accept-call]", written);

                // --- in the call ----------------------------------------------------------------------------------
                ada.click("accept-call");
                String adaId = WebUi.awaitJoined(ada);
                String graceId = WebUi.awaitJoined(grace);
                WebUi.awaitVideoPlaying(ada, "Grace's video", WebUi.tileOf(graceId));
                WebUi.awaitVideoPlaying(grace, "Ada's video", WebUi.tileOf(adaId));
                ada.execute("document.activeElement.blur()");
                shoot(ada, "call", "[data-testid=leave]", written);
                ada.viewport(360, 640, true);
                Poll.sleep(700);
                checkLayout(ada, "call 360x640", "[data-testid=leave]");
                ada.viewport(1280, 800, false);

                // --- chat -------------------------------------------------------------------------------------------
                ada.click("toggle-chat");
                grace.click("toggle-chat");
                ChatE2ETest.send(grace, "Hi Ada! Can you hear me?");
                ChatE2ETest.send(ada, "Loud and clear. The new layout works on my phone too.");
                ChatE2ETest.send(grace, "Great, let's go through the numbers.");
                ChatE2ETest.awaitTexts(ada, List.of("Hi Ada! Can you hear me?", "Loud and clear. The new layout works on my phone too.",
                        "Great, let's go through the numbers."));
                ada.execute("document.activeElement.blur()");
                shoot(ada, "chat", "[data-testid=chat-send]", written);

                // --- people: everyone with their microphone, camera and connection quality ------------------------
                grace.click("mute-audio");
                await(ada, "Grace muted", "document.querySelector('[data-testid=participant][data-participant-id=\"' + arguments[0] + '\"]')?.dataset.audio === 'false'", graceId);
                ada.execute("document.getElementById('tab-people').click(); document.activeElement.blur()");
                shoot(ada, "people", "[data-testid=participant-list]", written);

                // --- stats: a few samples so the charts have lines --------------------------------------------------
                ada.execute("document.getElementById('tab-stats').click(); document.activeElement.blur()");
                await(ada, "a few samples", "window.chorus.history().length >= 4");
                shoot(ada, "stats", "[data-testid=stats-score]", written);
            });
        }
        assertEquals(7 * 4, written.size(), "one PNG per scene, size and theme: " + written);
        for (Path p : written) assertTrue(Files.size(p) > 5_000, "a real picture: " + p);
    }

    /** The scene in both sizes and both themes; `mainControl` must be on screen in each. */
    static void shoot(ChromiumBrowser b, String scene, String mainControl, List<Path> written) {
        for (boolean dark : new boolean[] {false, true}) {
            b.colorScheme(dark);
            for (Size size : SIZES) {
                b.viewport(size.width(), size.height(), size.mobile());
                // let the layout settle (tile positions animate for 0.2 s) and video repaint at the new size
                Poll.sleep(700);
                checkLayout(b, scene + " " + size.label() + (dark ? " dark" : " light"), mainControl);
                Path file = WebUi.SCREENSHOTS.resolve(scene + "-" + size.label() + "-" + (dark ? "dark" : "light") + ".png");
                b.screenshot(file);
                written.add(file);
            }
        }
        b.viewport(1280, 800, false);
        b.colorScheme(false);
    }

    static void checkLayout(ChromiumBrowser b, String what, String mainControl) {
        Object problem = b.execute("""
                const vw = innerWidth, vh = innerHeight;
                if (document.documentElement.scrollWidth > vw + 1) return 'the page is wider than the screen: ' + document.documentElement.scrollWidth;
                const bar = document.querySelector('.controls');
                if (bar && bar.offsetParent && bar.scrollWidth > bar.clientWidth + 1) return 'the control bar does not fit';
                const main = document.querySelector(arguments[0]);
                if (!main) return 'no ' + arguments[0];
                const r = main.getBoundingClientRect();
                if (r.width < 1 || r.height < 1) return arguments[0] + ' is not shown';
                if (r.left < 0 || r.top < 0 || r.right > vw + 1 || r.bottom > vh + 1) return arguments[0] + ' is off screen: ' + JSON.stringify(r);
                return null;
                """, mainControl);
        assertEquals(null, problem, what);
        Object lowContrast = b.execute(CONTRAST_SCRIPT);
        assertEquals(List.of(), lowContrast, what + ": text below WCAG AA contrast");
    }

    /**
     * Every visible text of the page's own UI (not video tiles, whose background is a picture) against its
     * solid background: at least 4.5:1, or 3:1 for large text (WCAG AA). Returns the failures.
     */
    static final String CONTRAST_SCRIPT = """
            const rgba = (c) => {
              const m = (c.match(/[\\d.]+/g) || []).map(Number);
              // color-mix() computes to color(srgb r g b / a) with channels in 0-1
              if (c.startsWith('color(')) return [m[0] * 255, m[1] * 255, m[2] * 255, m.length > 3 ? m[3] : 1];
              return m.length === 3 ? m.concat([1]) : m;
            };
            const lum = ([r, g, b]) => {
              const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
              return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
            };
            const background = (el) => {
              for (let e = el; e; e = e.parentElement) {
                const cs = getComputedStyle(e);
                if (cs.backgroundImage !== 'none' || e.tagName === 'VIDEO' || e.classList.contains('tile')) return null;
                const c = rgba(cs.backgroundColor);
                if (c[3] >= 0.99) return c;
                if (c[3] > 0.01) return null; // translucent over something: not judged here
              }
              return rgba(getComputedStyle(document.documentElement).backgroundColor);
            };
            const fails = [];
            const seen = new Set();
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const el = n.parentElement;
              if (!n.textContent.trim() || seen.has(el)) continue;
              seen.add(el);
              const r = el.getBoundingClientRect();
              const cs = getComputedStyle(el);
              if (r.width < 1 || r.height < 1 || cs.visibility === 'hidden' || el.closest('[hidden], dialog:not([open])')) continue;
              if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
              if (document.querySelector('dialog[open]') && !el.closest('dialog[open]')) continue; // behind the backdrop
              if (parseFloat(cs.opacity) < 1 || el.closest('[disabled]')) continue;
              const bg = background(el);
              if (!bg) continue;
              const fg = rgba(cs.color);
              if (fg[3] < 0.99) continue;
              const [a, b] = [lum(fg), lum(bg)];
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              const size = parseFloat(cs.fontSize);
              const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
              if (ratio < (large ? 3 : 4.5)) fails.push(el.tagName + '.' + el.className + ' "' + n.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
            }
            return fails;
            """;
}
