package dev.chorus.media.srtp;

/**
 * Keying material exported from a DTLS handshake (RFC 5764 §4.2): the local side encrypts with its
 * own write key and decrypts with the remote's.
 */
public record SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {

    /** Splits client_key | server_key | client_salt | server_salt as seen by the DTLS server or client. */
    public static SrtpKeys fromExporter(SrtpProfile profile, byte[] material, boolean isServer) {
        int k = profile.keyLength;
        int s = profile.saltLength;
        if (material.length != 2 * (k + s)) {
            throw new IllegalArgumentException("bad keying material length " + material.length);
        }
        byte[] clientKey = slice(material, 0, k);
        byte[] serverKey = slice(material, k, k);
        byte[] clientSalt = slice(material, 2 * k, s);
        byte[] serverSalt = slice(material, 2 * k + s, s);
        return isServer
                ? new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt)
                : new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    private static byte[] slice(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(b, off, out, 0, len);
        return out;
    }
}
