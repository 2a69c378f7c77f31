package dev.chorus.media.ice;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Just enough STUN (RFC 8489) for a browser stand-in doing ICE checks (RFC 8445 §7.1): binding
 * requests and responses with USERNAME, PRIORITY, USE-CANDIDATE, ICE-CONTROLLING/-CONTROLLED,
 * XOR-MAPPED-ADDRESS, ERROR-CODE, MESSAGE-INTEGRITY (short-term) and FINGERPRINT. Written by hand so
 * tests control every byte, independent of the ice4j under test.
 */
public final class TestStun {
    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;
    static final int USERNAME = 0x0006;
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int ERROR_CODE = 0x0009;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int PRIORITY = 0x0024;
    static final int USE_CANDIDATE = 0x0025;
    static final int FINGERPRINT = 0x8028;
    static final int ICE_CONTROLLED = 0x8029;
    static final int ICE_CONTROLLING = 0x802A;
    private static final int COOKIE = 0x2112A442;

    /** A decoded message: type, transaction id, attributes by type (last one wins). */
    public record Message(int type, byte[] tid, Map<Integer, byte[]> attributes) {
        public String username() {
            byte[] u = attributes.get(USERNAME);
            return u == null ? null : new String(u, StandardCharsets.UTF_8);
        }

        /** The ERROR-CODE as a number (e.g. 401), or 0. */
        public int errorCode() {
            byte[] e = attributes.get(ERROR_CODE);
            return e == null || e.length < 4 ? 0 : (e[2] & 0x7) * 100 + (e[3] & 0xFF);
        }
    }

    private final int type;
    private final byte[] tid;
    private final ByteArrayOutputStream attrs = new ByteArrayOutputStream();

    private TestStun(int type, byte[] tid) {
        this.type = type;
        this.tid = tid;
    }

    public static TestStun message(int type, byte[] tid) {
        return new TestStun(type, tid);
    }

    public TestStun attribute(int attrType, byte[] value) {
        attrs.write(attrType >> 8);
        attrs.write(attrType);
        attrs.write(value.length >> 8);
        attrs.write(value.length);
        attrs.writeBytes(value);
        for (int i = value.length; i % 4 != 0; i++) {
            attrs.write(0);
        }
        return this;
    }

    public TestStun username(String u) {
        return attribute(USERNAME, u.getBytes(StandardCharsets.UTF_8));
    }

    public TestStun priority(long p) {
        return attribute(PRIORITY, ByteBuffer.allocate(4).putInt((int) p).array());
    }

    public TestStun useCandidate() {
        return attribute(USE_CANDIDATE, new byte[0]);
    }

    public TestStun controlling(long tieBreaker) {
        return attribute(ICE_CONTROLLING, ByteBuffer.allocate(8).putLong(tieBreaker).array());
    }

    public TestStun xorMappedAddress(InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        if (ip.length != 4) {
            throw new IllegalArgumentException("IPv4 only");
        }
        ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) 0).put((byte) 1).putShort((short) (a.getPort() ^ (COOKIE >>> 16)));
        b.putInt(ByteBuffer.wrap(ip).getInt() ^ COOKIE);
        return attribute(XOR_MAPPED_ADDRESS, b.array());
    }

    public TestStun errorCode(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + r.length);
        b.putShort((short) 0).put((byte) (code / 100)).put((byte) (code % 100)).put(r);
        return attribute(ERROR_CODE, b.array());
    }

    /** MESSAGE-INTEGRITY with {@code password} (short-term credential), then FINGERPRINT. */
    public byte[] encode(String password) {
        byte[] body = attrs.toByteArray();
        byte[] withMi = header(body.length + 24, body);
        byte[] mac = hmac(password, withMi);
        attribute(MESSAGE_INTEGRITY, mac);
        body = attrs.toByteArray();
        byte[] withFp = header(body.length + 8, body);
        CRC32 crc = new CRC32();
        crc.update(withFp);
        attribute(FINGERPRINT, ByteBuffer.allocate(4).putInt((int) crc.getValue() ^ 0x5354554E).array());
        body = attrs.toByteArray();
        return header(body.length, body);
    }

    private byte[] header(int length, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(20 + body.length);
        b.putShort((short) type).putShort((short) length).putInt(COOKIE).put(tid).put(body);
        return b.array();
    }

    private static byte[] hmac(String password, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True for a datagram that looks like STUN (RFC 7983: first byte 0–3, magic cookie). */
    public static boolean isStun(byte[] d, int len) {
        return len >= 20 && (d[0] & 0xFF) < 4 && ByteBuffer.wrap(d, 4, 4).getInt() == COOKIE;
    }

    public static Message decode(byte[] d, int len) {
        ByteBuffer b = ByteBuffer.wrap(d, 0, len);
        int type = b.getShort() & 0xFFFF;
        int length = b.getShort() & 0xFFFF;
        b.getInt();
        byte[] tid = new byte[12];
        b.get(tid);
        Map<Integer, byte[]> attributes = new LinkedHashMap<>();
        int end = Math.min(len, 20 + length);
        while (b.position() + 4 <= end) {
            int t = b.getShort() & 0xFFFF;
            int l = b.getShort() & 0xFFFF;
            if (b.position() + l > end) {
                break;
            }
            byte[] v = new byte[l];
            b.get(v);
            attributes.put(t, v);
            b.position(Math.min(end, b.position() + (4 - l % 4) % 4));
        }
        return new Message(type, tid, attributes);
    }

    /** Whether MESSAGE-INTEGRITY of {@code d} verifies with {@code password}. */
    public static boolean integrityOk(byte[] d, int len, String password) {
        ByteBuffer b = ByteBuffer.wrap(d, 0, len);
        int pos = 20;
        while (pos + 4 <= len) {
            int t = b.getShort(pos) & 0xFFFF;
            int l = b.getShort(pos + 2) & 0xFFFF;
            if (t == MESSAGE_INTEGRITY) {
                byte[] covered = Arrays.copyOf(d, pos);
                ByteBuffer.wrap(covered).putShort(2, (short) (pos + 24 - 20));
                byte[] expected = hmac(password, covered);
                return Arrays.equals(expected, Arrays.copyOfRange(d, pos + 4, pos + 24));
            }
            pos += 4 + l + (4 - l % 4) % 4;
        }
        return false;
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
