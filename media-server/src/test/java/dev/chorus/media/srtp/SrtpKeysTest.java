package dev.chorus.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SrtpKeysTest {
    @Test
    void splitsExporterOutputPerRfc5764() {
        SrtpProfile p = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        byte[] m = new byte[2 * (16 + 14)];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) i;
        }
        SrtpKeys server = SrtpKeys.fromExporter(p, m, true);
        SrtpKeys client = SrtpKeys.fromExporter(p, m, false);
        // client_write_key = bytes 0..15, server_write_key = 16..31, client salt 32..45, server salt 46..59
        assertArrayEquals(range(16, 16), server.localKey());
        assertArrayEquals(range(0, 16), server.remoteKey());
        assertArrayEquals(range(46, 14), server.localSalt());
        assertArrayEquals(range(32, 14), server.remoteSalt());
        assertArrayEquals(server.localKey(), client.remoteKey());
        assertArrayEquals(server.remoteSalt(), client.localSalt());
        assertThrows(IllegalArgumentException.class, () -> SrtpKeys.fromExporter(p, new byte[10], true));
    }

    private static byte[] range(int from, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }
}
