package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.JavascriptExecutor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Diagnostics beyond the {@code window.chorus.stats()} contract: the full {@code inbound-rtp} statistics (freezes,
 * frame rate, loss, NACK/PLI counts) and the transport's byte counter, straight from {@code getStats()} of every
 * {@code RTCPeerConnection} the page created. {@link #install} must run before the page is opened: it registers
 * (through chromedriver's CDP endpoint, no DevTools socket needed) a script that subclasses
 * {@code RTCPeerConnection} to remember each instance; the page itself is unchanged.
 */
public final class RtcStatsProbe {
    private RtcStatsProbe() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String INSTALL = """
            (() => {
              const Orig = window.RTCPeerConnection;
              if (!Orig || window.__chorusPcs) return;
              const pcs = [];
              Object.defineProperty(window, '__chorusPcs', { value: pcs });
              class ProbedPeerConnection extends Orig {
                constructor(...args) { super(...args); pcs.push(this); }
              }
              window.RTCPeerConnection = ProbedPeerConnection;
            })();
            """;

    private static final String COLLECT = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const pcs = (window.__chorusPcs || []).filter((pc) => pc.connectionState !== 'closed');
              const inbound = [];
              let transportBytes = 0;
              for (const pc of pcs) {
                const report = await pc.getStats();
                report.forEach((s) => {
                  if (s.type === 'inbound-rtp') inbound.push(s);
                  if (s.type === 'transport') transportBytes += s.bytesReceived || 0;
                });
              }
              return { probed: !!window.__chorusPcs, transportBytes, inbound };
            })().then((r) => done(JSON.stringify(r)), (e) => done(JSON.stringify({ error: String(e && e.stack || e) })));
            """;

    /** One {@code inbound-rtp} entry (video fields 0 for audio). */
    public record InboundRtp(String kind, String trackIdentifier, String mid, long bytesReceived, long packetsReceived,
                             long packetsLost, long framesDecoded, long framesDropped, long frameWidth, long frameHeight,
                             double framesPerSecond, long freezeCount, double totalFreezesDurationSec, long nackCount,
                             long pliCount, double jitterSec) {
        public boolean isVideo() { return "video".equals(kind); }

        @Override
        public String toString() {
            return isVideo()
                    ? String.format("video[%dx%d %.0ffps decoded=%d dropped=%d freezes=%d (%.1fs) lost=%d nack=%d pli=%d %dB]",
                    frameWidth, frameHeight, framesPerSecond, framesDecoded, framesDropped, freezeCount,
                    totalFreezesDurationSec, packetsLost, nackCount, pliCount, bytesReceived)
                    : String.format("audio[lost=%d jitter=%.0fms %dB]", packetsLost, jitterSec * 1000, bytesReceived);
        }
    }

    /** Everything one browser receives, at {@code nanos}. */
    public record Snapshot(long nanos, long transportBytesReceived, List<InboundRtp> inbound) {
        public Optional<InboundRtp> track(String trackIdentifier) {
            return inbound.stream().filter(t -> trackIdentifier.equals(t.trackIdentifier())).findFirst();
        }
    }

    /** Registers the probe for every document the browser opens from now on. */
    public static void install(ChromiumBrowser b) {
        b.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", INSTALL));
    }

    public static Snapshot snapshot(ChromiumBrowser b) {
        long now = System.nanoTime();
        Object raw = ((JavascriptExecutor) b.driver()).executeAsyncScript(COLLECT);
        JsonNode n;
        try {
            n = JSON.readTree(String.valueOf(raw));
        } catch (IOException e) {
            throw new IllegalStateException(b.label() + ": stats probe returned no JSON: " + raw, e);
        }
        if (n.has("error")) throw new IllegalStateException(b.label() + ": stats probe failed: " + n.get("error").asText());
        if (!n.path("probed").asBoolean()) {
            throw new IllegalStateException(b.label() + ": RtcStatsProbe.install was not called before the page opened");
        }
        List<InboundRtp> inbound = new ArrayList<>();
        for (JsonNode s : n.path("inbound")) {
            inbound.add(new InboundRtp(s.path("kind").asText(), s.path("trackIdentifier").asText(null),
                    s.path("mid").asText(null), s.path("bytesReceived").asLong(), s.path("packetsReceived").asLong(),
                    s.path("packetsLost").asLong(), s.path("framesDecoded").asLong(), s.path("framesDropped").asLong(),
                    s.path("frameWidth").asLong(), s.path("frameHeight").asLong(), s.path("framesPerSecond").asDouble(),
                    s.path("freezeCount").asLong(), s.path("totalFreezesDuration").asDouble(), s.path("nackCount").asLong(),
                    s.path("pliCount").asLong(), s.path("jitter").asDouble()));
        }
        return new Snapshot(now, n.path("transportBytes").asLong(), List.copyOf(inbound));
    }
}
