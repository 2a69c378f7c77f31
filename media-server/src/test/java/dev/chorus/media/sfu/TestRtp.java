package dev.chorus.media.sfu;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Builds plain RTP packets with one-byte header extensions for module tests. */
final class TestRtp {
    private int pt = 96;
    private int seq;
    private long ts;
    private long ssrc;
    private boolean marker;
    private final List<byte[]> exts = new ArrayList<>();
    private byte[] payload = new byte[100];

    static TestRtp packet() {
        return new TestRtp();
    }

    TestRtp pt(int v) {
        pt = v;
        return this;
    }

    TestRtp seq(int v) {
        seq = v & 0xFFFF;
        return this;
    }

    TestRtp ts(long v) {
        ts = v & 0xFFFFFFFFL;
        return this;
    }

    TestRtp ssrc(long v) {
        ssrc = v;
        return this;
    }

    TestRtp marker(boolean v) {
        marker = v;
        return this;
    }

    /** A one-byte-form element (id 1..14, 1..16 bytes). */
    TestRtp ext(int id, byte[] value) {
        byte[] e = new byte[value.length + 1];
        e[0] = (byte) (id << 4 | (value.length - 1));
        System.arraycopy(value, 0, e, 1, value.length);
        exts.add(e);
        return this;
    }

    TestRtp ext(int id, String ascii) {
        return ext(id, ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    TestRtp payload(byte[] p) {
        payload = p.clone();
        return this;
    }

    /** A VP8 payload: descriptor with 15-bit picture id, TL0PICIDX and TID, then a frame header. */
    TestRtp vp8(boolean keyFrame, boolean startOfFrame, int pictureId, int tl0, int tid, boolean sync, int size) {
        byte[] p = new byte[Math.max(size, 16)];
        p[0] = (byte) (0x80 | (startOfFrame ? 0x10 : 0)); // X, S, PID 0
        p[1] = (byte) 0xE0; // I, L, T
        p[2] = (byte) (0x80 | ((pictureId >> 8) & 0x7F));
        p[3] = (byte) pictureId;
        p[4] = (byte) tl0;
        p[5] = (byte) (tid << 6 | (sync ? 0x20 : 0));
        if (startOfFrame) {
            int h = 6;
            p[h] = (byte) (keyFrame ? 0x10 : 0x11); // P bit: 0 = keyframe, show_frame
            if (keyFrame) {
                p[h + 3] = (byte) 0x9d;
                p[h + 4] = 0x01;
                p[h + 5] = 0x2a;
                p[h + 6] = (byte) 0x80; // width 640
                p[h + 7] = 0x02;
                p[h + 8] = (byte) 0x68; // height 360
                p[h + 9] = 0x01;
            }
        }
        payload = p;
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | (exts.isEmpty() ? 0 : 0x10));
        out.write((marker ? 0x80 : 0) | pt);
        out.write(seq >>> 8);
        out.write(seq);
        for (int s = 24; s >= 0; s -= 8) {
            out.write((int) (ts >>> s));
        }
        for (int s = 24; s >= 0; s -= 8) {
            out.write((int) (ssrc >>> s));
        }
        if (!exts.isEmpty()) {
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            for (byte[] x : exts) {
                e.writeBytes(x);
            }
            while (e.size() % 4 != 0) {
                e.write(0);
            }
            out.write(0xBE);
            out.write(0xDE);
            out.write(e.size() / 4 >>> 8);
            out.write(e.size() / 4);
            out.writeBytes(e.toByteArray());
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
