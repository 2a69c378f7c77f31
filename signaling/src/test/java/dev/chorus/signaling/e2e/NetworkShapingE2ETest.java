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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real network conditions (root only): publisher P and subscriber A in Chromium on the host, subscriber B in Chromium
 * inside a {@link NetNamespace}. Everyone reaches the server at the host end of B's veth (HTTP and media bound to
 * that address, so it is the one host candidate). Both A and B must receive P's video; then B's downlink is cut to
 * 300 kbit/s with tbf: B's total inbound rate must stay under ~350 kbit/s while A's reception of P is unaffected;
 * after the limit is lifted B's throughput recovers.
 *
 * <p>The server does not adapt to B's link yet (no simulcast layer choice, no congestion control), so while shaped B's
 * video mostly stalls; that is printed (frame size, freezes, loss) but not asserted.
 */
class NetworkShapingE2ETest {
    static final int LIMIT_KBIT = 300;
    /** B's whole inbound payload rate while shaped: the link's rate plus a little slack for measurement edges. */
    static final double SHAPED_MAX_KBIT = 350;
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
    static final Duration FIRST_MEDIA_TIMEOUT = Duration.ofSeconds(30);
    static final Duration WINDOW = Duration.ofSeconds(4);
    /** Time for the tbf queue to fill and the pre-limit bytes already in flight to arrive. */
    static final Duration SETTLE = Duration.ofSeconds(2);
    static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(20);
    static final Duration RECOVERY_WINDOW = Duration.ofSeconds(2);
    static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void requirements() {
        ChromiumBrowser.requireInstalled();
        String why = NetNamespace.unavailableReason().orElse(null);
        assumeTrue(why == null, "network namespaces unavailable: " + why);
    }

