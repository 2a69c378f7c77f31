package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.signaling.ChorusServer;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.e2e.net.NetNamespace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Simulcast adaptation under real network conditions (root only): publisher P (three simulcast encodings) and
 * subscriber A in Chromium on the host, subscriber B in Chromium inside a {@link NetNamespace}. Everyone reaches the
 * server at the host end of B's veth (HTTP and media bound to that address, so it is the one host candidate).
 * <ol>
 *   <li>unconstrained, A and B both receive P at &ge; 360p;</li>
 *   <li>B's downlink cut to 300 kbit/s with tbf: B gets the low layer (&le; 180p) within 10 s and keeps decoding
 *       smoothly, while A keeps &ge; 360p;</li>
 *   <li>limit lifted: B is back at &ge; 360p within 15 s;</li>
 *   <li>A's tile shrunk to 160x90: A gets the low layer although its link has room;</li>
 *   <li>over all of it: no freeze at A, at most two (under 1.5 s in all) at B from 2 s after the limit on (the
 *       drop itself, before the server can know, loses packets: freezes then are reported but not bounded;
 *       the switch back up may cost one), and the publisher's
 *       keyframes stay few (no storm of keyframe requests from layer switches).</li>
 * </ol>
 */
class SimulcastAdaptationE2ETest {
    static final int LIMIT_KBIT = 300;
    /** B's whole inbound payload rate while shaped: the link's rate plus a little slack for measurement edges. */
    static final double SHAPED_MAX_KBIT = 350;
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
    static final Duration FIRST_MEDIA_TIMEOUT = Duration.ofSeconds(30);
    static final Duration WINDOW = Duration.ofSeconds(4);
    /** From the first frame to the publisher's and the server's estimates allowing 360p. */
    static final Duration RAMP_UP = Duration.ofSeconds(30);
    static final Duration LOW_LAYER_WITHIN = Duration.ofSeconds(10);
    /** From the limit until the drop's own losses and freezes are over (see runScenario). */
    static final Duration DROP_SETTLE = Duration.ofSeconds(2);
    static final Duration HIGH_LAYER_WITHIN = Duration.ofSeconds(15);
    static final double MIN_LIMITED_FPS = 8;
    static final int MAX_KEYFRAMES_PER_LAYER_PER_MINUTE = 12;
    static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void requirements() {
        ShapedLinkRooms.requireBrowserAndNamespaces();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void subscriberBehindA300kbitLink() throws Exception {
        long t0 = System.nanoTime();
        String nsName;
        try (NetNamespace ns = NetNamespace.create()) {
            nsName = ns.name();
            String host = ns.hostAddress().getHostAddress();
            System.out.println("namespace " + ns);
            try (ChorusServer server = ChorusServer.start(ShapedLinkRooms.config(host))) {
                assertEquals(List.of(ns.hostAddress()), server.media().advertisedAddresses(),
                        "the server's host candidates");
                String base = "http://" + host + ":" + server.httpPort();
                runScenario(ns, base, t0);
            }
        }
        assertFalse(NetNamespace.namespaceNames().contains(nsName), nsName + " survived close()");
        List<String> mine = NetNamespace.chorusNamespaces().stream()
                .filter(n -> n.startsWith(NetNamespace.PREFIX + ProcessHandle.current().pid() + "-")).toList();
        assertTrue(mine.isEmpty(), "namespaces of this run left behind: " + mine);
        System.out.printf("SimulcastAdaptationE2ETest took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private void runScenario(NetNamespace ns, String base, long t0) throws Exception {
        String roomId = createRoom(base);
        List<String> secure = List.of(ChromiumBrowser.treatAsSecure(base));
        List<ChromiumBrowser> browsers = new ArrayList<>();
        boolean ok = false;
        Thread tracer = null;
        ServerTrace bTrace = new ServerTrace();
        try {
            browsers.addAll(ChromiumBrowser.launchAll(List.of(
                    () -> ChromiumBrowser.launch("P", secure),
                    () -> ChromiumBrowser.launch("A", secure),
                    () -> ChromiumBrowser.inNamespace(ns, "B", secure))));
            ChromiumBrowser p = browsers.get(0), a = browsers.get(1), b = browsers.get(2);
            elapsed("browsers started", t0);
            // P publishes camera (three simulcast encodings) and mic; A and B only listen and watch
            // (audio only, so B's 300 kbit/s carry one video: the test is about P's layers).
            for (ChromiumBrowser x : browsers) {
                RtcStatsProbe.install(x);
                x.open(base + "/r/" + roomId + "?name=" + x.label() + "&autojoin=1" + (x == p ? "" : "&media=audio"));
            }
            String pId = p.awaitJoined(JOIN_TIMEOUT);
            a.awaitJoined(JOIN_TIMEOUT);
            b.awaitJoined(JOIN_TIMEOUT);
            elapsed("joined", t0);
            long start = System.nanoTime();

            // --- 1. unconstrained: both get at least 360p (their tiles are larger than 320x180) -----------
            ShapedLinkRooms.awaitVideoFrom(a, pId);
            ShapedLinkRooms.awaitVideoFrom(b, pId);
            awaitHeight(a, pId, "A", h -> h >= 360, RAMP_UP);
            awaitHeight(b, pId, "B", h -> h >= 360, RAMP_UP);
            elapsed("A and B receive >= 360p", t0);

            // --- 2. B behind 300 kbit/s: low layer within 10 s, A keeps >= 360p -----------------------------
            ns.limitRate(LIMIT_KBIT);
            long limited = System.nanoTime();
            tracer = Thread.ofVirtual().start(() -> trace(base, roomId, "B", limited, bTrace));
            bTrace.during(() -> awaitHeight(b, pId, "B", h -> h > 0 && h <= 180, LOW_LAYER_WITHIN));
            System.out.printf("B switched to <= 180p %.1f s after the limit%n", (System.nanoTime() - limited) / 1e9);
            // The capacity drop itself loses packets until it is detected (~0.5 s) and the keyframe of
            // the low layer arrives; Chrome counts a freeze only when the next frame renders, so one that
            // began in the drop can be reported just after the switch. Freezes in the first
            // DROP_SETTLE after the limit are reported, the bound applies from there.
            long settle = limited + DROP_SETTLE.toNanos() - System.nanoTime();
            if (settle > 0) {
                Thread.sleep(settle / 1_000_000);
            }
            RtcStatsProbe.InboundRtp bAtSwitch = inboundVideo(b);
            long bFreezesAtSwitch = bAtSwitch.freezeCount();
            double bFrozenAtSwitch = bAtSwitch.totalFreezesDurationSec();
            Window w = Window.measure(a, b, pId, WINDOW);
            System.out.println("publisher keyframes so far: " + keyFramesEncoded(p));
            w.print("B at " + LIMIT_KBIT + " kbit/s");
            assertTrue(w.aVideo.frameHeight() >= 360, "A must keep >= 360p while only B is limited: " + w);
            assertTrue(w.bVideo.frameHeight() > 0 && w.bVideo.frameHeight() <= 180, "B on the low layer: " + w + bTrace);
            double bFps = w.bVideo.framesDecoded() / w.seconds;
            assertTrue(bFps >= MIN_LIMITED_FPS, "B's smaller video must stay smooth, got " + bFps + " fps: " + w + bTrace);
            assertTrue(w.bTotalKbit <= SHAPED_MAX_KBIT, "B receives " + fmt(w.bTotalKbit) + " kbit/s through "
                    + LIMIT_KBIT + " kbit/s: " + w + bTrace);

            // --- 3. limit lifted: B back to >= 360p within 15 s --------------------------------------------
            ns.clearLimit();
            long lifted = System.nanoTime();
            System.out.printf("limit lifted at %.1f s on the trace's clock%n", (lifted - limited) / 1e9);
            bTrace.during(() -> awaitHeight(b, pId, "B", h -> h >= 360, HIGH_LAYER_WITHIN));
            tracer.interrupt(); // traced until here: the recovery is what fails when it is slow
            System.out.printf("B back to >= 360p %.1f s after the limit was lifted%n", (System.nanoTime() - lifted) / 1e9);

            // --- 4. a small tile gets the low layer even with bandwidth --------------------------------------
            ShapedLinkRooms.sizeTile(a, pId, 160, 90);
            awaitHeight(a, pId, "A (160x90 tile)", h -> h > 0 && h <= 180, LOW_LAYER_WITHIN);
            elapsed("A's small tile gets <= 180p", t0);

            // --- 5. no real freezes on A, at most one on B; no keyframe storm at the publisher ----------------------
            RtcStatsProbe.InboundRtp aIn = inboundVideo(a), bIn = inboundVideo(b);
            System.out.println("A<-P " + aIn + "\nB<-P " + bIn);
            // one short freeze is tolerated: with three Chromiums on two cores a starved decoder stalls now
            // and then (seen in CI under load: one of 0.2 s); repeated or long freezes are a forwarding fault
            assertTrue(aIn.freezeCount() <= 1 && aIn.totalFreezesDurationSec() < 0.5,
                    "A's video must not freeze: " + aIn);
            System.out.printf("B froze %d times during the capacity drop, %d times after it%n", bFreezesAtSwitch,
                    bIn.freezeCount() - bFreezesAtSwitch);
            // "after" spans the low layer, the lift and the switch back up: the up-switch's keyframe can
            // freeze B once more on a loaded machine (seen in CI: 2 freezes, 0.6 s in all). More, or longer,
            // is a forwarding fault (a switch loop or a lost keyframe freezes for seconds).
            double bFrozenAfter = bIn.totalFreezesDurationSec() - bFrozenAtSwitch;
            assertTrue(bIn.freezeCount() - bFreezesAtSwitch <= 2 && bFrozenAfter < 1.5,
                    "B's video froze more than twice or " + fmt(bFrozenAfter) + " s after switching to the low layer: "
                            + bIn + bTrace);
            double minutes = (System.nanoTime() - start) / 60e9;
            long keyFrames = keyFramesEncoded(p);
            System.out.printf("publisher encoded %d keyframes over %.1f min (all layers)%n", keyFrames, minutes);
            assertTrue(keyFrames <= MAX_KEYFRAMES_PER_LAYER_PER_MINUTE * 3 * Math.max(1, minutes) + 3,
                    "keyframe-request storm: " + keyFrames + " keyframes in " + minutes + " min");
            System.out.println("server stats: " + ShapedLinkRooms.serverStats(base, roomId));
            ok = true;
        } finally {
            if (tracer != null) tracer.interrupt();
            for (ChromiumBrowser x : browsers) {
                x.screenshot(SCREENSHOTS.resolve("simulcast-adaptation-" + x.label() + ".png"));
                if (!ok) x.printConsoleLog();
            }
            if (!ok) System.out.println("server stats: " + ShapedLinkRooms.serverStats(base, roomId));
            for (ChromiumBrowser x : browsers) x.close();
        }
    }

    /** Prints, twice a second, how the server sees {@code who}'s link and video, and keeps the lines for failures. */
    static void trace(String base, String roomId, String who, long t0, ServerTrace lines) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                JsonNode room = JSON.readTree(ShapedLinkRooms.serverStats(base, roomId));
                for (JsonNode p : room.path("participants")) {
                    if (!who.equals(p.path("name").asText())) continue;
                    JsonNode t = p.path("transport"), e = t.path("estimate");
                    StringBuilder sb = new StringBuilder(String.format("  %5.1f s %s est %4dk (delay %4dk loss %4dk %.2f acked %4dk %s) alloc %4dk desired %4dk pad %d",
                            (System.nanoTime() - t0) / 1e9, who, e.path("targetBps").asLong() / 1000,
                            e.path("delayBasedBps").asLong() / 1000, e.path("lossBasedBps").asLong() / 1000,
                            e.path("lossFraction").asDouble(), e.path("ackedBps").asLong() / 1000, e.path("usage").asText(),
                            t.path("allocatedBps").asLong() / 1000, t.path("desiredBps").asLong() / 1000,
                            t.path("pacing").path("paddingPackets").asLong()));
                    for (JsonNode c : t.path("consumers")) {
                        if ("video".equals(c.path("kind").asText())) {
                            sb.append(String.format(" | video %d/%d -> %d/%d %dk rtx %d", c.path("spatialLayer").asInt(),
                                    c.path("temporalLayer").asInt(), c.path("targetSpatialLayer").asInt(),
                                    c.path("targetTemporalLayer").asInt(), c.path("bitrateBps").asLong() / 1000,
                                    c.path("retransmitted").asLong()));
                        }
                    }
                    System.out.println(sb);
                    lines.add(sb.toString());
                }
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                System.out.println("  trace: " + e);
            }
        }
    }

    /**
     * The server's view of B's link since the limit, for assertion messages: CI keeps only a failure's message,
     * not the test's output, and a flake is only understood from what the estimator and consumer did.
     */
    static final class ServerTrace {
        private static final int KEPT = 48;
        private final java.util.Deque<String> lines = new java.util.concurrent.ConcurrentLinkedDeque<>();

        void add(String line) {
            lines.addLast(line.strip());
            while (lines.size() > KEPT) lines.pollFirst();
        }

        /** Runs {@code check}; an assertion it fails carries the trace. */
        void during(Runnable check) {
            try {
                check.run();
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + this, e);
            }
        }

        @Override
        public String toString() {
            return " -- server's view of B since the limit (every 0.5 s): " + String.join(" ;; ", lines);
        }
    }

    /** Polls the frame height {@code who} decodes of {@code publisher}'s video until {@code ok}. */
    static void awaitHeight(ChromiumBrowser b, String publisher, String who, java.util.function.LongPredicate ok,
                            Duration within) {
        b.awaitStats(who + "'s frame height of " + ClientStats.shortId(publisher), within, s -> {
            ClientStats.RemoteTrack v = ShapedLinkRooms.videoFrom(s, publisher);
            return v != null && ok.test(v.frameHeight());
        });
    }

    static RtcStatsProbe.InboundRtp inboundVideo(ChromiumBrowser b) {
        return RtcStatsProbe.snapshot(b).inbound().stream().filter(RtcStatsProbe.InboundRtp::isVideo)
                .max(java.util.Comparator.comparingLong(RtcStatsProbe.InboundRtp::framesDecoded)).orElseThrow();
    }

    /** Keyframes the publisher's encoder produced, all simulcast layers together. */
    static long keyFramesEncoded(ChromiumBrowser p) {
        Object raw = ((org.openqa.selenium.JavascriptExecutor) p.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "window.chorus.publishing().then((x) => done(JSON.stringify(x)), (e) => done('null'));");
        try {
            long n = 0;
            for (JsonNode o : JSON.readTree(String.valueOf(raw)).path("outbound")) {
                n += o.path("keyFramesEncoded").asLong();
            }
            return n;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("publishing() returned no JSON: " + raw, e);
        }
    }

    /**
     * Rates over one measurement window, from {@code window.chorus.stats()} (payload bytes): P's video at A and at B,
     * and everything B receives; frame counts are deltas; probe snapshots at the end for diagnostics.
     */
    record Window(double seconds, double aVideoKbit, double bVideoKbit, double bTotalKbit,
                  ClientStats.RemoteTrack aVideo, ClientStats.RemoteTrack bVideo,
                  RtcStatsProbe.Snapshot aProbe, RtcStatsProbe.Snapshot bProbe, double bTransportKbit) {

        static Window measure(ChromiumBrowser a, ChromiumBrowser b, String publisher, Duration length) {
            ClientStats a0 = a.stats(), b0 = b.stats();
            RtcStatsProbe.Snapshot bp0 = RtcStatsProbe.snapshot(b);
            long t0 = System.nanoTime();
            Poll.sleep(length.toMillis());
            ClientStats a1 = a.stats(), b1 = b.stats();
            long t1 = System.nanoTime();
            RtcStatsProbe.Snapshot ap1 = RtcStatsProbe.snapshot(a), bp1 = RtcStatsProbe.snapshot(b);
            double s = (t1 - t0) / 1e9;
            ClientStats.RemoteTrack av0 = ShapedLinkRooms.videoFrom(a0, publisher), av1 = ShapedLinkRooms.videoFrom(a1, publisher);
            ClientStats.RemoteTrack bv0 = ShapedLinkRooms.videoFrom(b0, publisher), bv1 = ShapedLinkRooms.videoFrom(b1, publisher);
            assertNotNull(av1, "A lost P's video track: " + a1);
            assertNotNull(bv1, "B lost P's video track: " + b1);
            return new Window(s, kbit(av0, av1, s), kbit(bv0, bv1, s), kbit(total(b0), total(b1), s),
                    delta(av0, av1), delta(bv0, bv1), ap1, bp1,
                    kbit(bp0.transportBytesReceived(), bp1.transportBytesReceived(), s));
        }

        static long total(ClientStats s) {
            return s.remote().stream().mapToLong(ClientStats.RemoteTrack::bytesReceived).sum();
        }

        static double kbit(ClientStats.RemoteTrack from, ClientStats.RemoteTrack to, double s) {
            return kbit(from == null || !from.trackId().equals(to.trackId()) ? 0 : from.bytesReceived(), to.bytesReceived(), s);
        }

        static double kbit(long from, long to, double s) {
            return (to - from) * 8 / s / 1000;
        }

        /** {@code to} with framesDecoded and bytesReceived as deltas over the window. */
        static ClientStats.RemoteTrack delta(ClientStats.RemoteTrack from, ClientStats.RemoteTrack to) {
            boolean same = from != null && from.trackId().equals(to.trackId());
            return new ClientStats.RemoteTrack(to.participantId(), to.name(), to.kind(), to.trackId(),
                    to.framesDecoded() - (same ? from.framesDecoded() : 0), to.frameWidth(), to.frameHeight(),
                    to.packetsReceived() - (same ? from.packetsReceived() : 0),
                    to.bytesReceived() - (same ? from.bytesReceived() : 0), to.codec());
        }

        void print(String phase) {
            System.out.printf("[%s] over %.1f s: A<-P video %s kbit/s %d frames %dp | B<-P video %s kbit/s %d frames %dp"
                            + " | B total %s kbit/s (transport %s)%n",
                    phase, seconds, fmt(aVideoKbit), aVideo.framesDecoded(), aVideo.frameHeight(), fmt(bVideoKbit),
                    bVideo.framesDecoded(), bVideo.frameHeight(), fmt(bTotalKbit), fmt(bTransportKbit));
            System.out.println("    A<-P " + aProbe.track(aVideo.trackId()).map(String::valueOf).orElse("(no inbound-rtp)"));
            System.out.println("    B<-P " + bProbe.track(bVideo.trackId()).map(String::valueOf).orElse("(no inbound-rtp)"));
        }

        @Override
        public String toString() {
            // B's inbound-rtp (cumulative loss, NACKs, PLIs, drops) tells a stall waiting for a keyframe from a starved decoder
            return String.format("A<-P %s kbit/s %s, B<-P %s kbit/s %s %s, B total %s kbit/s", fmt(aVideoKbit), aVideo,
                    fmt(bVideoKbit), bVideo, bProbe.track(bVideo.trackId()).map(String::valueOf).orElse("(no inbound-rtp)"),
                    fmt(bTotalKbit));
        }
    }

    static String fmt(double kbit) {
        return String.format("%.0f", kbit);
    }

    static void elapsed(String what, long t0) {
        System.out.printf("%5.1f s  %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    static String createRoom(String base) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + "/api/rooms"))
                            .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, res.statusCode(), "POST /api/rooms: " + res.body());
            JsonNode body = JSON.readTree(res.body());
            String roomId = body.path("roomId").asText(null);
            assertNotNull(roomId, "POST /api/rooms returned no roomId: " + res.body());
            return roomId;
        }
    }
}
