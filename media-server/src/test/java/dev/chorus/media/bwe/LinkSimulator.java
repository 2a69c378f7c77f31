package dev.chorus.media.bwe;

import dev.chorus.media.rtcp.RtcpParser;
import dev.chorus.media.rtcp.RtcpVisitor;
import dev.chorus.media.rtcp.TransportCcFeedback;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongUnaryOperator;

/**
 * Deterministic end-to-end simulation of one sender → bottleneck → receiver path, stepped in 1 ms:
 * <ul>
 *   <li>sender: a 30 fps "encoder" producing {@code target / 30} bytes per frame in ≤ 1200-byte
 *       packets plus 50 audio packets/s, through a real {@link Pacer}; probe padding as
 *       {@link SendSideBandwidthEstimator#nextProbe} asks; an "allocator" that wants
 *       {@code desiredBps} and calls {@code requestProbe} every 500 ms while the target is lower;</li>
 *   <li>link: capacity as a function of time, drop-tail FIFO of {@code queueLimitBytes},
 *       optional random loss, one-way propagation delay;</li>
 *   <li>receiver: a real {@link TccFeedbackGenerator} (on a clock offset from the sender's), its
 *       RTCP bytes carried back over the (uncongested) return path and parsed by the real parsers;
 *       an RTCP RR with the current RTT once a second.</li>
 * </ul>
 * Everything is seeded: the same scenario always produces the same numbers.
 */
final class LinkSimulator {
    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;
    private static final long REMOTE_CLOCK_OFFSET = 777 * S + 123_457;
    private static final int VIDEO_PACKET = 1200;
    private static final int AUDIO_PACKET = 120;
    private static final long AUDIO_BPS = AUDIO_PACKET * 8 * 50;

    /** A packet in the queue or on the wire. */
    private record Pkt(int seq16, int size, long enqueuedAt) {
    }

    private record Timed(long at, int seq16, byte[] bytes) {
    }

    final SendSideBandwidthEstimator bwe;
    final Pacer pacer = new Pacer(1024);
    private final TccFeedbackGenerator receiver = new TccFeedbackGenerator();
    private final TransportCcFeedback parsed = new TransportCcFeedback();
    private final LongUnaryOperator capacityBps;
    private final long propagationNanos;
    private final int queueLimitBytes;
    private final Random random = new Random(20240601);
    private final byte[] scratch = new byte[1500];
    private final byte[] rtcp = new byte[1500];

    double randomLoss;
    long desiredBps = 5_000_000;
    /** The sender's media never exceeds this (a low simulcast layer: application-limited); no cap by default. */
    long mediaCapBps = Long.MAX_VALUE;
    boolean useTcc = true;
    boolean probing = true;
    boolean videoPaused;

    private final ArrayDeque<Pkt> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long linkFreeAt;
    private final ArrayDeque<Timed> onWire = new ArrayDeque<>();
    private final ArrayDeque<Timed> feedbackOnWire = new ArrayDeque<>();
    private long seq;
    private long now;
    private double frameCarry;

    /** Per-100 ms samples: time, target, max queue delay seen by packets leaving the queue. */
    final List<long[]> samples = new ArrayList<>();
    private long sampleMaxQueueDelay;
    long linkDrops;
    long randomDrops;
    long packetsSent;

    LinkSimulator(BweConfig config, LongUnaryOperator capacityBps, long propagationNanos, int queueLimitBytes) {
        this.bwe = new SendSideBandwidthEstimator(config);
        this.capacityBps = capacityBps;
        this.propagationNanos = propagationNanos;
        this.queueLimitBytes = queueLimitBytes;
        pacer.setTargetBitrate(config.startBps());
    }

    long now() {
        return now;
    }

    /** Runs until {@code endNanos} (simulation time starts at 0). */
    void runUntil(long endNanos) {
        while (now < endNanos) {
            step();
            now += MS;
        }
    }

    private void step() {
        produceMedia();
        pacer.setTargetBitrate(bwe.targetBitrateBps());
        pacer.process(now, sink);
        if (probing) {
            sendProbes();
        }
        if (probing && now % (500 * MS) == 0 && bwe.targetBitrateBps() < desiredBps) {
            bwe.requestProbe(desiredBps, now);
        }
        runLink();
        deliverToReceiver();
        deliverFeedback();
        if (now % S == 0) {
            long rttMs = (2 * propagationNanos + queueDelay()) / MS;
            bwe.onReceiverReport(0, rttMs, now);
        }
        if (now % (100 * MS) == 0) {
            BweSnapshot snap = bwe.snapshot(now);
            samples.add(new long[] {now, bwe.targetBitrateBps(), sampleMaxQueueDelay, snap.delayBasedBps(),
                    snap.lossBasedBps(), snap.ackedBps(), snap.usage().ordinal()});
            sampleMaxQueueDelay = 0;
        }
    }

    private void produceMedia() {
        if (now % (20 * MS) == 0) {
            pacer.enqueue(Pacer.PRIORITY_AUDIO, scratch, 0, AUDIO_PACKET, 0, now);
        }
        if (!videoPaused && now % (33 * MS) == 0) {
            // The allocator gives video what is left after audio.
            frameCarry += Math.max(0, Math.min(bwe.targetBitrateBps(), mediaCapBps) - AUDIO_BPS) / 8.0 / 30.0;
            while (frameCarry >= VIDEO_PACKET) {
                pacer.enqueue(Pacer.PRIORITY_VIDEO, scratch, 0, VIDEO_PACKET, 0, now);
                frameCarry -= VIDEO_PACKET;
            }
        }
    }

    private final Pacer.Sink sink = new Pacer.Sink() {
        @Override
        public void send(byte[] buf, int off, int len, int priority, long tag, long t) {
            transmit(len, -1);
        }

        @Override
        public int padding(int bytes, long t) {
            return 0;
        }
    };

