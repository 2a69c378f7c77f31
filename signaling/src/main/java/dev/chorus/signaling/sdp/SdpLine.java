package dev.chorus.signaling.sdp;

/** One non-empty "x=value" line with its 1-based position, for error messages. */
record SdpLine(int number, char type, String value) {

    String text() {
        return type + "=" + value;
    }

    /** Name part of an a= line ("rtpmap" for "a=rtpmap:96 VP8/90000"). */
    String attributeName() {
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** Value part of an a= line, stripped; null for flag attributes such as "a=rtcp-mux". */
    String attributeValue() {
        int colon = value.indexOf(':');
        return colon < 0 ? null : value.substring(colon + 1).strip();
    }
}
