package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import dev.chorus.media.srtp.SrtpSession;
import dev.chorus.media.util.PacketBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * Real routers, transports, producers and consumers without ICE or DTLS: each peer's transport gets
 * SRTP keys directly and its outgoing datagrams are captured, so module tests can drive the whole
 * packet path (unprotect → producer → consumer policy → rewrite → TCC → protect) deterministically.
 */
final class SfuHarness implements AutoCloseable {
    final MediaServer server;
    final Router router;
    private final Random random = new Random(11);
    private int peers;

    SfuHarness() throws Exception {
        server = new MediaServer("127.0.0.1", 0, null, 1);
        router = server.createRouter("room");
    }

    /** One browser: its transport on the server and the browser's side of SRTP. */
    final class Peer {
        final WebRtcTransport transport;
        final SrtpSession browserSrtp;
        final List<byte[]> sent = new CopyOnWriteArrayList<>();
        private final PacketBuffer buf = new PacketBuffer();

        Peer(WebRtcTransport transport, SrtpSession browserSrtp) {
            this.transport = transport;
            this.browserSrtp = browserSrtp;
        }

        /** The browser sends a plain RTP packet; the server processes it on its worker. */
        void send(byte[] plainRtp, long arrivalNanos) {
            System.arraycopy(plainRtp, 0, buf.getBuffer(), 0, plainRtp.length);
            buf.setOffsetLength(0, plainRtp.length);
            if (!browserSrtp.protectRtp(buf)) {
                throw new IllegalStateException("protect failed");
            }
            byte[] d = new byte[buf.getLength()];
            System.arraycopy(buf.getBuffer(), buf.getOffset(), d, 0, d.length);
            onWorker(() -> {
                transport.receive(d, 0, d.length, arrivalNanos);
                return null;
            });
        }

        /** SSRCs of the PLIs the server sent this browser so far (other RTCP skipped); clears them. */
        List<Long> takePlis() {
            List<Long> out = new ArrayList<>();
            for (byte[] d : List.copyOf(sent)) {
                int pt = d.length > 1 ? d[1] & 0xFF : 0;
                if (pt < 192 || pt > 223) {
                    continue;
                }
                sent.remove(d);
                PacketBuffer p = new PacketBuffer();
                System.arraycopy(d, 0, p.getBuffer(), 0, d.length);
                p.setOffsetLength(0, d.length);
                if (browserSrtp.unprotectRtcp(p) != SrtpErrorStatus.OK) {
                    throw new IllegalStateException("unprotect rtcp failed");
                }
                dev.chorus.media.rtcp.RtcpParser.parse(p.getBuffer(), p.getOffset(), p.getLength(),
                        new dev.chorus.media.rtcp.RtcpVisitor() {
                            @Override
                            public void onPli(long senderSsrc, long mediaSsrc) {
                                out.add(mediaSsrc);
                            }
                        });
            }
            return out;
        }

        /** Waits (bounded) until this transport's pacer has released everything it queued. */
        void drain() {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (onWorker(() -> transport.congestion().pacer().queuedPackets()) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pacer did not drain");
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        /** As {@link #takeRtp} without padding-only packets (bandwidth probes). */
        List<RtpPacket> takeMedia() {
            return takeRtp().stream().filter(r -> r.payloadLength() > 0).toList();
        }

        /** RTP packets the server sent this browser so far, decrypted (RTCP skipped), then cleared. */
        List<RtpPacket> takeRtp() {
            drain();
            List<RtpPacket> out = new ArrayList<>();
            for (byte[] d : List.copyOf(sent)) {
                sent.remove(d);
                int pt = d.length > 1 ? d[1] & 0xFF : 0;
                if (pt >= 192 && pt <= 223) {
                    continue; // RTCP (RFC 5761 demux)
                }
                PacketBuffer p = new PacketBuffer();
                System.arraycopy(d, 0, p.getBuffer(), 0, d.length);
                p.setOffsetLength(0, d.length);
                if (browserSrtp.unprotectRtp(p) != SrtpErrorStatus.OK) {
                    throw new IllegalStateException("unprotect failed");
                }
                byte[] plain = new byte[p.getLength()];
                System.arraycopy(p.getBuffer(), p.getOffset(), plain, 0, plain.length);
                RtpPacket r = new RtpPacket();
                r.wrap(plain, 0, plain.length);
                out.add(r);
            }
            return out;
        }
    }

    Peer peer() throws Exception {
        WebRtcTransport t = router.createTransport("peer-" + (++peers), (tr, s) -> { });
        SrtpKeys server = new SrtpKeys(SrtpProfile.AEAD_AES_128_GCM, bytes(16), bytes(12), bytes(16), bytes(12));
        SrtpKeys browser = new SrtpKeys(SrtpProfile.AEAD_AES_128_GCM, server.remoteKey(), server.remoteSalt(),
                server.localKey(), server.localSalt());
        Peer p = new Peer(t, new SrtpSession(browser, false));
        onWorker(() -> {
            t.connectForTest(server, (b, off, len) -> {
                byte[] copy = new byte[len];
                System.arraycopy(b, off, copy, 0, len);
                p.sent.add(copy);
            });
            return null;
        });
        return p;
    }

    <T> T onWorker(Supplier<T> s) {
        try {
            return router.worker().call(s).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        server.close();
    }
}
