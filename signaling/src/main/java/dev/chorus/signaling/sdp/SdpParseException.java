package dev.chorus.signaling.sdp;

/**
 * An SDP text could not be turned into a {@link SessionDescription}.
 *
 * <p>Checked on purpose: SDP arrives from untrusted browsers, so every caller must decide how to
 * reject a bad offer (typically an error reply on the signaling channel) rather than let it escape
 * as a generic runtime failure. The message names the line number when one is known.
 */
public class SdpParseException extends Exception {
    private static final int MAX_QUOTED = 80;

    private final int lineNumber;
    private final String reason;

    /** A problem not tied to one line (or found by a helper that does not know the line yet). */
    public SdpParseException(String reason) {
        this(0, reason, null);
    }

    public SdpParseException(int lineNumber, String reason) {
        this(lineNumber, reason, null);
    }

    private SdpParseException(int lineNumber, String reason, Throwable cause) {
        super(lineNumber > 0 ? "SDP line " + lineNumber + ": " + reason : "SDP: " + reason, cause);
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    /** 1-based line number of the offending line, or 0 when the problem concerns the whole SDP. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The problem without the line prefix. */
    public String reason() {
        return reason;
    }

    /** Re-anchors a helper's exception to the line it came from, quoting the line for context. */
    SdpParseException atLine(int number, String lineText) {
        if (lineNumber > 0) {
            return this;
        }
        return new SdpParseException(number, reason + " in '" + quote(lineText) + "'", this);
    }

    static String quote(String text) {
        String t = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            // keep messages single-line and printable even for hostile input
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }
}
