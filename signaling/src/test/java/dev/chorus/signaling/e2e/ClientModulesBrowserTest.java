package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.ChorusServer;
import dev.chorus.signaling.config.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web client's pure modules, run in a real browser by importing them from the server (what ships is what is
 * tested): the quality score, the tile layout, chat ordering and escaping.
 */
class ClientModulesBrowserTest {
    static ChorusServer server;
    static ChromiumBrowser browser;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        ChromiumBrowser.requireInstalled();
        server = ChorusServer.start(ServerConfig.ephemeralLoopback());
        base = "http://127.0.0.1:" + server.httpPort();
        browser = ChromiumBrowser.launch("modules");
        browser.open(base + "/");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    /** Imports {@code module} and runs {@code body} (with the module as {@code m}); returns its JSON result. */
    static JsonNode run(String module, String body) {
        Object raw = WebUi.async(browser, """
                const [path, body, done] = arguments;
                const fail = (e) => done(JSON.stringify({ error: String(e) }));
                import(path).then((m) => { // a throwing body reports its error instead of timing out
                  try { done(JSON.stringify(new Function('m', body)(m))); } catch (e) { fail(e); }
                }, fail);
                """, module, body);
        try {
            JsonNode n = WebUi.JSON.readTree(String.valueOf(raw));
            assertTrue(!n.has("error"), module + ": " + n);
            return n;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + raw, e);
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void qualityScoreIsHundredWhenPerfectAndFallsWithEachImpairment() {
        JsonNode r = run("/js/quality.js", """
                const q = (x) => m.qualityScore(x);
                const lossCurve = [0, 1, 2, 5, 10, 20, 50].map((l) => q({ lossPct: l, rttMs: 40, jitterMs: 5 }).score);
                const rttCurve = [20, 150, 300, 500, 1000].map((r) => q({ rttMs: r }).score);
                return {
                  perfect: q({ lossPct: 0, rttMs: 30, jitterMs: 3, fps: 30, sendKbps: 900, bweKbps: 2500 }),
                  empty: q({}),
                  garbage: q({ lossPct: NaN, rttMs: -5, jitterMs: 'x', fps: Infinity }),
                  lossCurve, rttCurve,
                  frozen: q({ fps: 0 }).score,
                  stutter: q({ fps: 10 }).score,
                  fluid: q({ fps: 25 }).score,
                  congested: q({ sendKbps: 2000, bweKbps: 800 }).score,
                  starved: q({ sendKbps: 100, bweKbps: 100 }).score,
                  bad: q({ lossPct: 15, rttMs: 600, jitterMs: 80, fps: 5, freezesPerMin: 4 }),
                  fair: q({ lossPct: 5, rttMs: 300, jitterMs: 30 }),
                  levels: [100, 70, 69, 40, 39, 0].map(m.levelOf),
                };
                """);
        assertEquals(100, r.path("perfect").path("score").asInt(), r.toString());
        assertEquals("good", r.path("perfect").path("level").asText());
        assertEquals(100, r.path("empty").path("score").asInt(), "nothing measured costs nothing");
        assertEquals(100, r.path("garbage").path("score").asInt(), "invalid numbers are ignored: " + r.path("garbage"));
        assertNonIncreasing(r.path("lossCurve"));
        assertNonIncreasing(r.path("rttCurve"));
        assertTrue(r.path("lossCurve").get(4).asInt() <= 60, "10 % loss is at best fair: " + r.path("lossCurve"));
        assertTrue(r.path("frozen").asInt() < r.path("stutter").asInt() && r.path("stutter").asInt() < r.path("fluid").asInt(),
                "frame rate: " + r);
        assertEquals(100, r.path("fluid").asInt(), "25 of 30 fps looks fluid");
        assertTrue(r.path("congested").asInt() < 100 && r.path("starved").asInt() < 100, "bandwidth: " + r);
        assertEquals("poor", r.path("bad").path("level").asText(), r.path("bad").toString());
        assertEquals(0, r.path("bad").path("score").asInt(), r.path("bad").toString());
        assertEquals("fair", r.path("fair").path("level").asText(), r.path("fair").toString());
        assertEquals("[\"good\",\"good\",\"fair\",\"fair\",\"poor\",\"poor\"]", r.path("levels").toString());
    }

    static void assertNonIncreasing(JsonNode curve) {
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i).asInt() <= curve.get(i - 1).asInt(), "must not rise: " + curve);
        }
        assertTrue(curve.get(curve.size() - 1).asInt() < curve.get(0).asInt(), "must fall: " + curve);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void layoutKeepsTilesInsideWithoutOverlapAndFeaturesOne() {
        JsonNode r = run("/js/layout.js", """
                const out = [];
                const sizes = [[1248, 640], [374, 620], [800, 450], [360, 560], [1920, 980]];
                for (const [width, height] of sizes) {
                  for (let n = 1; n <= 12; n++) {
                    const ids = Array.from({ length: n }, (_, i) => 't' + i);
                    for (const featured of [null, 't0', 't' + (n - 1)]) {
                      const { rects, mode } = m.computeLayout({ width, height, ids, featured });
                      const list = [...rects.entries()];
                      let problem = null;
                      if (list.length !== n) problem = 'missing tiles';
                      for (const [id, a] of list) {
                        if (a.w <= 0 || a.h <= 0) problem = id + ' empty';
                        if (a.x < -1 || a.y < -1 || a.x + a.w > width + 1 || a.y + a.h > height + 1) problem = id + ' outside';
                        for (const [id2, b] of list) {
                          if (id2 <= id) continue;
                          const overlap = a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1;
                          if (overlap) problem = id + ' overlaps ' + id2;
                        }
                      }
                      if (featured && n > 1) {
                        const f = rects.get(featured);
                        if (mode !== 'stage') problem = 'featured without stage';
                        for (const [id, a] of list) if (id !== featured && a.w * a.h >= f.w * f.h) problem = 'featured not largest';
                      }
                      if (problem) out.push({ width, height, n, featured, problem });
                    }
                  }
                }
                const two = m.computeLayout({ width: 1248, height: 640, ids: ['a', 'b'] }).rects;
                const phone = m.computeLayout({ width: 374, height: 620, ids: ['a', 'b'] }).rects;
                return { problems: out, twoSideBySide: two.get('a').y === two.get('b').y,
                         phoneStacked: phone.get('a').x === phone.get('b').x && phone.get('b').y > phone.get('a').y };
                """);
        assertEquals(0, r.path("problems").size(), "layout problems: " + r.path("problems"));
        assertTrue(r.path("twoSideBySide").asBoolean(), "two people on a wide screen sit side by side");
        assertTrue(r.path("phoneStacked").asBoolean(), "two people on a phone are stacked");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void chatKeepsServerOrderDropsDuplicatesAndRendersText() {
        JsonNode r = run("/js/chat.js", """
                const mk = (tag) => document.createElement(tag);
                const els = { log: mk('ol'), empty: mk('p'), form: mk('form'), input: mk('textarea'), button: mk('button'), hint: mk('p') };
                const c = new m.Chat(els, { send: () => true, isMine: (id) => id === 'me', isOpen: () => false });
                let unread = 0;
                c.addEventListener('unread', (e) => { unread = e.detail.count; });
                const msg = (id, pid, text) => ({ id, participantId: pid, name: '<b>' + pid + '</b>', text, ts: 1700000000000 + id });
                c.add([msg(3, 'a', 'three'), msg(1, 'b', 'one')], { history: true });
                c.add([msg(2, 'me', 'two'), msg(2, 'me', 'two again'), msg(4, 'a', '<img src=x onerror="window.__xss=1">')]);
                return {
                  order: c.list().map((x) => x.text),
                  html: els.log.querySelectorAll('img, b').length,
                  lastText: els.log.lastElementChild.querySelector('.chat-text').textContent,
                  sender: els.log.firstElementChild.querySelector('.chat-sender').textContent,
                  unread,
                };
                """);
        assertEquals("[\"one\",\"two\",\"three\",\"<img src=x onerror=\\\"window.__xss=1\\\">\"]", r.path("order").toString());
        assertEquals(0, r.path("html").asInt(), "names and text must never become markup");
        assertEquals("<img src=x onerror=\"window.__xss=1\">", r.path("lastText").asText());
        assertEquals("<b>b</b>", r.path("sender").asText());
        assertEquals(1, r.path("unread").asInt(), "only others' live messages count as unread");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void clientStatsCarryTheFreezeCountOfAllReceivedVideo() {
        JsonNode r = run("/js/metrics.js", """
                const call = { participantId: 'me', remoteTrackFor: (s) => ({ participantId: 'p-' + s.id, track: { muted: false } }) };
                const report = (v1, v2) => new Map([
                  ['v1', { id: 'v1', type: 'inbound-rtp', kind: 'video', freezeCount: v1, packetsReceived: 100, bytesReceived: 1e5 }],
                  ['v2', { id: 'v2', type: 'inbound-rtp', kind: 'video', freezeCount: v2, packetsReceived: 100, bytesReceived: 1e5 }],
                  ['a1', { id: 'a1', type: 'inbound-rtp', kind: 'audio', packetsReceived: 50, bytesReceived: 1e4 }],
                ]);
                const mm = new m.Metrics(call);
                mm.compute(report(1, 2), 1000); // the first sample only primes the counters
                const s = mm.compute(report(3, 4), 3000);
                const noFreezeStats = new m.Metrics(call);
                noFreezeStats.compute(report(undefined, undefined), 1000);
                const t = noFreezeStats.compute(report(undefined, undefined), 3000);
                return { sample: s.freezeCount, body: mm.reportBody(s), without: noFreezeStats.reportBody(t) };
                """);
        assertEquals(7, r.path("sample").asInt(), r.toString());
        assertEquals(7, r.path("body").path("freezeCount").asInt(), "summed over both videos: " + r);
        assertTrue(!r.path("without").has("freezeCount"), "left out when the browser does not report it: " + r);
    }
}
