package dev.chorus.signaling.sdp;

import java.util.Locale;
import java.util.Objects;

/**
 * DTLS certificate fingerprint (RFC 8122). Equality ignores case because browsers write upper-case
 * hex while digests computed locally are often lower-case; the text is kept as given for writing.
 */
public record Fingerprint(String algorithm, String value) {

    public Fingerprint {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(value, "value");
    }

    /** Builds a fingerprint from a raw digest, formatted the way browsers write it (AB:CD:...). */
    public static Fingerprint of(String algorithm, byte[] digest) {
        StringBuilder sb = new StringBuilder(digest.length * 3);
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02X", digest[i] & 0xff));
        }
        return new Fingerprint(algorithm, sb.toString());
    }

    public String toSdpValue() {
        return algorithm + " " + value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f
                && algorithm.equalsIgnoreCase(f.algorithm) && value.equalsIgnoreCase(f.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm.toLowerCase(Locale.ROOT), value.toLowerCase(Locale.ROOT));
    }

    static Fingerprint parse(String value) throws SdpParseException {
        String[] t = value.strip().split("\\s+");
        if (t.length != 2 || t[0].isEmpty()) {
            throw new SdpParseException("fingerprint must be '<hash-function> <hex:hex:...>'");
        }
        return new Fingerprint(t[0], t[1]);
    }
}
