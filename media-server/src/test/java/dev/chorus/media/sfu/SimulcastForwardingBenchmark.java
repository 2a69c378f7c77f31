package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import dev.chorus.media.srtp.SrtpSession;
import dev.chorus.media.util.PacketBuffer;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jitsi.srtp.SrtpErrorStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The simulcast forwarding hot path through the real classes: one publisher's 3-layer VP8
 * simulcast, {@code receivers} receivers each consuming it with a {@link SimulcastConsumer}.
 * One benchmark operation = one inbound SRTP datagram through
 * {@link WebRtcTransport#receive(byte[], int, int, long)} of the publisher's transport, i.e.
 * classify → SRTP unprotect → RTP parse → transport-cc arrival record → SSRC → layer lookup →
 * {@link Producer#onRtp} (receive statistics, rates, VP8 descriptor, retransmission cache, keyframe
 * tracking) → per receiver {@link SimulcastConsumer#forward}: {@code LayerSelector.decide}, and for
 * packets of the receiver's layer {@link RtpForwarder#rewrite} + {@code SimulcastRewriter.forward}
 * (sequence number, timestamp, picture id, TL0PICIDX) + send statistics + {@link CongestionController#send}
 * (copy into a {@code Pacer} slot, {@code Pacer.process}, copy out, transport-wide sequence number
 * stamped, send-history record) + SRTP protect + the datagram sink, which only counts packets and
 * bytes (no socket: the system call is not measured). Stage counters' {@code System.nanoTime} calls
 * are included, as in production.
 *
 * <p><b>Thread.</b> In production all of a router's packet work runs on its {@link MediaWorker}. Here
 * the worker is parked inside one of its own tasks for the whole trial (after the setup ran on it):
 * it then runs no ticks, pacing or tasks, so the JMH thread is the only one touching the router —
 * the same confinement, handed over with a {@link CountDownLatch} (happens-before both ways). Running
 * each batch through {@code worker().call(...)} instead would time the hand-off too, and tasks do
 * not wake an idle worker: {@code MediaWorker.loop} polls the packet queue until the next tick, so a
 * task can wait up to 20 ms.
 *
 * <p><b>Batches.</b> SRTP's replay protection rejects a packet index it has seen and the real
 * transport's session keeps it on, so the publisher's packets cannot come from a repeating ring:
 * each invocation feeds {@value #BATCH} fresh packets (continuing sequence numbers, timestamps,
 * picture ids), generated and protected by the publisher's (browser-side) {@link SrtpSession} in a
 * {@code Level.Invocation} setup, which JMH does not time ({@value #BATCH} packets take ≥ 1 ms, so
 * the per-invocation timestamps cost nothing measurable). That setup also runs the router's 20 ms
 * tick once ({@link Router#onTick}: RTCP reports, TCC feedback to the publisher, keyframe retries),
 * untimed; nothing else runs between packets.
 *
 * <p><b>Pacing.</b> Every receiver's pacer is set to 100 Gbit/s, so each packet goes through
 * {@code Pacer.enqueue} + {@code Pacer.process} and leaves at once; the teardown checks that nothing
 * was queued, held or dropped.
 *
 * <p><b>Stream.</b> Simulated 30 fps: per frame time the layers q/h/f send 1/2/5 packets of
 * 1,000–1,200 bytes (plain RTP), interleaved q,h,f,h,f,f,f,f; VP8 descriptors with 15-bit picture id,
 * TL0PICIDX and TID pattern 0,2,1,2 (Y bit on the TID 1/2 frames right after a TID 0 frame);
 * frame 0 is a keyframe on every layer and carries MID and RID (binding), later packets only the
 * transport-wide sequence number (as Chrome once the SSRCs are acknowledged). Arrival times follow
 * the stream (33.3 ms per frame, 1 ms between packets), so rates and jitter look like a real
 * publisher's; the pacer and the stage counters use the real clock. Receiver {@code i} targets layer
 * {@code 2 - i % 3} (f, h, q, f, …) with all temporal layers.
 *
 * <p><b>Allocation.</b> {@code -prof gc}'s {@code gc.alloc.rate.norm} counts every thread, the
 * untimed setup included (its SRTP protect allocates inside jitsi-srtp). The benchmark therefore
 * also measures the benchmark thread's allocation around the measured loop only
 * ({@code ThreadMXBean.getCurrentThreadAllocatedBytes}) and prints it per iteration together with
 * the forwarded-packet counts ("sfu-bench" lines).
 *
 * <p>Run: {@code scripts/bench-forwarding SimulcastForwardingBenchmark} (see docs/BENCHMARKS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(SimulcastForwardingBenchmark.BATCH)
public class SimulcastForwardingBenchmark {
    /** Inbound packets per invocation. */
    static final int BATCH = 1000;
    static final int VP8_PT = 96;
    static final int OUT_VP8_PT = 100;
    static final int OUT_RTX_PT = 101;
    static final int OUT_TCC_ID = 3;
    static final long PACING_BPS = 100_000_000_000L;
    static final long FRAME_NANOS = 33_333_333L;
    static final long PACKET_SPACING_NANOS = 1_000_000L;
    static final long[] LAYER_SSRCS = {0x0A000001L, 0x0A000002L, 0x0A000003L};
    static final byte[] RIDS = {'q', 'h', 'f'};
    static final int[] WIDTHS = {320, 640, 1280};
    static final int[] HEIGHTS = {180, 360, 720};
    /** Packets per frame of each layer. */
    static final int[] PACKETS_PER_FRAME = {1, 2, 5};
    /** The order the packets of one frame time arrive in: layer and index within the layer's frame. */
    static final int[] GROUP_LAYER = {0, 1, 2, 1, 2, 2, 2, 2};
    static final int[] GROUP_INDEX = {0, 0, 0, 1, 1, 2, 3, 4};
    static final int[] TID_PATTERN = {0, 2, 1, 2};
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Param({"1", "10", "50"})
    public int receivers;

    @Param({"AEAD_AES_128_GCM"})
    public String profile;

    private MediaServer server;
    private Router router;
    private WebRtcTransport publisher;
    private Producer producer;
    private CountingSink publisherSink;
    private WebRtcTransport[] receiverTransports;
    private SimulcastConsumer[] consumers;
    private CountingSink[] sinks;
    private int[] targets;
    private final CountDownLatch parked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private final Stream stream = new Stream();
    private final byte[][] batch = new byte[BATCH][PacketBuffer.CAPACITY];
    private final int[] batchOffset = new int[BATCH];
    private final int[] batchLength = new int[BATCH];
    private final long[] batchArrival = new long[BATCH];

    // counters (benchmark thread)
    private long inbound;
    private long measuredAllocatedBytes;
    private long iterInbound;
    private long iterAllocated;
    private long iterForwarded;
    private long iterForwardedBytes;

    /** Counts what a transport sends; keeps a copy of the last RTP datagram only while capturing. */
    static final class CountingSink implements WebRtcTransport.DatagramSink {
        long rtpPackets;
        long rtpBytes;
        long rtcpPackets;
        boolean capture;
        final byte[] last = new byte[PacketBuffer.CAPACITY];
        int lastLength;

        @Override
        public void send(byte[] buf, int off, int len) {
            int pt = len > 1 ? buf[off + 1] & 0xFF : 0;
            if (pt >= 192 && pt <= 223) {
                rtcpPackets++;
                return;
            }
            rtpPackets++;
            rtpBytes += len;
            if (capture) {
                System.arraycopy(buf, off, last, 0, len);
                lastLength = len;
            }
        }
    }

    /** The publisher's encoder and browser-side SRTP: writes and protects the next packets. */
    static final class Stream {
        SrtpSession browser;
        final PacketBuffer view = new PacketBuffer(0);
        final byte[] pool = new byte[4096];
        final int[] sizes = new int[1024];
        final int[] seq = {1000, 30000, 65000};
        final int[] pictureId = {10, 20, 32760};
        final int[] tl0 = {0, 100, 250};
        long startNanos;
        long ts0 = 0xFFFF0000L; // wraps early on
        long frame;
        int slot;
        int tcc = 60000;
        long packets;

        void init(SrtpSession browserSide, long startNanos) {
            this.browser = browserSide;
            this.startNanos = startNanos;
            Random rnd = new Random(7);
            rnd.nextBytes(pool);
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = 1000 + rnd.nextInt(201);
            }
        }

        long frameArrival() {
            return startNanos + frame * FRAME_NANOS;
        }

        /** Writes the next packet into {@code b} at 0, protects it there; returns the protected length. */
        int next(byte[] b, long[] arrivalOut, int arrivalIndex) {
            int layer = GROUP_LAYER[slot];
            int k = GROUP_INDEX[slot];
            int count = PACKETS_PER_FRAME[layer];
            int tid = frame == 0 ? 0 : TID_PATTERN[(int) (frame & 3)];
            boolean key = frame == 0;
            boolean start = k == 0;
            boolean sync = !key && (frame & 3) != 0 && (frame & 3) != 3;
            int len = sizes[(int) (packets & (sizes.length - 1))];
            long ts = (ts0 + frame * 3000) & 0xFFFFFFFFL;
            long ssrc = LAYER_SSRCS[layer];
            int s = seq[layer];
            seq[layer] = (s + 1) & 0xFFFF;

            int p = 0;
            b[p++] = (byte) 0x90; // V=2, X=1
            b[p++] = (byte) ((k == count - 1 ? 0x80 : 0) | VP8_PT);
            b[p++] = (byte) (s >>> 8);
            b[p++] = (byte) s;
            p = putU32(b, p, ts);
            p = putU32(b, p, ssrc);
            b[p++] = (byte) 0xBE;
            b[p++] = (byte) 0xDE;
            int lengthAt = p;
            p += 2;
            int elements = p;
            b[p++] = (byte) (ProducerLayersTest.TCC << 4 | 1);
            b[p++] = (byte) (tcc >>> 8);
            b[p++] = (byte) tcc;
            tcc = (tcc + 1) & 0xFFFF;
            if (key) { // MID and RID until the publisher's SSRCs are acknowledged
                b[p++] = (byte) (ProducerLayersTest.MID << 4);
                b[p++] = '1';
                b[p++] = (byte) (ProducerLayersTest.RID << 4);
                b[p++] = RIDS[layer];
            }
            while ((p - elements) % 4 != 0) {
                b[p++] = 0;
            }
            int words = (p - elements) / 4;
            b[lengthAt] = (byte) (words >>> 8);
            b[lengthAt + 1] = (byte) words;
            // VP8 payload descriptor: X, S, PID 0 | I, L, T | M + 15-bit picture id | TL0PICIDX | TID, Y
            int pid = pictureId[layer];
            b[p++] = (byte) (0x80 | (start ? 0x10 : 0));
            b[p++] = (byte) 0xE0;
            b[p++] = (byte) (0x80 | ((pid >> 8) & 0x7F));
            b[p++] = (byte) pid;
            b[p++] = (byte) tl0[layer];
            b[p++] = (byte) (tid << 6 | (sync ? 0x20 : 0));
            int header = p;
            if (start) { // VP8 frame tag (+ keyframe start code and dimensions)
                b[p++] = (byte) (key ? 0x10 : 0x11);
                b[p++] = 0;
                b[p++] = 0;
                if (key) {
                    b[p++] = (byte) 0x9d;
                    b[p++] = 0x01;
                    b[p++] = 0x2a;
                    b[p++] = (byte) WIDTHS[layer];
                    b[p++] = (byte) (WIDTHS[layer] >>> 8);
                    b[p++] = (byte) HEIGHTS[layer];
                    b[p++] = (byte) (HEIGHTS[layer] >>> 8);
                }
            }
            int rest = len - p;
            if (rest < 0 || header > len) {
                throw new IllegalStateException("packet too small");
            }
            System.arraycopy(pool, (int) ((packets * 61) & 2047), b, p, rest);
            arrivalOut[arrivalIndex] = frameArrival() + slot * PACKET_SPACING_NANOS;
            packets++;
            if (++slot == GROUP_LAYER.length) { // frame time done
                slot = 0;
                frame++;
                int nextTid = TID_PATTERN[(int) (frame & 3)];
                for (int l = 0; l < 3; l++) {
                    pictureId[l] = (pictureId[l] + 1) & 0x7FFF;
                    if (nextTid == 0) {
                        tl0[l] = (tl0[l] + 1) & 0xFF;
                    }
                }
            }
            view.wrap(b, 0, len);
            if (!browser.protectRtp(view)) {
                throw new IllegalStateException("protect failed");
            }
            if (view.getOffset() != 0) {
                throw new IllegalStateException("protect moved the packet");
            }
            return view.getLength();
        }

        private static int putU32(byte[] b, int p, long v) {
            b[p] = (byte) (v >>> 24);
            b[p + 1] = (byte) (v >>> 16);
            b[p + 2] = (byte) (v >>> 8);
            b[p + 3] = (byte) v;
            return p + 4;
        }
    }

    @Setup(Level.Trial)
    public void setup() throws Exception {
        SrtpProfile srtpProfile = SrtpProfile.valueOf(profile);
        Random rnd = new Random(42);
        server = new MediaServer("127.0.0.1", 0, null, 1);
        router = server.createRouter("bench");
        MediaWorker worker = router.worker();

        publisher = router.createTransport("publisher", (t, s) -> { });
        publisherSink = new CountingSink();
        SrtpKeys[] pubKeys = keyPair(srtpProfile, rnd);
        connect(publisher, pubKeys[0], publisherSink);
        producer = publisher.produce(ProducerLayersTest.simulcastVp8("1")).get(10, TimeUnit.SECONDS);

        receiverTransports = new WebRtcTransport[receivers];
        consumers = new SimulcastConsumer[receivers];
        sinks = new CountingSink[receivers];
        targets = new int[receivers];
        SrtpSession receiver0 = null;
        for (int i = 0; i < receivers; i++) {
            WebRtcTransport t = router.createTransport("receiver-" + i, (tr, s) -> { });
            sinks[i] = new CountingSink();
            SrtpKeys[] keys = keyPair(srtpProfile, rnd);
            connect(t, keys[0], sinks[i]);
            if (i == 0) {
                receiver0 = new SrtpSession(keys[1], false);
            }
            SimulcastConsumer c = (SimulcastConsumer) t.consume(producer, new ConsumerParams("1", 0x5000_0000L + i,
                    List.of(new CodecParams(OUT_VP8_PT, "VP8", 90000, 0, "", OUT_RTX_PT)),
                    Map.of(HeaderExtensionUris.TRANSPORT_CC, OUT_TCC_ID), 0x6000_0000L + i))
                    .get(10, TimeUnit.SECONDS);
            int target = 2 - i % 3;
            worker.call(() -> {
                t.setAutoAllocation(false); // the benchmark steers the layers
                c.setTargetLayers(target, -1);
                return null;
            }).get(10, TimeUnit.SECONDS);
            receiverTransports[i] = t;
            consumers[i] = c;
            targets[i] = target;
        }
        worker.call(() -> {
            publisher.setAutoAllocation(false);
            return null;
        }).get(10, TimeUnit.SECONDS);

        // hand the router over to this thread: the worker blocks in one of its own tasks
        worker.execute(() -> {
            parked.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException e) {
                    // MediaServer.close interrupts the worker; keep waiting for release
                }
            }
        });
        if (!parked.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("worker did not park");
        }
        for (WebRtcTransport t : receiverTransports) {
            t.congestion().pacer().setPacingRate(PACING_BPS); // nothing resets it: no onPace, no feedback
        }
        stream.init(new SrtpSession(pubKeys[1], false), System.nanoTime());

        // prime: the keyframes bind the layers' SSRCs and every consumer switches to its target
        sinks[0].capture = true;
        nextBatch();
        forward();
        sinks[0].capture = false;
        verify(receiver0);
        receiver0.close();
        inbound = 0;
        measuredAllocatedBytes = 0;
        System.out.println("[sfu-bench] setup: receivers=" + receivers + " " + profile + " targets "
                + layerCounts() + ", expected forwarded per inbound packet " + expectedForwardedPerInbound()
                + ", SrtpSession.AES_FACTORY=" + SrtpSession.AES_FACTORY);
    }

    private void connect(WebRtcTransport t, SrtpKeys serverSide, CountingSink sink) throws Exception {
        router.worker().call(() -> {
            t.connectForTest(serverSide, sink);
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    /** [0] the server side's keys, [1] the browser side's (local and remote swapped). */
    private static SrtpKeys[] keyPair(SrtpProfile profile, Random rnd) {
        SrtpKeys server = new SrtpKeys(profile, bytes(rnd, profile.keyLength), bytes(rnd, profile.saltLength),
                bytes(rnd, profile.keyLength), bytes(rnd, profile.saltLength));
        SrtpKeys browser = new SrtpKeys(profile, server.remoteKey(), server.remoteSalt(), server.localKey(),
                server.localSalt());
        return new SrtpKeys[] {server, browser};
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** After priming: every consumer forwards its target layer, and receiver 0's output decrypts. */
    private void verify(SrtpSession receiver0) {
        for (int i = 0; i < receivers; i++) {
            if (consumers[i].currentSpatialLayer() != targets[i] || consumers[i].forwarded() == 0) {
                throw new IllegalStateException("receiver " + i + " on layer " + consumers[i].currentSpatialLayer()
                        + ", target " + targets[i] + ", forwarded " + consumers[i].forwarded());
            }
        }
        CountingSink s = sinks[0];
        PacketBuffer p = new PacketBuffer();
        p.set(s.last, 0, s.lastLength);
        if (receiver0.unprotectRtp(p) != SrtpErrorStatus.OK) {
            throw new IllegalStateException("receiver 0 cannot decrypt what it got");
        }
        RtpPacket r = new RtpPacket();
        if (!r.wrap(p.getBuffer(), p.getOffset(), p.getLength()) || r.ssrc() != 0x5000_0000L
                || r.payloadType() != OUT_VP8_PT || r.extensionU16(OUT_TCC_ID) < 0 || r.payloadLength() < 900) {
            throw new IllegalStateException("unexpected output packet: ssrc " + r.ssrc() + " pt " + r.payloadType()
                    + " tcc " + r.extensionU16(OUT_TCC_ID) + " payload " + r.payloadLength());
        }
    }

    private String layerCounts() {
        int[] n = new int[3];
        for (int t : targets) {
            n[t]++;
        }
        return "q/h/f=" + n[0] + "/" + n[1] + "/" + n[2];
    }

    /** Sum over receivers of the share of inbound packets on their layer. */
    private double expectedForwardedPerInbound() {
        double sum = 0;
        for (int t : targets) {
            sum += PACKETS_PER_FRAME[t] / (double) GROUP_LAYER.length;
        }
        return sum;
    }

    /** Untimed: the router's periodic tick, then the next {@value #BATCH} packets, protected. */
    @Setup(Level.Invocation)
    public void nextBatch() {
        if (stream.packets > 0) {
            router.onTick(stream.frameArrival());
        }
        for (int i = 0; i < BATCH; i++) {
            batchOffset[i] = 0;
            batchLength[i] = stream.next(batch[i], batchArrival, i);
        }
    }

    /** {@value #BATCH} inbound datagrams through the publisher's transport; JMH divides by BATCH. */
    @Benchmark
    public long forward() {
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        WebRtcTransport t = publisher;
        for (int i = 0; i < BATCH; i++) {
            t.receive(batch[i], batchOffset[i], batchLength[i], batchArrival[i]);
        }
        measuredAllocatedBytes += THREADS.getCurrentThreadAllocatedBytes() - a0;
        inbound += BATCH;
        return sinks[0].rtpBytes;
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        iterInbound = inbound;
        iterAllocated = measuredAllocatedBytes;
        iterForwarded = forwardedPackets();
        iterForwardedBytes = forwardedBytes();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        long in = inbound - iterInbound;
        long fwd = forwardedPackets() - iterForwarded;
        long fwdBytes = forwardedBytes() - iterForwardedBytes;
        long alloc = measuredAllocatedBytes - iterAllocated;
        System.out.printf("[sfu-bench] receivers=%d inbound=%d forwarded=%d (%.3f per inbound, expected %.3f),"
                        + " %.0f B per forwarded packet, measured loop allocated %.2f B per inbound packet%n",
                receivers, in, fwd, in == 0 ? 0.0 : fwd / (double) in, expectedForwardedPerInbound(),
                fwd == 0 ? 0.0 : fwdBytes / (double) fwd, in == 0 ? 0.0 : alloc / (double) in);
        check();
    }

    private long forwardedPackets() {
        long n = 0;
        for (CountingSink s : sinks) {
            n += s.rtpPackets;
        }
        return n;
    }

    private long forwardedBytes() {
        long n = 0;
        for (CountingSink s : sinks) {
            n += s.rtpBytes;
        }
        return n;
    }

    /** Fails the run if anything was dropped, queued or sent off-layer. */
    private void check() {
        for (int i = 0; i < receivers; i++) {
            SimulcastConsumer c = consumers[i];
            var pacer = receiverTransports[i].congestion().pacer();
            if (c.dropped() != 0 || pacer.packetsDropped() != 0 || pacer.queuedPackets() != 0
                    || pacer.maxQueueDelayNanos() != 0 || c.currentSpatialLayer() != targets[i]
                    || receiverTransports[i].sendStage.drops() != 0 || c.forwarded() != sinks[i].rtpPackets) {
                throw new IllegalStateException("receiver " + i + ": dropped " + c.dropped() + ", pacer dropped "
                        + pacer.packetsDropped() + ", queued " + pacer.queuedPackets() + ", max queue delay "
                        + pacer.maxQueueDelayNanos() + " ns, layer " + c.currentSpatialLayer() + ", send drops "
                        + receiverTransports[i].sendStage.drops() + ", forwarded " + c.forwarded() + " vs sent "
                        + sinks[i].rtpPackets);
            }
        }
        if (publisher.srtpStage.drops() != 0 || publisher.rtpStage.drops() != 0) {
            throw new IllegalStateException("publisher transport dropped: srtp " + publisher.srtpStage.drops()
                    + ", rtp " + publisher.rtpStage.drops());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            check();
            long[] perLayer = new long[3];
            for (int l = 0; l < 3; l++) {
                perLayer[l] = producer.layer(l).packets();
            }
            System.out.println("[sfu-bench] trial: publisher packets per layer q/h/f " + perLayer[0] + "/"
                    + perLayer[1] + "/" + perLayer[2] + ", RTCP to publisher " + publisherSink.rtcpPackets
                    + ", producer keyframes " + producer.keyFramesSeen());
        } finally {
            release.countDown();
            stream.browser.close();
            server.close();
        }
    }
}
