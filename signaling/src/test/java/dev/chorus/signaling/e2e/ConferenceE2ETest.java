package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.testing.RunningServer;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real browsers against the in-process server: three people talk, one leaves (the others drop its tracks within
 * 2 s), a fourth joins late and everybody present sees and hears everybody else.
 */
class ConferenceE2ETest {
    /** Browsers on a busy 2-core machine are slow: first media may take a while. */
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
    static final Duration FIRST_MEDIA_TIMEOUT = Duration.ofSeconds(45);
    static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(20);
    /** Gap between the two samples that must show decoding progress. */
    static final Duration SAMPLE_GAP = Duration.ofSeconds(3);
    /** Strict: after someone leaves, the others must drop its tracks within this bound. */
    static final Duration LEAVE_BOUND = Duration.ofSeconds(2);
    static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");

    /**
     * The clients publish three simulcast encodings like real users; {@code -Dchorus.e2e.simulcast=0}
     * runs the single-encoding client instead.
     */
    static final String SIMULCAST = System.getProperty("chorus.e2e.simulcast", "1");
    static final boolean PUBLISHER_TCC = Boolean.parseBoolean(System.getProperty("chorus.e2e.publisherTransportCc", "true"));
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(
            () -> ServerConfig.ephemeralLoopback().toBuilder().publisherTransportCc(PUBLISHER_TCC).build());

    /** A browser in the room under a display name. */
    record Participant(String name, ChromiumBrowser browser, String id) {
        @Override
        public String toString() { return name + "(" + ClientStats.shortId(id) + ")"; }
    }