    /** Ephemeral ports; HTTP and media bound to (so advertising) the host end of the veth; no HTTPS. */
    static ServerConfig config(String host) {
        ServerConfig d = ServerConfig.ephemeralLoopback();
        return new ServerConfig(host, 0, -1, d.tlsCertFile(), d.tlsKeyFile(), d.dataDir(), 0, host, null,
                d.maxFrameBytes(), d.mediaWorkers(), d.publisherTransportCc());
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
            try (ChorusServer server = ChorusServer.start(config(host))) {
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
        System.out.printf("NetworkShapingE2ETest took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private void runScenario(NetNamespace ns, String base, long t0) throws Exception {
        String roomId = createRoom(base);
        List<String> secure = List.of(ChromiumBrowser.treatAsSecure(base));
        List<ChromiumBrowser> browsers = new ArrayList<>();
        boolean ok = false;
        try {
            // Launched in parallel: Chromium start-up dominates the run time on a small machine.
            List<Callable<ChromiumBrowser>> launches = List.of(
                    () -> ChromiumBrowser.launch("P", secure),
                    () -> ChromiumBrowser.launch("A", secure),
                    () -> ChromiumBrowser.inNamespace(ns, "B", secure));
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<ChromiumBrowser>> started = pool.invokeAll(launches);
                Exception failure = null;
                for (Future<ChromiumBrowser> f : started) {
                    try {
                        browsers.add(f.get());
                    } catch (ExecutionException e) {
                        if (failure == null) failure = e.getCause() instanceof Exception c ? c : e;
                    }
                }
                if (failure != null) throw failure;
            }
            ChromiumBrowser p = browsers.get(0), a = browsers.get(1), b = browsers.get(2);
            elapsed("browsers started", t0);
            for (ChromiumBrowser x : browsers) {
                RtcStatsProbe.install(x);
                x.open(base + "/r/" + roomId + "?name=" + x.label() + "&autojoin=1");
            }
            String pId = p.awaitJoined(JOIN_TIMEOUT);
            a.awaitJoined(JOIN_TIMEOUT);
            b.awaitJoined(JOIN_TIMEOUT);
            elapsed("joined", t0);

            // --- 1. unconstrained: A and B both receive P's video ----------------------------------------------
            awaitVideoFrom(a, pId);
            awaitVideoFrom(b, pId);
            elapsed("P's video decoding at A and B", t0);
            Window before = Window.measure(a, b, pId, WINDOW);
            before.print("unconstrained");
            assertTrue(before.aVideo.framesDecoded() > 0 && before.bVideo.framesDecoded() > 0,
                    "P's video must be decoding at A and B: " + before);

            // --- 2. B's downlink limited to 300 kbit/s ------------------------------------------------------
            ns.limitRate(LIMIT_KBIT);
            Poll.sleep(SETTLE.toMillis());
            NetNamespace.QdiscStats q0 = ns.downlinkStats();
            Window limited = Window.measure(a, b, pId, WINDOW);
            NetNamespace.QdiscStats shaped = ns.downlinkStats().since(q0);
            limited.print("B at " + LIMIT_KBIT + " kbit/s");
            System.out.println("    tbf toward B during the window: " + shaped);
            assertTrue(limited.bTotalKbit <= SHAPED_MAX_KBIT,
                    "B receives " + fmt(limited.bTotalKbit) + " kbit/s through a " + LIMIT_KBIT + " kbit/s link: " + limited);
            // The bucket was the bottleneck (packets had to wait or were dropped), so the check above is not vacuous.
            assertTrue(shaped.overlimits() > 0, "tbf never throttled: offered load below the limit? " + shaped);
            // A is unaffected: P's video keeps its rate and frame rate at A.
            assertTrue(limited.aVideoKbit >= 0.6 * before.aVideoKbit, "A's video from P fell from "
                    + fmt(before.aVideoKbit) + " to " + fmt(limited.aVideoKbit) + " kbit/s while only B was limited");
            assertTrue(limited.aVideo.framesDecoded() >= 0.5 * before.aVideo.framesDecoded(), "A decoded "
                    + limited.aVideo.framesDecoded() + " frames of P (before " + before.aVideo.framesDecoded()
                    + ") while only B was limited");

            // --- 3. limit lifted: B recovers ---------------------------------------------------------------
            ns.clearLimit();
            long r0 = System.nanoTime();
            Window recovered = Poll.until("B's reception of P to recover", RECOVERY_TIMEOUT, Duration.ZERO,
                    () -> Window.measure(a, b, pId, RECOVERY_WINDOW),
                    w -> w.bVideoKbit >= 0.5 * w.aVideoKbit && w.bVideo.framesDecoded() >= 0.5 * w.aVideo.framesDecoded()
                            && w.bTotalKbit > limited.bTotalKbit,
                    Window::toString);
            recovered.print("limit cleared");
            System.out.printf("B recovered within %.1f s%n", (System.nanoTime() - r0) / 1e9);
            ok = true;
        } finally {
            for (ChromiumBrowser x : browsers) {
                x.screenshot(SCREENSHOTS.resolve("network-shaping-" + x.label() + ".png"));
                if (!ok) x.printConsoleLog();
            }
            for (ChromiumBrowser x : browsers) x.close();
        }
    }

    /** Waits until {@code b} decodes video from {@code publisher} and its frame count rises. */
    static void awaitVideoFrom(ChromiumBrowser b, String publisher) {
        ClientStats first = b.awaitStats("decoding video from " + ClientStats.shortId(publisher), FIRST_MEDIA_TIMEOUT,
                s -> videoFrom(s, publisher) != null && videoFrom(s, publisher).framesDecoded() > 0);
        long frames = videoFrom(first, publisher).framesDecoded();
        b.awaitStats("video frames from " + ClientStats.shortId(publisher) + " rising", FIRST_MEDIA_TIMEOUT,
                s -> videoFrom(s, publisher) != null && videoFrom(s, publisher).framesDecoded() > frames);
    }

    static ClientStats.RemoteTrack videoFrom(ClientStats s, String publisher) {
        return s.from(publisher).stream().filter(ClientStats.RemoteTrack::isVideo).findFirst().orElse(null);
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
            ClientStats.RemoteTrack av0 = videoFrom(a0, publisher), av1 = videoFrom(a1, publisher);
            ClientStats.RemoteTrack bv0 = videoFrom(b0, publisher), bv1 = videoFrom(b1, publisher);
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
                    to.bytesReceived() - (same ? from.bytesReceived() : 0));
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
            return String.format("A<-P %s kbit/s %s, B<-P %s kbit/s %s, B total %s kbit/s", fmt(aVideoKbit), aVideo,
                    fmt(bVideoKbit), bVideo, fmt(bTotalKbit));
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
