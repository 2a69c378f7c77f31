package dev.chorus.signaling.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Loads browser SDP fixtures (hand-written unless noted) from test resources. */
final class SdpFixtures {
    static final String CHROME_OFFER = "chrome-offer.sdp";
    static final String CHROME_REOFFER = "chrome-reoffer.sdp";
    static final String CHROME_SIMULCAST = "chrome-simulcast.sdp";
    static final String FIREFOX_OFFER = "firefox-offer.sdp";
    static final String CHROME_DATACHANNEL = "chrome-datachannel.sdp";
    /** Captured, not hand-written: Chromium 156 running web/js/publish.js (room.SimulcastBrowserE2ETest). */
    static final String CHROME156_SIMULCAST = "chrome156-simulcast-offer.sdp";
    /** Captured too: the same client's re-offer after a second participant joined (recvonly m-lines 2-5). */
    static final String CHROME156_REOFFER = "chrome156-reoffer-recv.sdp";
    static final List<String> ALL = List.of(CHROME_OFFER, CHROME_REOFFER, CHROME_SIMULCAST, FIREFOX_OFFER,
            CHROME_DATACHANNEL, CHROME156_SIMULCAST, CHROME156_REOFFER);

    private SdpFixtures() {
    }

    /** The fixture with CRLF line endings, as browsers deliver it. */
    static String load(String name) {
        return loadLf(name).replace("\n", "\r\n");
    }

    /** The fixture with bare LF endings, as stored. */
    static String loadLf(String name) {
        try (InputStream in = SdpFixtures.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parse(String name) {
        try {
            return SdpParser.parse(load(name));
        } catch (SdpParseException e) {
            throw new AssertionError("fixture " + name + " failed to parse: " + e.getMessage(), e);
        }
    }
}
