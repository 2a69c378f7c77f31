package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Driving the web client's UI in end-to-end tests: its automation API ({@code window.chorus}), waits on page
 * conditions, and typing into its controls by {@code data-testid}.
 */
final class WebUi {
    private WebUi() {}

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);
    /** Screenshots the UI tests write: 1280x800 and 390x844, light and dark. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** The switch that lets headless Chromium share "the entire screen" without a picker. */
    static final String AUTO_SCREEN = "--auto-select-desktop-capture-source=Entire screen";

    /** {@code window.chorus.state()} as JSON. */
    static JsonNode state(ChromiumBrowser b) {
        return json(b, "return JSON.stringify(window.chorus ? window.chorus.state() : null)");
    }

    /** The result of a script that returns a JSON string. */
    static JsonNode json(ChromiumBrowser b, String script, Object... args) {
        Object raw = b.execute(script, args);
        try {
            return JSON.readTree(String.valueOf(raw));
        } catch (IOException e) {
            throw new IllegalStateException(b.label() + ": not JSON: " + raw, e);
        }
    }

    /** Polls {@code return (<expression>)} until it is truthy; returns its last value. */
    static Object await(ChromiumBrowser b, String what, Duration timeout, String expression, Object... args) {
        return Poll.until(b.label() + ": " + what, timeout, Poll.DEFAULT_INTERVAL,
                () -> b.execute("return (" + expression + ");", args), WebUi::truthy, String::valueOf);
    }

    static Object await(ChromiumBrowser b, String what, String expression, Object... args) {
        return await(b, what, WAIT, expression, args);
    }

    static boolean truthy(Object v) {
        if (v == null) return false;
        if (v instanceof Boolean bool) return bool;
        if (v instanceof Number n) return n.doubleValue() != 0;
        if (v instanceof String s) return !s.isEmpty();
        return true;
    }

    /** Waits until the page's session is in the room and returns its participant id. */
    static String awaitJoined(ChromiumBrowser b) {
        await(b, "joined", "window.chorus && window.chorus.state().phase === 'joined'");
        return state(b).path("participantId").asText();
    }

    static String roomUrl(String base, String roomId, String name, String extra) {
        return base + "/r/" + roomId + "?name=" + name + "&autojoin=1" + (extra == null ? "" : "&" + extra);
    }

    static WebElement byCss(ChromiumBrowser b, String css) {
        return b.driver().findElement(By.cssSelector(css));
    }

    static List<WebElement> allByCss(ChromiumBrowser b, String css) {
        return b.driver().findElements(By.cssSelector(css));
    }

    /** Clears the field {@code testId} and types {@code text} into it like a person. */
    static void type(ChromiumBrowser b, String testId, String text) {
        WebElement e = b.byTestId(testId);
        e.clear();
        e.sendKeys(text);
    }

    /** Presses one key with the focus on the page body (keyboard shortcuts). */
    static void pressKey(ChromiumBrowser b, CharSequence key) {
        b.execute("document.activeElement && document.activeElement.blur && document.activeElement.blur();");
        new org.openqa.selenium.interactions.Actions(b.driver()).sendKeys(key).perform();
    }

    /** textContent of the first element matching {@code css}, or null. */
    static String text(ChromiumBrowser b, String css) {
        return (String) b.execute("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
    }

    /** True when the element exists and is rendered (not hidden, has a box). */
    static boolean visible(ChromiumBrowser b, String css) {
        return Boolean.TRUE.equals(b.execute("""
                const e = document.querySelector(arguments[0]);
                if (!e) return false;
                const r = e.getBoundingClientRect();
                return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
                """, css));
    }

    /** The CSS selector of a participant's tile in someone else's page. */
    static String tileOf(String participantId) {
        return "[data-testid=remote-video][data-participant-id='" + participantId + "']";
    }

    /** A video element under {@code css} that shows moving pictures (its size is known and frames advance). */
    static void awaitVideoPlaying(ChromiumBrowser b, String what, String css) {
        await(b, what + " shows video", """
                (() => {
                  const v = document.querySelector(arguments[0] + ' video');
                  if (!v || !v.videoWidth) return false;
                  const q = v.getVideoPlaybackQuality ? v.getVideoPlaybackQuality().totalVideoFrames : 1;
                  const prev = Number(v.dataset.e2eFrames || 0);
                  v.dataset.e2eFrames = String(q);
                  return q > prev && prev > 0;
                })()""", css);
    }

    /** Runs {@code body} and prints the browsers' consoles if it fails. */
    static void withConsoleOnFailure(List<ChromiumBrowser> browsers, ThrowingRunnable body) throws Exception {
        boolean ok = false;
        try {
            body.run();
            ok = true;
        } finally {
            if (!ok) {
                for (ChromiumBrowser b : browsers) {
                    if (b.isClosed()) continue;
                    b.screenshot(SCREENSHOTS.resolve("failure-" + b.label() + ".png"));
                    b.printConsoleLog();
                }
            }
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Accepts the JavascriptExecutor cast in one place. */
    static Object async(ChromiumBrowser b, String script, Object... args) {
        return ((JavascriptExecutor) b.driver()).executeAsyncScript(script, args);
    }
}
