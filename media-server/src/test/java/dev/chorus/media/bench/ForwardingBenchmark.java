package dev.chorus.media.bench;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.sfu.RtpForwarder;
import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import dev.chorus.media.srtp.SrtpSession;
import dev.chorus.media.util.PacketBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The SFU forwarding hot path on one thread, with the production classes:
 * SRTP unprotect ({@link SrtpSession#unprotectRtp}) → parse ({@link RtpPacket#wrap}) → for each
 * receiver {@link RtpForwarder#rewrite} + SRTP protect ({@link SrtpSession#protectRtp}).
 * Socket I/O (ice4j) and the per-packet bookkeeping of Producer/Consumer (stream statistics,
 * retransmission cache) are not included. {@link InboundBenchmark} measures the receiver-independent
 * part alone. See docs/BENCHMARKS.md and scripts/bench-forwarding.
 *
 * <p>Input: a ring of {@value #RING} distinct 1200-byte video RTP packets (one-byte extension
 * block: mid, abs-send-time, transport-cc, video-orientation) with consecutive sequence numbers,
 * SRTP-protected once in setup by the publisher's session. Each operation copies the next one into
 * the receive buffer (as a datagram arrives) and decrypts it in place. Because the ring repeats,
 * the decrypting session is built with the replay check off; everything else (key derivation,
 * ROC estimation, authentication, decryption) runs as in production.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForwardingBenchmark {
    /** Packets in the pre-encrypted ring (power of two, far below 2^15 so ROC never moves). */
    static final int RING = 1024;
    /** Plain RTP packet size: header + extension block + payload. */
    static final int PACKET_SIZE = 1200;
    static final int VP8_PT = 96;
    static final long PUBLISHER_SSRC = 0x11223344L;

    // publisher's one-byte extension ids
    static final int EXT_MID = 1;
    static final int EXT_ABS_SEND_TIME = 2;
    static final int EXT_TRANSPORT_CC = 3;
    static final int EXT_VIDEO_ORIENTATION = 4;

    @Param({"1", "10"})
    public int receivers;

    @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
    public String profile;

    /** jitsi-srtp's AES implementation (SrtpSession.AES_FACTORY); JMH forks a JVM per value. */
    @Param({"OpenSSL", "SunJCE"})
    public String aes;

    private final Path path = new Path();

    @Setup(Level.Trial)
    public void setup() {
        System.setProperty("chorus.srtp.aes", aes);
        path.setup(SrtpProfile.valueOf(profile), receivers);
        System.out.println(Path.cryptoDescription());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        path.close();
    }

    /** One inbound packet forwarded to {@code receivers} receivers. */
    @Benchmark
    public int forward() {
        return path.forwardNext();
    }

    /** The measured path; also used by RtpForwarderTest's allocation test. */
    public static final class Path {
        private byte[][] ring;
        private int next;
        private final byte[] datagram = new byte[PacketBuffer.CAPACITY];
        private final PacketBuffer in = new PacketBuffer(0);
        private final RtpPacket rtp = new RtpPacket();
        private SrtpSession publisher; // the publisher's transport on the SFU (decrypts)
        private Receiver[] out;

        private static final class Receiver {
            final SrtpSession srtp;
            final RtpForwarder forwarder;
            final PacketBuffer scratch = new PacketBuffer();
            final RtpPacket view = new RtpPacket();

            Receiver(SrtpSession srtp, RtpForwarder forwarder) {
                this.srtp = srtp;
                this.forwarder = forwarder;
            }
        }

        public void setup(SrtpProfile profile, int receivers) {
            Random rnd = new Random(42);
            SrtpKeys sfuSide = keys(profile, rnd);
            SrtpKeys clientSide = new SrtpKeys(profile, sfuSide.remoteKey(), sfuSide.remoteSalt(),
                    sfuSide.localKey(), sfuSide.localSalt());
            publisher = new SrtpSession(sfuSide, false);
            ring = new byte[RING][];
            try (SrtpSession browser = new SrtpSession(clientSide)) {
                PacketBuffer p = new PacketBuffer();
                for (int i = 0; i < RING; i++) {
                    int len = buildPacket(p.getBuffer(), 1000 + i, 90_000L + 3000L * (i / 4), rnd);
                    p.setOffsetLength(0, len);
                    if (!browser.protectRtp(p)) {
                        throw new IllegalStateException("protect failed");
                    }
                    byte[] b = new byte[p.getLength()];
                    System.arraycopy(p.getBuffer(), 0, b, 0, b.length);
                    ring[i] = b;
                }
            }
            out = new Receiver[receivers];
            for (int r = 0; r < receivers; r++) {
                RtpForwarder f = new RtpForwarder(0x5000_0000L + r, rnd.nextInt(1 << 16), rnd.nextInt() & 0xFFFFFFFFL)
                        .mapPayloadType(VP8_PT, 100 + (r % 20))
                        .mapExtension(EXT_VIDEO_ORIENTATION, 13); // mid/abs-send-time/tcc are not forwarded
                out[r] = new Receiver(new SrtpSession(keys(profile, rnd)), f);
            }
            next = 0;
        }

        /** Prints which AES implementation jitsi-srtp picked (it benchmarks its factories). */
        public static String cryptoDescription() {
            String ctr = Aes.createCipher("AES/CTR/NoPadding").getProvider().getName();
            String gcm = Aes.createCipher("AES/GCM/NoPadding").getProvider().getName();
            return "jitsi-srtp OpenSSL native loaded=" + JitsiOpenSslProvider.isLoaded()
                    + ", SrtpSession.AES_FACTORY=" + SrtpSession.AES_FACTORY
                    + ", AES/CTR provider=" + ctr + ", AES/GCM provider=" + gcm;
        }

        /** Returns the bytes produced (so JMH consumes the result); throws on any failure. */
        public int forwardNext() {
            byte[] src = ring[next];
            next = (next + 1) & (RING - 1);
            System.arraycopy(src, 0, datagram, 0, src.length);
            in.wrap(datagram, 0, src.length);
            if (publisher.unprotectRtp(in) != SrtpErrorStatus.OK) {
                throw new IllegalStateException("unprotect failed");
            }
            if (!rtp.wrap(in.getBuffer(), in.getOffset(), in.getLength())) {
                throw new IllegalStateException("parse failed");
            }
            int total = rtp.length();
            for (Receiver r : out) {
                if (r.forwarder.rewrite(rtp, r.scratch, r.view) < 0 || !r.srtp.protectRtp(r.scratch)) {
                    throw new IllegalStateException("forward failed");
                }
                total += r.scratch.getLength();
            }
            return total;
        }

        public void close() {
            publisher.close();
            for (Receiver r : out) {
                r.srtp.close();
            }
        }

        private static SrtpKeys keys(SrtpProfile profile, Random rnd) {
            return new SrtpKeys(profile, bytes(rnd, profile.keyLength), bytes(rnd, profile.saltLength),
                    bytes(rnd, profile.keyLength), bytes(rnd, profile.saltLength));
        }

        private static byte[] bytes(Random rnd, int n) {
            byte[] b = new byte[n];
            rnd.nextBytes(b);
            return b;
        }

        /**
         * A {@value #PACKET_SIZE}-byte VP8 packet as Chrome sends it: one-byte extension block with
         * mid "0" (1 B), abs-send-time (3 B), transport-cc (2 B), video-orientation (1 B): 11 bytes
         * of elements padded to 12, so 28 header bytes and 1172 bytes of random payload.
         */
        static int buildPacket(byte[] b, int seq, long ts, Random rnd) {
            int p = 0;
            b[p++] = (byte) 0x90; // V=2, X=1
            b[p++] = (byte) VP8_PT;
            b[p++] = (byte) (seq >>> 8);
            b[p++] = (byte) seq;
            b[p++] = (byte) (ts >>> 24);
            b[p++] = (byte) (ts >>> 16);
            b[p++] = (byte) (ts >>> 8);
            b[p++] = (byte) ts;
            b[p++] = (byte) (PUBLISHER_SSRC >>> 24);
            b[p++] = (byte) (PUBLISHER_SSRC >>> 16);
            b[p++] = (byte) (PUBLISHER_SSRC >>> 8);
            b[p++] = (byte) PUBLISHER_SSRC;
            b[p++] = (byte) 0xBE;
            b[p++] = (byte) 0xDE;
            b[p++] = 0;
            b[p++] = 3; // 12 bytes of elements
            b[p++] = (byte) (EXT_MID << 4); // len 1
            b[p++] = '0';
            b[p++] = (byte) ((EXT_ABS_SEND_TIME << 4) | 2);
            b[p++] = 0x12;
            b[p++] = 0x34;
            b[p++] = 0x56;
            b[p++] = (byte) ((EXT_TRANSPORT_CC << 4) | 1);
            b[p++] = (byte) (seq >>> 8);
            b[p++] = (byte) seq;
            b[p++] = (byte) (EXT_VIDEO_ORIENTATION << 4);
            b[p++] = 0;
            b[p++] = 0; // padding to the 32-bit boundary
            for (; p < PACKET_SIZE; p++) {
                b[p] = (byte) rnd.nextInt();
            }
            return PACKET_SIZE;
        }
    }
}
