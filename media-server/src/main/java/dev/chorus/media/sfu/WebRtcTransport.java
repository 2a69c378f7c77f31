package dev.chorus.media.sfu;

import dev.chorus.media.dtls.DtlsCertificate;
import dev.chorus.media.dtls.DtlsSession;
import dev.chorus.media.ice.IceTransport;
import dev.chorus.media.net.PacketClassifier;
import dev.chorus.media.net.PacketType;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpSession;
import dev.chorus.media.util.LongObjectMap;
import dev.chorus.media.util.PacketBuffer;
import java.io.IOException;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.ice4j.util.Buffer;
import org.jitsi.srtp.SrtpErrorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's connection: ICE, DTLS, SRTP, and the receive pipeline that feeds its producers. All
 * packet processing runs on the router's worker thread; ICE and DTLS callbacks hop onto it.
 *
 * <p>Receive pipeline, in order: classify (RFC 7983) → DTLS | SRTP unprotect → RTP parse → producer
 * (stats, cache, fan-out) ; SRTCP unprotect → RTCP feedback. Each stage counts in {@link #stages()}.
 */
public final class WebRtcTransport {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcTransport.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong GARBAGE = new AtomicLong();

    public interface Listener {
        void onStateChange(WebRtcTransport transport, TransportState state);
    }

    private final String id;
    private final Router router;
    private final MediaWorker worker;
    private final IceTransport ice;
    private final Listener listener;
    private final DtlsCertificate certificate;
    private final long rtcpSsrc = RANDOM.nextInt() & 0xFFFFFFFFL;
    private volatile TransportState state = TransportState.NEW;
    private DtlsSession dtls;
    private SrtpSession srtp;

    // worker-thread state
    private final LongObjectMap<Producer> producersBySsrc = new LongObjectMap<>();
    private final List<Producer> producers = new ArrayList<>();
    private final LongObjectMap<Consumer> consumersBySsrc = new LongObjectMap<>();
    private final List<Consumer> consumers = new ArrayList<>();
    private final PacketBuffer inBuffer = new PacketBuffer(0);
    private final PacketBuffer scratch = new PacketBuffer();
    private final PacketBuffer rtcpOut = new PacketBuffer();
    private final byte[] retransmitScratch = new byte[PacketBuffer.CAPACITY];
    private final RtpPacket rtp = new RtpPacket();
    private final RtpPacket scratchView = new RtpPacket();
    private final RtpPacket retransmitView = new RtpPacket();
    private final RtcpFeedbackHandler feedback;
    private final RtcpReporter reporter;
    private int midExtId = -1;
    private long lastPacketNanos = System.nanoTime();

    final StageCounters classifyStage = new StageCounters("classify");
    final StageCounters dtlsStage = new StageCounters("dtls");
    final StageCounters srtpStage = new StageCounters("srtp-unprotect");
    final StageCounters rtpStage = new StageCounters("rtp-parse+forward");
    final StageCounters rtcpStage = new StageCounters("rtcp");
    final StageCounters sendStage = new StageCounters("send");

    WebRtcTransport(Router router, String id, MediaServer server, Listener listener) throws IOException {
        this.id = id;
        this.router = router;
        this.worker = router.worker();
        this.listener = listener;
        this.feedback = new RtcpFeedbackHandler(this);
        this.reporter = new RtcpReporter(this);
        this.ice = new IceTransport(server.mediaPort(), id, new IceTransport.Listener() {
            @Override
            public void onDatagram(Buffer buffer) {
                if (!worker.enqueue(WebRtcTransport.this, buffer)) {
                    IceTransport.release(buffer);
                }
            }

            @Override
            public void onConnected(SocketAddress remote) {
                LOG.info("transport {}: ICE connected to {}", id, remote);
            }

            @Override
            public void onFailed() {
                worker.execute(() -> setState(TransportState.FAILED));
            }
        });
        this.certificate = server.certificate();
    }

    public String id() {
        return id;
    }

    public Router router() {
        return router;
    }

    public TransportState state() {
        return state;
    }

    public String iceUfrag() {
        return ice.localUfrag();
    }

    public String icePassword() {
        return ice.localPassword();
    }

    public String dtlsFingerprint() {
        return certificate.sha256Fingerprint();
    }

    long rtcpSsrc() {
        return rtcpSsrc;
    }

    /** Starts ICE and the DTLS server once the peer's credentials and fingerprint are known. */
    public synchronized void connect(String remoteUfrag, String remotePassword, String fingerprintAlgorithm,
                                     String fingerprint) {
        ice.start(remoteUfrag, remotePassword);
        if (dtls == null) {
            dtls = new DtlsSession(id, certificate, fingerprintAlgorithm, fingerprint, this::sendDtls,
                    new DtlsSession.Listener() {
                        @Override
                        public void onConnected(SrtpKeys keys) {
                            worker.execute(() -> onDtlsConnected(keys));
                        }

                        @Override
                        public void onFailed(Exception cause) {
                            worker.execute(() -> setState(TransportState.FAILED));
                        }

                        @Override
                        public void onClosed() {
                            worker.execute(() -> setState(TransportState.CLOSED));
                        }
                    });
            dtls.start();
            setState(TransportState.CONNECTING);
        }
    }

    /**
     * The browser may start DTLS as soon as its side of ICE succeeds, before our side has a valid
     * pair: such a flight is lost like any datagram and BouncyCastle retransmits it.
     */
    private void sendDtls(byte[] buf, int off, int len) {
        try {
            ice.send(buf, off, len);
        } catch (IOException e) {
            dtlsStage.drop();
        }
    }

    public boolean addRemoteCandidate(String address, int port, String transport, String type, long priority,
                                      String foundation) {
        return ice.addRemoteCandidate(address, port, transport, type, priority, foundation);
    }

    private void onDtlsConnected(SrtpKeys keys) {
        if (state == TransportState.CLOSED) {
            return;
        }
        srtp = new SrtpSession(keys);
        LOG.info("transport {}: DTLS connected, SRTP profile {}", id, keys.profile());
        setState(TransportState.CONNECTED);
        for (Consumer c : consumers) {
            c.requestKeyFrame(System.nanoTime());
        }
    }

    private void setState(TransportState s) {
        if (state == s || state == TransportState.CLOSED) {
            return;
        }
        state = s;
        listener.onStateChange(this, s);
    }

    boolean isMediaReady() {
        return srtp != null && state == TransportState.CONNECTED;
    }

    // ---- API used by the router (worker thread) ----

    public CompletableFuture<Producer> produce(ProducerParams params) {
        return worker.call(() -> {
            Producer p = new Producer(this, params);
            producers.add(p);
            if (params.ssrc() != 0) {
                producersBySsrc.put(params.ssrc(), p);
            }
            Integer mid = params.extensions().get(HeaderExtensionUris.MID);
            if (mid != null) {
                midExtId = mid;
            }
            router.onProducerAdded(p);
            return p;
        });
    }

    public CompletableFuture<Consumer> consume(Producer producer, ConsumerParams params) {
        return worker.call(() -> {
            if (producer.isClosed()) {
                throw new IllegalStateException("producer closed");
            }
            Consumer c = new Consumer(producer, this, params);
            consumers.add(c);
            consumersBySsrc.put(params.ssrc(), c);
            producer.addConsumer(c);
            c.requestKeyFrame(System.nanoTime());
            return c;
        });
    }

    public CompletableFuture<Void> closeConsumer(Consumer c) {
        return worker.call(() -> {
            removeConsumer(c);
            return null;
        });
    }

    private void removeConsumer(Consumer c) {
        c.close();
        c.producer().removeConsumer(c);
        consumers.remove(c);
        consumersBySsrc.remove(c.ssrc());
        if (srtp != null) {
            srtp.removeOutgoing(c.ssrc());
        }
    }

    public CompletableFuture<Void> closeProducer(Producer p) {
        return worker.call(() -> {
            closeProducerNow(p);
            return null;
        });
    }

    private void closeProducerNow(Producer p) {
        p.markClosed();
        for (Consumer c : p.consumers()) {
            c.transport().removeConsumer(c);
        }
        producers.remove(p);
        if (p.ssrc() != 0) {
            producersBySsrc.remove(p.ssrc());
        }
        router.onProducerClosed(p);
    }

    /** Closes everything this peer published or received; idempotent. */
    public CompletableFuture<Void> close() {
        return worker.call(() -> {
            if (state == TransportState.CLOSED) {
                return null;
            }
            for (Producer p : List.copyOf(producers)) {
                closeProducerNow(p);
            }
            for (Consumer c : List.copyOf(consumers)) {
                removeConsumer(c);
            }
            setState(TransportState.CLOSED);
            if (dtls != null) {
                dtls.close();
            }
            ice.close();
            if (srtp != null) {
                srtp.close();
                srtp = null;
            }
            router.onTransportClosed(this);
            return null;
        });
    }

    List<Producer> producers() {
        return producers;
    }

    List<Consumer> consumers() {
        return consumers;
    }

    Producer producerBySsrc(long ssrc) {
        return producersBySsrc.get(ssrc);
    }

    Consumer consumerBySsrc(long ssrc) {
        return consumersBySsrc.get(ssrc);
    }

    // ---- receive pipeline (worker thread) ----

    void onDatagram(Buffer b, long arrivalNanos) {
        try {
            receive(b.getBuffer(), b.getOffset(), b.getLength(), arrivalNanos);
        } finally {
            IceTransport.release(b);
        }
    }

    void receive(byte[] buf, int off, int len, long arrivalNanos) {
        long t0 = System.nanoTime();
        lastPacketNanos = arrivalNanos;
        PacketType type = PacketClassifier.classify(buf, off, len);
        switch (type) {
            case DTLS -> {
                classifyStage.pass(len, t0);
                if (dtls != null && dtls.onPacket(buf, off, len)) {
                    dtlsStage.pass(len, t0);
                } else {
                    dtlsStage.drop();
                }
            }
            case RTP -> {
                classifyStage.pass(len, t0);
                receiveRtp(buf, off, len, arrivalNanos, t0);
            }
            case RTCP -> {
                classifyStage.pass(len, t0);
                receiveRtcp(buf, off, len, t0);
            }
            default -> {
                // STUN is consumed by ice4j before it reaches us; anything else is garbage
                classifyStage.drop();
                GARBAGE.incrementAndGet();
            }
        }
    }

    private void receiveRtp(byte[] buf, int off, int len, long arrivalNanos, long t0) {
        if (srtp == null) {
            srtpStage.drop();
            return;
        }
        inBuffer.wrap(buf, off, len);
        SrtpErrorStatus st = srtp.unprotectRtp(inBuffer);
        if (st != SrtpErrorStatus.OK) {
            srtpStage.drop();
            return;
        }
        srtpStage.pass(len, t0);
        if (!rtp.wrap(inBuffer.getBuffer(), inBuffer.getOffset(), inBuffer.getLength())) {
            rtpStage.drop();
            return;
        }
        Producer p = producersBySsrc.get(rtp.ssrc());
        if (p == null) {
            p = bindByMid(rtp);
            if (p == null) {
                rtpStage.drop();
                return;
            }
        }
        p.onRtp(rtp, arrivalNanos);
        rtpStage.pass(rtp.length(), t0);
    }

    /** Streams announced without SSRCs (simulcast, some clients) are bound on first sight via MID. */
    private Producer bindByMid(RtpPacket rtp) {
        if (midExtId < 0) {
            return null;
        }
        int off = rtp.extensionOffset(midExtId);
        int len = rtp.extensionLength(midExtId);
        if (off < 0 || len <= 0) {
            return null;
        }
        for (Producer p : producers) {
            if (p.ssrc() == 0 && java.util.Arrays.equals(rtp.buffer(), off, off + len, p.midBytes(), 0,
                    p.midBytes().length)) {
                p.bindSsrc(rtp.ssrc());
                producersBySsrc.put(rtp.ssrc(), p);
                return p;
            }
        }
        return null;
    }

    private void receiveRtcp(byte[] buf, int off, int len, long t0) {
        if (srtp == null) {
            rtcpStage.drop();
            return;
        }
        inBuffer.wrap(buf, off, len);
        if (srtp.unprotectRtcp(inBuffer) != SrtpErrorStatus.OK) {
            rtcpStage.drop();
            return;
        }
        if (feedback.handle(inBuffer.getBuffer(), inBuffer.getOffset(), inBuffer.getLength())) {
            rtcpStage.pass(len, t0);
        } else {
            rtcpStage.drop();
        }
    }

    // ---- send path (worker thread) ----

    PacketBuffer scratch() {
        return scratch;
    }

    RtpPacket scratchView() {
        return scratchView;
    }

    byte[] retransmitScratch() {
        return retransmitScratch;
    }

    RtpPacket retransmitView() {
        return retransmitView;
    }

    boolean sendRtp(PacketBuffer p) {
        long t0 = System.nanoTime();
        if (srtp == null || !srtp.protectRtp(p)) {
            sendStage.drop();
            return false;
        }
        return transmit(p, t0);
    }

    /** Protects and sends the RTCP compound in {@code rtcpOut()} (length set by the caller). */
    boolean sendRtcp(PacketBuffer p) {
        long t0 = System.nanoTime();
        if (srtp == null || !srtp.protectRtcp(p)) {
            sendStage.drop();
            return false;
        }
        return transmit(p, t0);
    }

    private boolean transmit(PacketBuffer p, long t0) {
        try {
            ice.send(p.getBuffer(), p.getOffset(), p.getLength());
            sendStage.pass(p.getLength(), t0);
            return true;
        } catch (IOException e) {
            sendStage.drop();
            return false;
        }
    }

    PacketBuffer rtcpOut() {
        return rtcpOut;
    }

    void sendPli(long mediaSsrc) {
        if (!isMediaReady() || mediaSsrc == 0) {
            return;
        }
        int len = RtcpWriter.writePli(rtcpOut.getBuffer(), 0, rtcpSsrc, mediaSsrc);
        rtcpOut.setOffsetLength(0, len);
        sendRtcp(rtcpOut);
    }

    void onTick(long nowNanos) {
        if (!isMediaReady()) {
            return;
        }
        for (Producer p : producers) {
            p.onTick(nowNanos);
        }
        reporter.onTick(nowNanos);
    }

    /** Nanos since the last datagram from this peer (for liveness). */
    public long idleNanos(long nowNanos) {
        return nowNanos - lastPacketNanos;
    }

    public List<StageCounters> stages() {
        return List.of(classifyStage, dtlsStage, srtpStage, rtpStage, rtcpStage, sendStage);
    }

    /** Datagrams on the media port that were neither STUN, DTLS, RTP nor RTCP (process-wide). */
    public static long garbageDatagrams() {
        return GARBAGE.get();
    }
}
