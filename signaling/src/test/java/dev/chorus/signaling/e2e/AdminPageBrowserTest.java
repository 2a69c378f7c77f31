package dev.chorus.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.signaling.ChorusServer;
import dev.chorus.signaling.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The /admin page in headless Chromium: token handling, the rooms table and the mode switch. */
class AdminPageBrowserTest {
    static final String TOKEN = "browser-test-admin-token-0123456789";
    static final Duration WAIT = Duration.ofSeconds(15);
    static final ObjectMapper JSON = new ObjectMapper();
    static ChorusServer server;
    static ChorusServer disabled;
    static HttpClient http;

    @BeforeAll
    static void startServers() throws Exception {
        ChromiumBrowser.requireInstalled();
        server = ChorusServer.start(ServerConfig.ephemeralLoopback().withAdminToken(TOKEN));
        disabled = ChorusServer.start(ServerConfig.ephemeralLoopback());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopServers() {
        if (server != null) server.close();
        if (disabled != null) disabled.close();
    }

    static String base(ChorusServer s) {
        return "http://127.0.0.1:" + s.httpPort();
    }

    static String createRoom() throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base(server) + "/api/rooms"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, res.statusCode(), res.body());
        return JSON.readTree(res.body()).path("roomId").asText();
    }

    static String restMode(String roomId) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base(server) + "/api/rooms/" + roomId))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(res.body()).path("mode").asText();
    }

    /** A participant over a plain WebSocket (no media), so that the page has a name to show. */
    static WebSocket joinOverWebSocket(String roomId, String name) throws Exception {
        CompletableFuture<Void> joined = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        if (data.toString().contains("\"joined\"")) joined.complete(null);
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        var join = JSON.createObjectNode().put("type", "join").put("roomId", roomId).put("name", name);
        ws.sendText(join.toString(), true).get(10, TimeUnit.SECONDS);
        joined.get(10, TimeUnit.SECONDS);
        return ws;
    }

    static String status(ChromiumBrowser b) {
        return b.byTestId("admin-status").getText();
    }

    static WebElement row(ChromiumBrowser b, String roomId) {
        return b.driver().findElement(By.cssSelector(
                "[data-testid='admin-rooms'] [data-testid='room-row'][data-room-id='" + roomId + "']"));
    }

    static void enterToken(ChromiumBrowser b, String token) {
        WebElement field = b.byTestId("admin-token");
        field.clear();
        field.sendKeys(token, Keys.ENTER);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void listsRoomsAndSwitchesTheirMode() throws Exception {
        String roomId = createRoom();
        String name = "<img src=x onerror=\"window.pwned=1\">Ada";
        WebSocket ada = joinOverWebSocket(roomId, name);
        try (ChromiumBrowser b = ChromiumBrowser.launch("admin")) {
            b.open(base(server) + "/admin");
            Poll.until("the token prompt", WAIT, () -> status(b), s -> s.contains("Enter the admin token"));

            enterToken(b, "not-the-token");
            Poll.until("the wrong-token message", WAIT, () -> status(b), s -> s.equals("Wrong token."));

            enterToken(b, TOKEN);
            WebElement tr = Poll.until("room " + roomId + " listed", WAIT, () -> row(b, roomId), r -> true);
            assertEquals("sfu", tr.getDomAttribute("data-mode"));
            Poll.until("the participant's name, as text", WAIT,
                    () -> row(b, roomId).findElement(By.cssSelector(".room-people li")).getText(), name::equals);
            assertEquals(null, b.execute("return window.pwned ?? null;"), "names are inserted as text");

            row(b, roomId).findElement(By.cssSelector("[data-testid='mode-toggle']")).click();
            Poll.until("REST shows mcu", WAIT, () -> restMode(roomId), "mcu"::equals);
            Poll.until("the row shows mcu", WAIT, () -> row(b, roomId).getDomAttribute("data-mode"), "mcu"::equals);
            b.screenshot(Path.of("target", "e2e-screenshots", "admin-page.png"));

            row(b, roomId).findElement(By.cssSelector("[data-testid='mode-toggle']")).click();
            Poll.until("REST shows sfu", WAIT, () -> restMode(roomId), "sfu"::equals);

            // the token survives a reload of the tab (sessionStorage)
            b.driver().navigate().refresh();
            Poll.until("room listed after reload", WAIT, () -> row(b, roomId), r -> true);
            assertEquals(TOKEN, b.byTestId("admin-token").getDomProperty("value"));

            // a server without admin.token: the page says how to enable it
            b.open(base(disabled) + "/admin");
            enterToken(b, TOKEN);
            Poll.until("the disabled message", WAIT, () -> status(b),
                    s -> s.startsWith("Admin API disabled: set admin.token"));
            assertTrue(b.driver().findElements(By.cssSelector("[data-testid='room-row']")).isEmpty());
        } finally {
            ada.abort();
        }
    }

    /** The web client records the switch in window.chorus.stats().mode and its top-bar badge. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theClientLearnsTheMode() throws Exception {
        String roomId = createRoom();
        try (ChromiumBrowser b = ChromiumBrowser.launch("client")) {
            b.open(base(server) + "/r/" + roomId + "?name=Ada&autojoin=1&media=none");
            ClientStats joined = b.awaitStats("joined", WAIT, ClientStats::joined);
            assertEquals("sfu", joined.mode());
            Poll.until("the SFU badge", WAIT, () -> b.byTestId("room-mode").getText(), "SFU"::equals);

            HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                            URI.create(base(server) + "/api/admin/rooms/" + roomId + "/mode"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"mcu\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode(), res.body());
            b.awaitStats("mode mcu", WAIT, s -> "mcu".equals(s.mode()));
            Poll.until("the MCU badge", WAIT, () -> b.byTestId("room-mode").getText(), "MCU"::equals);
        }
    }
    /**
     * Each client reports its measurements every few seconds (client-stats); the admin page shows the latest per
     * participant: the quality score and the figures behind it.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void clientStatsShowPerParticipant() throws Exception {
        String roomId = createRoom();
        try (ChromiumBrowser ada = ChromiumBrowser.launch("reporter");
             ChromiumBrowser admin = ChromiumBrowser.launch("admin-stats")) {
            ada.open(base(server) + "/r/" + roomId + "?name=Ada&autojoin=1&simulcast=0");
            String adaId = ada.awaitStats("joined", WAIT, ClientStats::joined).participantId();
            JsonNode stats = Poll.until("Ada's client-stats in the admin API", Duration.ofSeconds(40), Poll.DEFAULT_INTERVAL, () -> {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base(server) + "/api/admin/rooms"))
                        .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
                for (JsonNode room : JSON.readTree(res.body()).path("rooms")) {
                    for (JsonNode p : room.path("participants")) {
                        if (adaId.equals(p.path("participantId").asText())) return p.path("clientStats");
                    }
                }
                return null;
            }, n -> n != null && n.has("score") && n.has("sendKbps") && n.path("tracks").isArray(), String::valueOf);
            int score = stats.path("score").asInt(-1);
            assertTrue(score >= 0 && score <= 100, "a 0-100 score: " + stats);
            assertTrue(stats.path("tracks").toString().contains("\"kind\":\"video\""), "our video track is reported: " + stats);

            admin.open(base(server) + "/admin");
            WebElement field = admin.byTestId("admin-token");
            field.sendKeys(TOKEN);
            admin.click("admin-token-apply");
            String css = "[data-testid=admin-participant][data-participant-id='" + adaId + "'] [data-testid=client-stats]";
            String line = Poll.until("the stats line on the admin page", WAIT, Poll.DEFAULT_INTERVAL,
                    () -> (String) admin.execute("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css),
                    t -> t != null && t.contains("RTT") && t.matches("^\\d{1,3}.*"), String::valueOf);
            assertTrue(line.contains("↑") && line.contains("↓"), line);
            String level = (String) admin.execute("return document.querySelector(arguments[0]).dataset.level", css);
            assertTrue(List.of("good", "fair", "poor").contains(level), level);
        }
    }
}
