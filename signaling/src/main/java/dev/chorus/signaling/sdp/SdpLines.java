package dev.chorus.signaling.sdp;

import java.util.ArrayList;
import java.util.List;

/** Splits SDP text into lines, enforcing the size limits that protect the server from abuse. */
final class SdpLines {
    /** Real offers are 5-20 KiB even with many m= sections; anything far larger is hostile. */
    static final int MAX_SDP_CHARS = 128 * 1024;
    static final int MAX_LINE_CHARS = 4 * 1024;

    private SdpLines() {
    }

    static List<SdpLine> split(String sdp) throws SdpParseException {
        if (sdp == null) {
            throw new SdpParseException("SDP is null");
        }
        if (sdp.length() > MAX_SDP_CHARS) {
            throw new SdpParseException("SDP is " + sdp.length() + " characters, limit is " + MAX_SDP_CHARS);
        }
        if (sdp.isBlank()) {
            throw new SdpParseException("SDP is empty");
        }
        List<SdpLine> lines = new ArrayList<>();
        int start = 0;
        int number = 0;
        while (start < sdp.length()) {
            int end = sdp.indexOf('\n', start);
            if (end < 0) {
                end = sdp.length();
            }
            number++;
            if (end - start > MAX_LINE_CHARS) {
                throw new SdpParseException(number, "line is " + (end - start) + " characters, limit is "
                        + MAX_LINE_CHARS);
            }
            // stripTrailing drops the \r of CRLF endings and stray trailing blanks alike
            String line = sdp.substring(start, end).stripTrailing();
            start = end + 1;
            if (line.isEmpty()) {
                continue; // blank lines, e.g. after the final line break, carry nothing
            }
            char type = line.charAt(0);
            if (line.length() < 2 || line.charAt(1) != '=' || type < 'a' || type > 'z') {
                throw new SdpParseException(number, "expected '<letter>=<value>', got '"
                        + SdpParseException.quote(line) + "'");
            }
            lines.add(new SdpLine(number, type, line.substring(2)));
        }
        return lines;
    }
}