    @BeforeAll
    static void startServer() throws Exception {
        ChromiumBrowser.requireInstalled();
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void threeTalkOneLeavesOneJoinsLate() throws Exception {
        String roomId = createRoom();
        Map<String, Participant> present = new LinkedHashMap<>();
        List<ChromiumBrowser> browsers = new ArrayList<>();
        boolean ok = false;
        try {
            // --- three people join -------------------------------------------------------------------
            for (String name : List.of("P1", "P2", "P3")) {
                ChromiumBrowser b = ChromiumBrowser.launch(name);
                browsers.add(b);
                b.open(roomUrl(roomId, name));
            }
            for (ChromiumBrowser b : browsers) {
                Participant p = joined(b, roomId);
                present.put(p.name(), p);
            }
            assertEquals(3, new TreeSet<>(present.values().stream().map(Participant::id).toList()).size(),
                    "participant ids must be distinct: " + present.values());

            for (Participant p : present.values()) awaitMediaFromOthers(p, present.values());

            // --- one leaves: the others drop its tracks within 2 s -----------------------------------------
            Participant leaver = present.remove("P2");
            long t0 = System.nanoTime();
            leaver.browser().click("leave");
            awaitNoTracksFrom(leaver, present.values(), t0);
            leaver.browser().screenshot(SCREENSHOTS.resolve("conference-P2-after-leave.png"));
            leaver.browser().close(); // frees CPU for the late joiner

            // --- a fourth joins late: everybody present sees and hears everybody else -----------------------
            ChromiumBrowser b4 = ChromiumBrowser.launch("P4");
            browsers.add(b4);
            b4.open(roomUrl(roomId, "P4"));
            Participant late = joined(b4, roomId);
            present.put(late.name(), late);
            for (Participant p : present.values()) awaitMediaFromOthers(p, present.values());
            for (Participant p : present.values()) {
                ClientStats s = p.browser().stats();
                assertFalse(s.senders().contains(leaver.id()), p + " still receives from " + leaver + ": " + s);
            }
            ok = true;
        } finally {
            for (ChromiumBrowser b : browsers) {
                if (b.isClosed()) continue;
                b.screenshot(SCREENSHOTS.resolve("conference-" + b.label() + ".png"));
                if (!ok) b.printConsoleLog();
            }
            for (ChromiumBrowser b : browsers) b.close();
        }
    }

    // ---- steps ---------------------------------------------------------------------------------------------

    static String roomUrl(String roomId, String name) {
        return SERVER.baseUrl() + "/r/" + roomId + "?name=" + name + "&autojoin=1&simulcast=" + SIMULCAST;
    }

    static String createRoom() throws Exception {
        return createRoomAt(SERVER.baseUrl());
    }

    static String createRoomAt(String baseUrl) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> res = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/api/rooms"))
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, res.statusCode(), "POST /api/rooms: " + res.body());
            JsonNode body = JSON.readTree(res.body());
            String roomId = body.path("roomId").asText(null);
            assertNotNull(roomId, "POST /api/rooms returned no roomId: " + res.body());
            return roomId;
        }
    }

    static Participant joined(ChromiumBrowser b, String roomId) {
        ClientStats s = b.awaitStats("joined the room", JOIN_TIMEOUT, ClientStats::joined);
        assertEquals(roomId, s.roomId(), b.label() + " joined the wrong room");
        assertEquals("sfu", s.mode(), b.label() + " mode");
        return new Participant(b.label(), b, s.participantId());
    }

    /**
     * {@code p} receives exactly one video and one audio track from every other present participant, nothing
     * from anybody else, and all of them make progress: framesDecoded (video) and packetsReceived (audio) rise
     * between two samples taken {@link #SAMPLE_GAP} apart.
     */
    static void awaitMediaFromOthers(Participant p, Iterable<Participant> everyone) {
        Set<String> others = new TreeSet<>();
        for (Participant o : everyone) if (!o.id().equals(p.id())) others.add(o.id());

        ClientStats first = p.browser().awaitStats(
                "one live video and audio from each of " + others, FIRST_MEDIA_TIMEOUT,
                s -> receivesFromExactly(s, others) && s.remote().stream().allMatch(t ->
                        t.isVideo() ? t.framesDecoded() > 0 : t.packetsReceived() > 0));
        Map<String, ClientStats.RemoteTrack> baseline = new HashMap<>();
        for (ClientStats.RemoteTrack t : first.remote()) baseline.put(t.trackId(), t);

        Poll.sleep(SAMPLE_GAP.toMillis());
        p.browser().awaitStats("video frames and audio packets rising from " + others, PROGRESS_TIMEOUT, s -> {
            if (!receivesFromExactly(s, others)) return false;
            for (ClientStats.RemoteTrack t : s.remote()) {
                ClientStats.RemoteTrack before = baseline.get(t.trackId());
                if (before == null) return false; // a track changed under us: not stable yet
                if (t.isVideo() ? t.framesDecoded() <= before.framesDecoded() : t.packetsReceived() <= before.packetsReceived()) {
                    return false;
                }
            }
            return true;
        });
    }

    static boolean receivesFromExactly(ClientStats s, Set<String> others) {
        if (!s.senders().equals(others)) return false;
        for (String o : others) {
            List<ClientStats.RemoteTrack> from = s.from(o);
            if (from.stream().filter(ClientStats.RemoteTrack::isVideo).count() != 1) return false;
            if (from.stream().filter(ClientStats.RemoteTrack::isAudio).count() != 1) return false;
        }
        return s.videos().size() == others.size() && s.audios().size() == others.size();
    }

    /** Every remaining participant has no remote track from {@code leaver} within {@link #LEAVE_BOUND} of t0. */
    static void awaitNoTracksFrom(Participant leaver, Iterable<Participant> remaining, long t0) {
        long deadline = t0 + LEAVE_BOUND.toNanos();
        Map<String, ClientStats> last = new LinkedHashMap<>();
        Set<String> pending = new TreeSet<>();
        for (Participant p : remaining) pending.add(p.name());
        while (true) {
            for (Participant p : remaining) {
                if (!pending.contains(p.name())) continue;
                ClientStats s = p.browser().stats();
                last.put(p.name(), s);
                if (s != null && s.from(leaver.id()).isEmpty()) pending.remove(p.name());
            }
            long now = System.nanoTime();
            if (pending.isEmpty()) {
                System.out.printf("tracks of %s dropped by everyone after %d ms%n", leaver, (now - t0) / 1_000_000);
                return;
            }
            if (now > deadline) {
                fail("within " + LEAVE_BOUND.toMillis() + " ms of " + leaver + " leaving, " + pending
                        + " still had its tracks: " + last);
            }
            Poll.sleep(50);
        }
    }
}
