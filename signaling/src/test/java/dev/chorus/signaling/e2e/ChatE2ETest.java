package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.testing.RunningServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.chorus.signaling.e2e.WebUi.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Room chat through the UI: messages typed by two people reach both in one order with sender and time, a third
 * who joins late gets the history, markup in names and messages shows as text and never runs, too long
 * messages are refused with a word why, unread messages are counted on the chat button, and sending too fast
 * says so. Nobody publishes media here (chat does not need it), which keeps three browsers light.
 */
class ChatE2ETest {
    /** A name and a message that would run script if they were ever treated as HTML. */
    static final String EVIL_NAME = "<img src=x onerror=\"window.__xss='name'\">Eve";
    static final String EVIL_TEXT = "<script>window.__xss='script'</script><img src=x onerror=\"window.__xss='text'\"> & <b>bold</b>";

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback());

    @BeforeAll
    static void start() throws Exception {
        ChromiumBrowser.requireInstalled();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void deliveredInOrderWithHistoryAndNeverAsHtml() throws Exception {
        String roomId = ConferenceE2ETest.createRoomAt(SERVER.baseUrl());
        List<ChromiumBrowser> all = new ArrayList<>();
        try (ChromiumBrowser ada = ChromiumBrowser.launch("ada");
             ChromiumBrowser eve = ChromiumBrowser.launch("eve")) {
            all.add(ada);
            all.add(eve);
            WebUi.withConsoleOnFailure(all, () -> {
                ada.open(WebUi.roomUrl(SERVER.baseUrl(), roomId, "Ada", "media=none"));
                eve.open(WebUi.roomUrl(SERVER.baseUrl(), roomId, URLEncoder.encode(EVIL_NAME, StandardCharsets.UTF_8), "media=none"));
                String adaId = WebUi.awaitJoined(ada);
                String eveId = WebUi.awaitJoined(eve);

                // --- typed and sent from the chat panel; both see the same order ------------------------------
                ada.click("toggle-chat");
                send(ada, "Hello everyone");
                await(eve, "the unread badge", "document.querySelector('[data-testid=chat-unread]').textContent === '1'");
                eve.click("toggle-chat");
                await(eve, "the badge cleared", "document.querySelector('[data-testid=chat-unread]').textContent === ''");
                send(eve, EVIL_TEXT);
                send(ada, "Second from Ada");
                send(eve, "Second from Eve");
                List<String> expected = List.of("Hello everyone", EVIL_TEXT, "Second from Ada", "Second from Eve");
                for (ChromiumBrowser b : all) awaitTexts(b, expected);
                assertEquals(chat(ada).toString(), chat(eve).toString(), "one order for everyone");
                JsonNode first = chat(eve).get(0);
                assertEquals(adaId, first.path("participantId").asText());
                assertTrue(first.path("ts").asLong() > 1_600_000_000_000L, "a server timestamp: " + first);

                // --- what people see: sender names and times, markup as text ----------------------------------
                await(ada, "Eve's message rendered", "document.querySelectorAll('[data-testid=chat-log] [data-testid=chat-message]').length === 4");
                List<?> rendered = (List<?>) ada.execute("""
                        return [...document.querySelectorAll('[data-testid=chat-log] [data-testid=chat-message]')].map((li) => [
                          li.querySelector('[data-testid=chat-sender]').textContent,
                          li.querySelector('[data-testid=chat-text]').textContent,
                          li.querySelector('time').textContent]);
                        """);
                assertEquals(List.of("You", "Hello everyone"), ((List<?>) rendered.get(0)).subList(0, 2));
                assertEquals(List.of(EVIL_NAME, EVIL_TEXT), ((List<?>) rendered.get(1)).subList(0, 2));
                assertTrue(String.valueOf(((List<?>) rendered.get(1)).get(2)).matches("\\d{1,2}:\\d{2}.*"), "a time: " + rendered);
                for (ChromiumBrowser b : all) assertNoMarkup(b);
                assertEquals(EVIL_NAME, WebUi.text(ada, WebUi.tileOf(eveId) + " .tile-name"), "the name shows as typed on the tile");

                // --- too long: refused in the page with a reason, nothing sent --------------------------------
                ada.execute("const i = document.querySelector('[data-testid=chat-input]'); i.value = 'x'.repeat(1001);"
                        + " i.dispatchEvent(new Event('input'));");
                ada.click("chat-send");
                await(ada, "the length hint", "document.querySelector('[data-testid=chat-hint]').dataset.kind === 'error'"
                        + " && document.querySelector('[data-testid=chat-hint]').textContent.includes('1000')");
                String exactly1000 = "y".repeat(1000);
                ada.execute("const i = document.querySelector('[data-testid=chat-input]'); i.value = arguments[0];"
                        + " i.dispatchEvent(new Event('input'));", exactly1000);
                ada.click("chat-send");
                List<String> withLong = new ArrayList<>(expected);
                withLong.add(exactly1000);
                awaitTexts(eve, withLong);

                // --- a late joiner gets the history ---------------------------------------------------------------
                try (ChromiumBrowser cal = ChromiumBrowser.launch("cal")) {
                    all.add(cal);
                    cal.open(WebUi.roomUrl(SERVER.baseUrl(), roomId, "Cal", "media=none"));
                    WebUi.awaitJoined(cal);
                    awaitTexts(cal, withLong);
                    assertEquals(chat(ada).toString(), chat(cal).toString(), "the history in the same order");
                    await(cal, "the history waits unread-free", "document.querySelector('[data-testid=chat-unread]').textContent === ''");
                    assertNoMarkup(cal);
                    all.remove(cal);
                }

                // --- too fast: the server's limit is explained, not silently dropped -----------------------------
                eve.execute("""
                        const i = document.querySelector('[data-testid=chat-input]');
                        for (let n = 0; n < 12; n++) {
                          i.value = 'burst ' + n; i.dispatchEvent(new Event('input'));
                          document.querySelector('[data-testid=chat-send]').click();
                        }
                        """);
                await(eve, "the rate-limit hint", "document.querySelector('[data-testid=chat-hint]').textContent.includes('too fast')");
            });
        }
    }

    static void send(ChromiumBrowser b, String text) {
        WebUi.type(b, "chat-input", text);
        b.click("chat-send");
        await(b, "the input cleared after sending", "document.querySelector('[data-testid=chat-input]').value === ''");
    }

    static JsonNode chat(ChromiumBrowser b) {
        return WebUi.json(b, "return JSON.stringify(window.chorus.chat())");
    }

    static void awaitTexts(ChromiumBrowser b, List<String> texts) {
        Poll.until(b.label() + ": the chat " + texts, WebUi.WAIT, Poll.DEFAULT_INTERVAL, () -> {
            List<String> got = new ArrayList<>();
            for (JsonNode m : chat(b)) got.add(m.path("text").asText());
            return got;
        }, texts::equals, String::valueOf);
    }

    /** Nothing from the payloads became an element or ran. */
    static void assertNoMarkup(ChromiumBrowser b) {
        assertNull(b.execute("return window.__xss ?? null"), b.label() + ": a payload ran");
        Object elements = b.execute("return document.querySelectorAll('#chat-log img, #chat-log script, #chat-log b,"
                + " #participant-list img, #grid img, #grid b').length");
        assertEquals(0L, ((Number) elements).longValue(), b.label() + ": markup from a name or message became elements");
    }
}
