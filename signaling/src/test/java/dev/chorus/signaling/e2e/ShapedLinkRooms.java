package dev.chorus.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.e2e.net.NetNamespace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the tests with a receiver behind a shaped namespace link share (SimulcastAdaptationE2ETest,
 * LearnedVsGccRealCheckE2ETest): a server bound to the veth's host end, waiting for a publisher's video,
 * sizing its tile, and the server's view of the room for failure reports.
 */
final class ShapedLinkRooms {
    static final Duration FIRST_MEDIA_TIMEOUT = Duration.ofSeconds(30);

    private ShapedLinkRooms() {}

    /** Skips (JUnit assumption) without Chromium or network namespaces (not root). */
    static void requireBrowserAndNamespaces() {
        ChromiumBrowser.requireInstalled();
        String why = NetNamespace.unavailableReason().orElse(null);
        assumeTrue(why == null, "network namespaces unavailable: " + why);
    }

    /** Ephemeral ports; HTTP and media bound to (so advertising) the host end of the veth; no HTTPS. */
    static ServerConfig config(String host) {
        return ServerConfig.ephemeralLoopback().toBuilder().httpBind(host).httpsPort(-1).mediaBindAddress(host)
                .build();
    }

    /** Sets the publisher's tile in {@code b} to a fixed CSS size, smaller or larger (the client reports it as render size). */
    static void sizeTile(ChromiumBrowser b, String publisher, int w, int h) {
        Object found = b.execute("""
                const t = document.querySelector(`[data-participant-id="${arguments[0]}"]`);
                if (!t) return false;
                t.style.cssText += `;width:${arguments[1]}px !important;height:${arguments[2]}px !important;`
                  + 'flex:none !important;grid-column:auto !important;max-width:none !important;';
                return true;
                """, publisher, w, h);
        assertEquals(Boolean.TRUE, found, "no tile for " + publisher);
    }

    static String serverStats(String base, String roomId) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/api/rooms/" + roomId + "/stats"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "(unavailable: " + e + ")";
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
}
