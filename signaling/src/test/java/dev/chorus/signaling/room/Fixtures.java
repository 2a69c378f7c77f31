package dev.chorus.signaling.room;

import dev.chorus.signaling.sdp.MediaDescription;
import dev.chorus.signaling.sdp.SdpParseException;
import dev.chorus.signaling.sdp.SdpParser;
import dev.chorus.signaling.sdp.SessionDescription;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Browser SDP from test resources (src/test/resources/sdp), with CRLF endings as browsers send it. */
final class Fixtures {
    /** Captured from Chromium 156 running web/js/publish.js: audio mid 0, video mid 1 with rids q;h;f. */
    static final String CHROME156_SIMULCAST = "chrome156-simulcast-offer.sdp";
    /** The same client's re-offer after a second participant joined: recvonly audio 2, 3 and video 4, 5. */
    static final String CHROME156_REOFFER = "chrome156-reoffer-recv.sdp";
    /**
     * Captured from Chromium 156: a first offer with recvonly audio (mid 0) and recvonly video (mid 1) whose
     * codec preferences (setCodecPreferences) allow only H.264 (modes 0 and 1, four profiles) plus RTX/RED/FEC.
     */
    static final String CHROME156_RECV_H264 = "chrome156-recv-h264.sdp";
    /** Hand-written Chrome offer without simulcast: video SSRC 2231627014 with RTX 632943048 (FID). */
    static final String CHROME_PLAIN = "chrome-offer.sdp";

    private Fixtures() {}

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parse(String sdp) {
        try {
            return SdpParser.parse(sdp);
        } catch (SdpParseException e) {
            throw new AssertionError("SDP failed to parse: " + e.getMessage() + "\n" + sdp, e);
        }
    }

    /** The video m-line of a fixture, after replacing {@code from} with {@code to} in its text. */
    static MediaDescription video(String name, String from, String to) {
        String sdp = text(name);
        if (!from.isEmpty() && !sdp.contains(from)) {
            throw new IllegalArgumentException("fixture " + name + " has no '" + from + "'");
        }
        return parse(from.isEmpty() ? sdp : sdp.replace(from, to)).media().stream()
                .filter(m -> m.kind().equals("video")).findFirst().orElseThrow();
    }

    static MediaDescription video(String name) {
        return video(name, "", "");
    }
}
