package dev.chorus.media;

/** Test helper: hex strings (whitespace ignored) to bytes. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String hex) {
        String h = hex.replaceAll("\\s+", "");
        if (h.length() % 2 != 0) {
            throw new IllegalArgumentException(hex);
        }
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    public static String str(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(String.format("%02x", b[off + i] & 0xff));
        }
        return sb.toString();
    }
}
