package dev.chorus.signaling.whip;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.protocol.Messages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The independent WHIP/WHEP clients the interop tests drive (src/test/resources/interop): aiortc
 * ({@link #AIORTC}) and GStreamer's webrtcbin ({@link #GSTREAMER}), both run with Debian's
 * {@code /usr/bin/python3}. Each prints one JSON line with what happened.
 */
public final class InteropClients {
    static final String PYTHON = "/usr/bin/python3";
    public static final String AIORTC = "whip_client.py";
    public static final String GSTREAMER = "gst_whip_client.py";

    private InteropClients() {}

    /** Whether python3-aiortc is importable. */
    public static boolean aiortcInstalled() {
        return pythonSucceeds("import aiortc");
    }

    /** Whether GStreamer's webrtcbin and the elements the client uses are there (with python3-gi). */
    static boolean webrtcbinInstalled() {
        return pythonSucceeds("import gi; gi.require_version('Gst', '1.0');"
                + " gi.require_version('GstWebRTC', '1.0'); from gi.repository import Gst; Gst.init(None);"
                + " import sys; sys.exit(0 if all(Gst.ElementFactory.find(e) for e in"
                + " ['webrtcbin', 'nicesrc', 'vp8enc', 'vp8dec', 'opusenc', 'rtpvp8pay']) else 1)");
    }

    private static boolean pythonSucceeds(String code) {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", code).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Starts {@code script} ({@code publish} or {@code play} {@code url} for {@code seconds}). aiortc's
     * stderr goes to the test's; GStreamer's is dropped (it logs GLib criticals for harmless probes).
     */
    public static Process start(String script, String mode, String url, int seconds) throws Exception {
        Path path = Path.of(InteropClients.class.getResource("/interop/" + script).toURI());
        return new ProcessBuilder(PYTHON, path.toString(), mode, url, Integer.toString(seconds))
                .redirectError(GSTREAMER.equals(script) ? ProcessBuilder.Redirect.DISCARD
                        : ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** The client's JSON line, once it has ended (asserted within {@code timeoutSeconds} of its output's end). */
    public static JsonNode result(Process p, int timeoutSeconds) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "client did not finish");
        return Messages.JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
    }
}
