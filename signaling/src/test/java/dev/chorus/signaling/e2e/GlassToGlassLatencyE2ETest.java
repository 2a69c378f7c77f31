package dev.chorus.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.compositor.layout.GridLayout;
import dev.chorus.compositor.layout.Tile;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.testing.RunningServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the MCU adds to glass-to-glass latency, measured in headless Chromium: publisher P's camera is a
 * canvas showing the wall clock as black/white cells (timestamp-camera.js); receiver R reads the cells
 * from every frame it displays (timestamp-reader.js, requestVideoFrameCallback) and records display
 * time minus drawn time. Both browsers share the machine's clock. The same pair is measured forwarded
 * (SFU) and composited (MCU: decode, compose, encode on the server), without rejoining; the difference
 * of the medians is the MCU's added latency. Target (issue 4): at most 150 ms (measured and recorded in
 * docs/BENCHMARKS.md); the assertion is a looser regression guard that a busy CI machine cannot trip.
 */
class GlassToGlassLatencyE2ETest {
    static final String TOKEN = "e2e-latency-token-0123456789";
    static final Duration MEDIA = Duration.ofSeconds(45);
    static final long SAMPLE_MILLIS = 8_000;
    static final int MIN_SAMPLES = 40;
    /**
     * A regression guard, not the target: the issue's 150 ms is met with a wide margin in the recorded
     * measurement (docs/BENCHMARKS.md, ~20 ms on a quiet machine), but with every Chromium of a loaded
     * 2-core machine starved the same pair has measured 163 ms; a broken composite path (a stalled
     * encoder, a frame queue that grows) adds far more than this bound.
     */
    static final double MAX_ADDED_MILLIS = 300;
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> ServerConfig.ephemeralLoopback().withAdminToken(TOKEN));
    static RestClient rest;

    @BeforeAll
    static void startServer() throws Exception {
        ChromiumBrowser.requireInstalled();
        rest = new RestClient("http://127.0.0.1:" + SERVER.server().httpPort(), TOKEN);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theCompositeAddsLittleGlassToGlassLatency() throws Exception {
        String roomId = rest.createRoom("sfu");
        List<ChromiumBrowser> browsers = new ArrayList<>();
        boolean ok = false;
        try {
            ChromiumBrowser p = ChromiumBrowser.launch("P");
            browsers.add(p);
            p.beforeEveryPage(resource("e2e/timestamp-camera.js"));
            p.open(rest.baseUrl() + "/r/" + roomId + "?name=P&autojoin=1&simulcast=0&media=video");
            String pid = p.awaitJoined(Duration.ofSeconds(30));
            ChromiumBrowser r = ChromiumBrowser.launch("R");
            browsers.add(r);
            r.open(rest.baseUrl() + "/r/" + roomId + "?name=R&autojoin=1&media=none");

            // --- SFU: R receives P's pattern as P sent it -------------------------------------------------
            ClientStats s = r.awaitStats("P's video decoding", MEDIA, st -> st.from(pid).stream()
                    .anyMatch(t -> t.isVideo() && t.framesDecoded() > 0));
            String track = s.from(pid).stream().filter(ClientStats.RemoteTrack::isVideo).findFirst().orElseThrow().trackId();
            Latency sfu = measure(r, track, List.of(List.of(0.0, 0.0, 1.0, 1.0)));

            // --- MCU: R receives the composite, P's pattern is in one of its two tiles --------------------
            rest.switchMode(roomId, "mcu");
            s = r.awaitStats("the composite decoding", MEDIA, st -> "mcu".equals(st.mode())
                    && st.videos().size() == 1 && st.senders().contains("mcu")
                    && st.videos().get(0).framesDecoded() > 0);
            Latency mcu = measure(r, s.videos().get(0).trackId(), tileRects(2));

            double added = mcu.median() - sfu.median();
            System.out.printf("glass-to-glass latency, ms: SFU %s; MCU %s; added by the MCU (median) %.0f%n",
                    sfu, mcu, added);
            assertTrue(added <= MAX_ADDED_MILLIS, "the MCU adds " + added + " ms (SFU " + sfu + ", MCU " + mcu + ")");
            assertEquals("mcu", rest.get("/api/rooms/" + roomId).path("mode").asText());
            ok = true;
        } finally {
            for (ChromiumBrowser b : browsers) {
                if (!ok) b.printConsoleLog();
                b.close();
            }
        }
    }

    /** Where P's 640x360 picture sits in a 1280x720 composite of {@code n} tiles, as fractions. */
    static List<List<Double>> tileRects(int n) {
        List<List<Double>> rects = new ArrayList<>();
        for (Tile t : GridLayout.compute(n, 1280, 720).tiles()) {
            Tile f = t.fit(640, 360);
            rects.add(List.of(f.x() / 1280.0, f.y() / 720.0, f.w() / 1280.0, f.h() / 720.0));
        }
        return rects;
    }

    /** Reads timestamps from every frame of {@code trackId} for a few seconds once they can be read. */
    static Latency measure(ChromiumBrowser r, String trackId, List<List<Double>> rects) throws IOException {
        Object started = r.execute(resource("e2e/timestamp-reader.js")
                + "\nreturn window.startLatencyReader(arguments[0], arguments[1]);", trackId, rects);
        assertEquals("ok", started);
        // the first readable frames (the decoder settles, the allocator may still climb layers) are skipped
        Poll.until("readable timestamps", MEDIA, () -> count(r), n -> n >= 10);
        r.execute("window.__latency.samples = [];");
        Poll.sleep(SAMPLE_MILLIS);
        @SuppressWarnings("unchecked")
        List<Number> raw = (List<Number>) r.execute("window.__latency.stop = true; return window.__latency.samples;");
        long frames = ((Number) r.execute("return window.__latency.frames;")).longValue();
        double[] v = raw.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        assertTrue(v.length >= MIN_SAMPLES, "only " + v.length + " readable frames of " + frames);
        return new Latency(v);
    }

    static long count(ChromiumBrowser r) {
        return ((Number) r.execute("return window.__latency ? window.__latency.samples.length : 0;")).longValue();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = GlassToGlassLatencyE2ETest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sorted latency samples in ms. */
    record Latency(double[] sorted) {
        double median() {
            return quantile(0.5);
        }

        double quantile(double q) {
            return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
        }

        @Override
        public String toString() {
            return String.format("p50 %.0f, p95 %.0f, min %.0f (%d frames)", median(), quantile(0.95), sorted[0],
                    sorted.length);
        }
    }
}
