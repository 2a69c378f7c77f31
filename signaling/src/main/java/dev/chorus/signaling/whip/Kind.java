package dev.chorus.signaling.whip;

/** Which protocol a session speaks: WHIP ingests (sendonly offers), WHEP plays out (recvonly offers). */
enum Kind {
    WHIP("/whip/", "WHIP publisher"),
    WHEP("/whep/", "WHEP viewer");

    final String prefix;
    final String defaultName;

    Kind(String prefix, String defaultName) {
        this.prefix = prefix;
        this.defaultName = defaultName;
    }
}
