package dev.chorus.signaling.sdp;

/**
 * Strict decimal parsing. {@link Integer#parseInt} accepts signs and throws unchecked
 * NumberFormatException; SDP numbers are plain digits and failures must surface as
 * {@link SdpParseException}.
 */
final class SdpNumbers {
    private SdpNumbers() {
    }

    static int parseInt(String text, int min, int max, String what) throws SdpParseException {
        return (int) parseLong(text, min, max, what);
    }

    static long parseLong(String text, long min, long max, String what) throws SdpParseException {
        if (text == null || text.isEmpty() || text.length() > 19 || !allDigits(text)) {
            throw new SdpParseException(what + " must be a decimal number, got '"
                    + SdpParseException.quote(String.valueOf(text)) + "'");
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new SdpParseException(what + " is too large: '" + text + "'");
        }
        if (value < min || value > max) {
            throw new SdpParseException(what + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !text.isEmpty();
    }
}
