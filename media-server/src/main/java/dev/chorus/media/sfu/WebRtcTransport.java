package dev.chorus.media.sfu;

import dev.chorus.media.dtls.DtlsCertificate;
import dev.chorus.media.dtls.DtlsSession;
import dev.chorus.media.ice.IceTransport;
import dev.chorus.media.net.PacketClassifier;
import dev.chorus.media.net.PacketType;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpSession;
import dev.chorus.media.telemetry.LinkTelemetry;
import dev.chorus.media.telemetry.TelemetryRow;
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

    /** Where protected datagrams leave: ICE in production, a capture in module tests. */
    interface DatagramSink {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    /** What an outgoing RTP packet is, for pacing priority and accounting. */
    enum SendClass { AUDIO, RETRANSMISSION, VIDEO, PADDING }

    private final String id;
    private final Router router;
    private final MediaWorker worker;
    private final IceTransport ice;
    private final Listener listener;
    private final DtlsCertificate certificate;
    private final long rtcpSsrc = RANDOM.nextInt() & 0xFFFFFFFFL;
    private volatile TransportState state = TransportState.NEW;
    private DtlsSession dtls;
    private DatagramSink sink;
    private SrtpSession srtp;
    /** Worker thread: FAILED came from ICE (a restart may recover), not from DTLS. */
    private boolean iceFailed;

    // worker-thread state
    private final List<Producer> producers = new ArrayList<>();
    private final InboundStreams inbound = new InboundStreams(producers);
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
    private final CongestionController congestion = new CongestionController(this);
    private final ReceiverBandwidth bandwidth;
    private long nextAllocationNanos;
    private boolean autoAllocation = true;
    private long lastFixedBps;
    private static final long ALLOCATION_INTERVAL_NANOS = 200_000_000L;
    /** A learned policy reads telemetry rows whose history windows count 100 ms rows. */
    private static final long POLICY_INTERVAL_NANOS = 100_000_000L;
    /** Null: the estimate goes to the allocator as is (gcc, today's path, bit for bit). */
    private RatePolicy ratePolicy;
    private LinkTelemetry telemetry;
    private long lastAllocatedBps;
    private long lastDesiredBps;
    private long lastAllowedBps = -1;
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
        this.bandwidth = new ReceiverBandwidth(router);
        this.reporter = new RtcpReporter(this);
        java.util.function.Supplier<RatePolicy> policies = server.ratePolicies();
        if (policies != null) {
            setRatePolicy(policies.get());
        }
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
                worker.execute(WebRtcTransport.this::onIceConnected);
            }

            @Override
            public void onFailed() {
                worker.execute(WebRtcTransport.this::onIceFailed);
            }
        });
        this.certificate = server.certificate();
        this.sink = ice::send;
    }

    /**
     * Module tests: skips ICE and DTLS, uses {@code keys} for SRTP and sends every datagram to
     * {@code capture} instead of the network. Must run on the worker thread.
     */
    void connectForTest(SrtpKeys keys, DatagramSink capture) {
        this.sink = capture;
        onDtlsConnected(keys);
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

    /** The local ICE ufrag the peer must use now (a restart's new one while it is pending). */
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
                            worker.execute(() -> {
                                iceFailed = false; // no restart brings DTLS back
                                setState(TransportState.FAILED);
                            });
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
     * ICE restart (RFC 8445 §9): new local credentials, checks against the peer's new ones; the old
     * ICE session is dropped before this returns, so media pauses until the new pair is selected
     * (whatever the peer's new address; see {@link IceTransport}). DTLS and SRTP keep their state and
     * keys, producers and consumers stay. Call after {@link #connect}, before sending the answer.
     *
     * @return the new local credentials for the answer
     */
    public IceTransport.Credentials restartIce(String remoteUfrag, String remotePassword) throws IOException {
        return ice.restart(remoteUfrag, remotePassword);
    }

    /** Remote address of the pair carrying media, or null (for logs and tests). */
    public java.net.InetSocketAddress iceRemoteAddress() {
        return ice.remoteAddress();
    }

    /** A failed connection that a restart brought back carries media again (DTLS kept its keys). */
    private void onIceConnected() {
        if (iceFailed) {
            iceFailed = false;
            if (state == TransportState.FAILED && srtp != null) {
                setState(TransportState.CONNECTED);
            }
        }
    }

    void onIceFailed() {
        iceFailed = true;
        setState(TransportState.FAILED);
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
            inbound.add(p);
            Integer tcc = params.extensions().get(HeaderExtensionUris.TRANSPORT_CC);
            if (tcc != null) {
                congestion.setReceiveExtensionId(tcc);
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
            Consumer c = producer.isSimulcast() && producer.kind() == MediaKind.VIDEO
                    ? new SimulcastConsumer(producer, this, params)
                    : new SimpleConsumer(producer, this, params);
            if (c.forwarder.transportCcExtId() != 0) {
                congestion.setSendExtensionId(c.forwarder.transportCcExtId());
            }
            if (c instanceof SimulcastConsumer sc) {
                bandwidth.add(sc);
                nextAllocationNanos = 0; // allocate at the next tick
            }
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

    void removeConsumer(Consumer c) {
        c.close();
        if (c instanceof SimulcastConsumer sc) {
            bandwidth.remove(sc);
        }
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
        p.close();
        producers.remove(p);
        inbound.remove(p);
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

    /** The layer receiving media SSRC {@code ssrc} (RTX SSRCs excluded), or null. */
    ProducerLayer layerBySsrc(long ssrc) {
        return inbound.media(ssrc);
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
        congestion.onRtpReceived(rtp, arrivalNanos); // every packet, padding probes included
        ProducerLayer layer = inbound.resolve(rtp);
        if (layer == null) {
            rtpStage.drop();
            return;
        }
        boolean repaired = layer.rtxSsrc == rtp.ssrc() && layer.ssrc != rtp.ssrc();
        if (repaired && !inbound.unwrapRtx(layer, rtp)) {
            rtpStage.drop();
            return;
        }
        layer.producer.onRtp(layer, rtp, arrivalNanos, repaired);
        rtpStage.pass(rtp.length(), t0);
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

    /**
     * Sends a packet a consumer rewrote into {@code p} ({@code view} over it): fills in the
     * transport-wide sequence number, protects and transmits.
     */
    boolean sendRtp(PacketBuffer p, SendClass cls) {
        if (!congestion.send(p, cls, System.nanoTime())) {
            sendStage.drop();
            return false;
        }
        return true;
    }

    /** The pacer releases a packet: protect and send it now. */
    boolean protectAndTransmit(PacketBuffer p) {
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
            sink.send(p.getBuffer(), p.getOffset(), p.getLength());
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
        if (!producers.isEmpty()) {
            congestion.sendReceiveFeedback(producers.get(0).ssrc(), nowNanos);
        }
        if (autoAllocation && nowNanos - nextAllocationNanos >= 0) {
            nextAllocationNanos = nowNanos + (ratePolicy == null ? ALLOCATION_INTERVAL_NANOS : POLICY_INTERVAL_NANOS);
            allocate(nowNanos);
        }
    }

    /** A snapshot for the REST API and logs, taken on the worker. */
    public CompletableFuture<TransportStats> stats() {
        return worker.call(() -> {
            long now = System.nanoTime();
            var pacer = congestion.pacer();
            var pacing = new TransportStats.Pacing(pacer.pacingRateBps(), pacer.queuedPackets(), pacer.packetsSent(),
                    pacer.packetsDropped(), pacer.averageQueueDelayNanos() / 1000, pacer.maxQueueDelayNanos() / 1000,
                    congestion.paddingPackets(), congestion.paddingBytes(), congestion.retransmissionsDropped());
            List<ProducerStats> ps = new ArrayList<>();
            for (Producer p : producers) {
                ps.add(ProducerStats.of(p, now));
            }
            List<ConsumerStats> cs = new ArrayList<>();
            long allocated = 0;
            for (Consumer c : consumers) {
                ConsumerStats st = c.stats(now);
                cs.add(st);
                allocated += st.bitrateBps();
            }
            List<TransportStats.Stage> stages = new ArrayList<>();
            for (StageCounters sc : stages()) {
                stages.add(new TransportStats.Stage(sc.name(), sc.packets(), sc.bytes(), sc.drops(), sc.nanos() / 1000));
            }
            var last = bandwidth.lastAllocation();
            var remote = ice.remoteAddress();
            var iceStats = new TransportStats.Ice(ice.generations() - 1, ice.localUfrag(),
                    remote == null ? null : remote.getAddress().getHostAddress() + ":" + remote.getPort());
            return new TransportStats(id, state, iceStats, congestion.snapshot(now),
                    last == null ? allocated : last.totalBps() + lastFixedBps,
                    last == null ? 0 : last.desiredBps() + lastFixedBps, pacing, congestion.feedbackReceived(),
                    congestion.feedbackSent(), ps, cs, stages, ratePolicyStats(now));
        });
    }

    /**
     * The receiving browser's cumulative freeze count (its client-stats), for the rate policy
     * ({@link dev.chorus.media.quality.FreezeFeedback}); any thread.
     */
    public void onRenderReport(long freezeCount) {
        worker.execute(() -> {
            if (ratePolicy != null) {
                ratePolicy.onRenderReport(System.nanoTime(), freezeCount);
            }
        });
    }

    private TransportStats.RatePolicy ratePolicyStats(long nowNanos) {
        if (ratePolicy instanceof dev.chorus.media.quality.LearnedRatePolicy l) {
            return new TransportStats.RatePolicy(ratePolicyName(), lastAllowedBps(), l.lastPredictionKbps(),
                    l.reportedFreezeCount(), l.feedbackState(nowNanos));
        }
        return new TransportStats.RatePolicy(ratePolicyName(), lastAllowedBps(), -1, -1, "off");
    }

    /** Module tests that steer consumers' layers themselves turn the periodic allocation off. */
    void setAutoAllocation(boolean on) {
        autoAllocation = on;
    }

    /**
     * Divides the estimate: single-stream consumers (audio, non-simulcast video) take what they use,
     * the simulcast tracks share the rest through the allocator.
     */
    void allocate(long nowNanos) {
        long estimate = congestion.targetBitrateBps();
        if (ratePolicy != null) {
            TelemetryRow row = telemetry.sample(nowNanos, congestion.sendController(), lastAllocatedBps, lastDesiredBps);
            estimate = Math.max(0, ratePolicy.allowedBps(row));
            lastAllowedBps = estimate;
        }
        long fixed = 0;
        boolean video = false;
        for (Consumer c : consumers) {
            if (!(c instanceof SimulcastConsumer)) {
                fixed += c.sendRate.bitrateBps(nowNanos);
                video |= c.producer.kind() == MediaKind.VIDEO;
            }
        }
        lastFixedBps = fixed;
        long desired = bandwidth.allocate(Math.max(0, estimate - fixed), nowNanos);
        if (LOG.isDebugEnabled() && bandwidth.lastAllocation() != null) {
            LOG.debug("transport {}: estimate {} bps, fixed {} bps, allocation {}", id, estimate, fixed,
                    bandwidth.lastAllocation());
        }
        for (Consumer c : consumers) {
            if (c instanceof SimulcastConsumer sc && sc.targetSpatialLayer() >= 0) {
                video = true;
            }
        }
        var last = bandwidth.lastAllocation();
        long probeTarget = (last == null ? desired : last.probeTargetBps()) + fixed;
        congestion.onAllocation(ratePolicy == null ? probeTarget : ratePolicy.probeTargetBps(probeTarget), video,
                nowNanos);
        lastAllocatedBps = (last == null ? 0 : last.totalBps()) + fixed;
        lastDesiredBps = desired + fixed;
    }

    /**
     * Worker thread, before media flows: let {@code policy} decide what this receiver's allocation may
     * spend (docs/architecture.md, "Learned link-quality model"); the transport then samples link
     * telemetry and allocates every 100 ms. Not calling it keeps the estimate as today.
     */
    void setRatePolicy(RatePolicy policy) {
        this.ratePolicy = policy;
        this.telemetry = new LinkTelemetry(id);
        congestion.sendController().estimator().setFeedbackListener(telemetry);
    }

    /** The rate policy's name ({@code gcc} without one) and its last budget in bit/s (-1: none yet). */
    String ratePolicyName() {
        return ratePolicy == null ? "gcc" : ratePolicy.name();
    }

    long lastAllowedBps() {
        return ratePolicy == null ? congestion.targetBitrateBps() : lastAllowedBps;
    }

    /** Pacing and probing between ticks; true while it wants to run again within a few ms. */
    boolean onPace(long nowNanos) {
        return isMediaReady() && congestion.onPace(nowNanos);
    }

    CongestionController congestion() {
        return congestion;
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
