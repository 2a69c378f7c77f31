package dev.chorus.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.util.PacketBuffer;
import java.util.Arrays;
import java.util.Random;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SRTP/SRTCP between two sessions built from mirrored keys, as the two ends of one DTLS association. */
class SrtpSessionTest {
    private static final long SSRC = 0x11223344L;

    private final Random random = new Random(42);
    private SrtpSession sender;
    private SrtpSession receiver;

    @AfterEach
    void close() {
        if (sender != null) {
            sender.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private void pair(SrtpProfile profile) {
        byte[] k1 = bytes(profile.keyLength);
        byte[] s1 = bytes(profile.saltLength);
        byte[] k2 = bytes(profile.keyLength);
        byte[] s2 = bytes(profile.saltLength);
        sender = new SrtpSession(new SrtpKeys(profile, k1, s1, k2, s2));
        receiver = new SrtpSession(new SrtpKeys(profile, k2, s2, k1, s1));
        assertEquals(profile, sender.profile());
    }

    private static int tagLength(SrtpProfile p) {
        return p == SrtpProfile.AEAD_AES_128_GCM ? 16 : 10;
    }

    // ---- RTP ----

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripRestoresTheExactBytes(SrtpProfile profile) {
        pair(profile);
        for (int seq = 1000; seq < 1020; seq++) {
            byte[] plain = rtp(seq, seq * 960L, SSRC, 100 + seq % 7);
            PacketBuffer p = new PacketBuffer().set(plain, 0, plain.length);
            assertTrue(sender.protectRtp(p));
            assertEquals(plain.length + tagLength(profile), p.getLength(), "auth tag appended");
            byte[] wire = Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength());
            assertArrayEquals(Arrays.copyOf(plain, 12), Arrays.copyOf(wire, 12), "header stays in clear");
            assertFalse(Arrays.equals(plain, 12, plain.length, wire, 12, plain.length), "payload is encrypted");

            // decrypt where the datagram lies, at a non-zero offset as the receive path does
            byte[] datagram = new byte[wire.length + 20];
            System.arraycopy(wire, 0, datagram, 7, wire.length);
            PacketBuffer in = new PacketBuffer(0).wrap(datagram, 7, wire.length);
            assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(in));
            assertArrayEquals(plain, Arrays.copyOfRange(in.getBuffer(), in.getOffset(), in.getOffset() + in.getLength()));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpWrongKeysFailAuthentication(SrtpProfile profile) {
        pair(profile);
        byte[] wire = protectRtp(rtp(1, 0, SSRC, 50));
        // the sender cannot decrypt its own packets: its receive key is the peer's
        assertNotEquals(SrtpErrorStatus.OK, sender.unprotectRtp(wrap(wire)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedRtpIsRejectedAndDoesNotPoisonTheStream(SrtpProfile profile) {
        pair(profile);
        byte[] plain = rtp(7, 1234, SSRC, 80);
        byte[] wire = protectRtp(plain);
        for (int pos : new int[] {2, 12, 40, wire.length - 1}) { // header, payload, tag
            byte[] bad = wire.clone();
            bad[pos] ^= 0x01;
            SrtpErrorStatus st = receiver.unprotectRtp(wrap(bad));
            assertEquals(SrtpErrorStatus.AUTH_FAIL, st, "flipped bit at " + pos);
        }
        byte[] truncated = Arrays.copyOf(wire, wire.length - 3);
        assertNotEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(truncated)));
        // the genuine packet still goes through afterwards
        PacketBuffer in = wrap(wire);
        assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(in));
        assertArrayEquals(plain, contents(in));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayedRtpIsRejected(SrtpProfile profile) {
        pair(profile);
        byte[] w1 = protectRtp(rtp(100, 0, SSRC, 60));
        byte[] w2 = protectRtp(rtp(101, 960, SSRC, 60));
        assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(w1)));
        assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(w2)));
        assertNotEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(w1)));
        assertNotEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(w2)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void retransmissionOfTheSameSequenceNumberCanBeProtectedAgain(SrtpProfile profile) {
        pair(profile);
        byte[] plain = rtp(500, 48000, SSRC, 120);
        byte[] first = protectRtp(plain);   // original, lost on the way
        byte[] next = protectRtp(rtp(501, 48960, SSRC, 120));
        byte[] again = protectRtp(plain);   // NACK answer: same SSRC and seq, protected a second time
        assertArrayEquals(first, again, "same index and key: identical ciphertext");
        assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(next)));
        PacketBuffer in = wrap(again);
        assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(in), "a late retransmission fills the gap");
        assertArrayEquals(plain, contents(in));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void streamsAreKeyedPerSsrc(SrtpProfile profile) {
        pair(profile);
        for (int i = 0; i < 5; i++) {
            for (long ssrc = 1; ssrc <= 4; ssrc++) {
                byte[] plain = rtp(i, i * 3000L, ssrc, 40);
                PacketBuffer in = wrap(protectRtp(plain));
                assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(in));
                assertArrayEquals(plain, contents(in));
            }
        }
        // a packet whose SSRC was rewritten after protection does not authenticate
        byte[] wire = protectRtp(rtp(9, 0, 1, 40));
        wire[11] = 2;
        assertNotEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(wire)));
    }

    // ---- RTCP ----

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripTamperAndReplay(SrtpProfile profile) {
        pair(profile);
        byte[] rr = receiverReport(0xCAFEBABEL, SSRC);
        PacketBuffer p = new PacketBuffer().set(rr, 0, rr.length);
        assertTrue(sender.protectRtcp(p));
        assertEquals(rr.length + 4 + tagLength(profile), p.getLength(), "E|index and tag appended");
        byte[] wire = contents(p);
        assertArrayEquals(Arrays.copyOf(rr, 8), Arrays.copyOf(wire, 8), "first header stays in clear");
        assertFalse(Arrays.equals(rr, 8, rr.length, wire, 8, rr.length), "report is encrypted");

        byte[] bad = wire.clone();
        bad[12] ^= (byte) 0x80;
        assertEquals(SrtpErrorStatus.AUTH_FAIL, receiver.unprotectRtcp(wrap(bad)));

        PacketBuffer in = wrap(wire);
        assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtcp(in));
        assertArrayEquals(rr, contents(in));

        assertNotEquals(SrtpErrorStatus.OK, receiver.unprotectRtcp(wrap(wire)), "replayed SRTCP");

        // the next report still goes through
        PacketBuffer p2 = new PacketBuffer().set(rr, 0, rr.length);
        assertTrue(sender.protectRtcp(p2));
        PacketBuffer in2 = wrap(contents(p2));
        assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtcp(in2));
        assertArrayEquals(rr, contents(in2));
    }

    // ---- garbage ----

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void garbageAndShortBuffersAreRejectedWithoutThrowing(SrtpProfile profile) {
        pair(profile);
        for (int len = 0; len < 12; len++) {
            byte[] b = bytes(len);
            if (len > 0) {
                b[0] = (byte) 0x80;
            }
            assertNotEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(b)), "rtp len " + len);
            assertNotEquals(SrtpErrorStatus.OK, receiver.unprotectRtcp(wrap(b)), "rtcp len " + len);
        }
        for (int i = 0; i < 2000; i++) {
            byte[] b = bytes(12 + random.nextInt(300));
            b[0] = (byte) (0x80 | (b[0] & 0x3F)); // version 2, random P/X/CC
            assertNotEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(b)));
            b[1] = (byte) (200 + random.nextInt(8));
            assertNotEquals(SrtpErrorStatus.OK, receiver.unprotectRtcp(wrap(b)));
        }
        // nothing to protect in a buffer too short to be RTP / RTCP
        for (int len = 0; len < 8; len++) {
            PacketBuffer p = new PacketBuffer().set(bytes(len), 0, len);
            assertFalse(sender.protectRtcp(p), "protectRtcp len " + len);
        }
        for (int len = 0; len < 12; len++) {
            PacketBuffer p = new PacketBuffer().set(bytes(len), 0, len);
            assertFalse(sender.protectRtp(p), "protectRtp len " + len);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void garbageFromManySsrcsDoesNotExhaustTheStreamLimit(SrtpProfile profile) {
        pair(profile);
        for (int i = 0; i < 4 * SrtpSession.MAX_SSRCS; i++) {
            byte[] junk = rtp(i, i, 0x10000L + i, 50);
            assertNotEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(junk)));
            byte[] rr = receiverReport(0x20000L + i, 1);
            assertNotEquals(SrtpErrorStatus.OK, receiver.unprotectRtcp(wrap(rr)));
        }
        // a genuine new stream is still accepted
        byte[] plain = rtp(1, 0, SSRC, 50);
        PacketBuffer in = wrap(protectRtp(plain));
        assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(in));
        assertArrayEquals(plain, contents(in));
        byte[] rr = receiverReport(SSRC, 1);
        PacketBuffer p = new PacketBuffer().set(rr, 0, rr.length);
        assertTrue(sender.protectRtcp(p));
        assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtcp(wrap(contents(p))));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void genuineStreamsBeyondTheLimitAreRefused(SrtpProfile profile) {
        pair(profile);
        for (int i = 0; i < SrtpSession.MAX_SSRCS; i++) {
            assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(protectRtp(rtp(1, 0, 1000 + i, 20)))));
        }
        assertNotEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(protectRtp(rtp(1, 0, 5000, 20)))));
        // known streams keep working
        assertEquals(SrtpErrorStatus.OK, receiver.unprotectRtp(wrap(protectRtp(rtp(2, 0, 1000, 20)))));
    }

    // ---- helpers ----

    private byte[] protectRtp(byte[] plain) {
        PacketBuffer p = new PacketBuffer().set(plain, 0, plain.length);
        assertTrue(sender.protectRtp(p));
        return contents(p);
    }

    private static PacketBuffer wrap(byte[] b) {
        return new PacketBuffer(0).wrap(b.clone(), 0, b.length);
    }

    private static byte[] contents(PacketBuffer p) {
        return Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private byte[] rtp(int seq, long ts, long ssrc, int payloadLen) {
        byte[] b = new byte[12 + payloadLen];
        b[0] = (byte) 0x80;
        b[1] = (byte) 96;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        putU32(b, 4, ts);
        putU32(b, 8, ssrc);
        for (int i = 12; i < b.length; i++) {
            b[i] = (byte) random.nextInt();
        }
        return b;
    }

    /** RFC 3550 receiver report with one report block: 8 + 24 bytes. */
    private static byte[] receiverReport(long senderSsrc, long sourceSsrc) {
        byte[] b = new byte[32];
        b[0] = (byte) 0x81;                 // V=2, RC=1
        b[1] = (byte) 201;                  // RR
        b[2] = 0;
        b[3] = 7;                           // length in words - 1
        putU32(b, 4, senderSsrc);
        putU32(b, 8, sourceSsrc);
        b[12] = 5;                          // fraction lost
        b[13] = 0;
        b[14] = 0;
        b[15] = 12;                         // cumulative lost
        putU32(b, 16, 0x0001_03E8L);        // extended highest seq
        putU32(b, 20, 37);                  // jitter
        putU32(b, 24, 0x1234_5678L);        // LSR
        putU32(b, 28, 0x0000_8000L);        // DLSR
        return b;
    }

    private static void putU32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