    private void sendProbes() {
        ProbeCluster p;
        int guard = 0;
        while ((p = bwe.nextProbe(now)) != null && guard++ < 64) {
            transmit(VIDEO_PACKET, p.id());
        }
    }

    private void transmit(int size, int cluster) {
        long s = seq++;
        bwe.onPacketSent(s, size, cluster, now);
        packetsSent++;
        if (randomLoss > 0 && random.nextDouble() < randomLoss) {
            randomDrops++;
            return;
        }
        if (queuedBytes + size > queueLimitBytes) {
            linkDrops++;
            return;
        }
        queue.add(new Pkt((int) (s & 0xffff), size, now));
        queuedBytes += size;
    }

    /** Serialises queued packets at the capacity in effect when each starts. */
    private void runLink() {
        while (!queue.isEmpty()) {
            Pkt head = queue.peek();
            long start = Math.max(linkFreeAt, head.enqueuedAt());
            long finish = start + head.size() * 8L * S / capacityBps.applyAsLong(start);
            if (finish > now + MS) {
                break;
            }
            queue.poll();
            queuedBytes -= head.size();
            linkFreeAt = finish;
            sampleMaxQueueDelay = Math.max(sampleMaxQueueDelay, finish - head.enqueuedAt());
            onWire.add(new Timed(finish + propagationNanos, head.seq16(), null));
        }
    }

    /** Delay a packet entering the queue now would see. */
    long queueDelay() {
        long backlog = Math.max(0, linkFreeAt - now) + queuedBytes * 8L * S / capacityBps.applyAsLong(now);
        return backlog;
    }

    private void deliverToReceiver() {
        while (!onWire.isEmpty() && onWire.peek().at() <= now + MS) {
            Timed t = onWire.poll();
            receiver.onPacket(t.seq16(), t.at() + REMOTE_CLOCK_OFFSET);
        }
        while (receiver.due(now + REMOTE_CLOCK_OFFSET)) {
            int n = receiver.write(rtcp, 0, 1, 2, now + REMOTE_CLOCK_OFFSET);
            if (n == 0) {
                break;
            }
            if (useTcc) {
                feedbackOnWire.add(new Timed(now + propagationNanos, 0, Arrays.copyOf(rtcp, n)));
            }
        }
    }

    private final RtcpVisitor visitor = new RtcpVisitor() {
        @Override
        public void onTransportCc(long sender, long media, byte[] buf, int off, int len) {
            if (parsed.parse(buf, off, len)) {
                bwe.onTransportCcFeedback(parsed, now);
            }
        }
    };

    private void deliverFeedback() {
        while (!feedbackOnWire.isEmpty() && feedbackOnWire.peek().at() <= now) {
            byte[] b = feedbackOnWire.poll().bytes();
            if (RtcpParser.parse(b, 0, b.length, visitor) != 1) {
                throw new AssertionError("feedback did not parse");
            }
        }
    }

    // ---- queries over the samples ----

    /** First sample time ≥ from at which the target satisfies the bound, or -1. */
    long firstTimeTargetAbove(long from, long bps) {
        for (long[] s : samples) {
            if (s[0] >= from && s[1] > bps) {
                return s[0];
            }
        }
        return -1;
    }

    long firstTimeTargetBelow(long from, long bps) {
        for (long[] s : samples) {
            if (s[0] >= from && s[1] < bps) {
                return s[0];
            }
        }
        return -1;
    }

    /** Longest continuous stretch in [from, to) with the target above {@code bps}. */
    long longestStretchAbove(long from, long to, long bps) {
        long longest = 0;
        long start = -1;
        for (long[] s : samples) {
            if (s[0] < from || s[0] >= to) {
                continue;
            }
            if (s[1] > bps) {
                if (start < 0) {
                    start = s[0];
                }
                longest = Math.max(longest, s[0] - start + 100 * MS);
            } else {
                start = -1;
            }
        }
        return longest;
    }

    /** Largest queue delay sampled in [from, to). */
    long maxQueueDelay(long from, long to) {
        long m = 0;
        for (long[] s : samples) {
            if (s[0] >= from && s[0] < to) {
                m = Math.max(m, s[2]);
            }
        }
        return m;
    }

    /** Median of the per-100 ms maximum queue delays in [from, to): the standing queue, not probe bumps. */
    long medianQueueDelay(long from, long to) {
        return median(from, to, 2, 0);
    }

    /** Median target over the samples in [from, to), -1 without samples. */
    long medianTarget(long from, long to) {
        return median(from, to, 1, -1);
    }

    /** Median of sample column {@code column} over [from, to); {@code none} without samples. */
    private long median(long from, long to, int column, long none) {
        long[] d = samples.stream().filter(s -> s[0] >= from && s[0] < to).mapToLong(s -> s[column]).sorted().toArray();
        return d.length == 0 ? none : d[d.length / 2];
    }

    long targetAt(long t) {
        long v = -1;
        for (long[] s : samples) {
            if (s[0] <= t) {
                v = s[1];
            }
        }
        return v;
    }

    /** Compact trace for failure messages: one entry per second. */
    String trace() {
        return trace(S);
    }

    String trace(long every) {
        StringBuilder sb = new StringBuilder();
        for (long[] s : samples) {
            if (s[0] % every == 0) {
                sb.append(String.format("%n t=%5.1fs target=%6dk qdelay=%4dms delay=%6dk loss=%6dk acked=%6dk %s",
                        s[0] / 1e9, s[1] / 1000, s[2] / MS, s[3] / 1000, s[4] / 1000, s[5] / 1000,
                        BandwidthUsage.values()[(int) s[6]]));
            }
        }
        return sb.toString();
    }
}
