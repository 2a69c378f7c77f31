package dev.chorus.signaling.e2e.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A userspace UDP relay that impairs what it forwards: fixed delay, uniform jitter, random loss and a bounded queue,
 * separately for each direction, with seeded randomness (same seed and same packet sequence → same decisions). For
 * tests that need delay / loss / jitter where the kernel has no netem.
 *
 * <pre>
 *   client ──► listen port ──[UPSTREAM impairment]──► per-client socket ──► target
 *   client ◄── listen port ◄─[DOWNSTREAM impairment]── per-client socket ◄── target
 * </pre>
 *
 * Each client address (up to {@link #MAX_FLOWS}) gets its own outgoing socket, like a NAT mapping, so the target sees
 * one distinct source per client and its replies find their way back. A WebRTC peer pointed at the relay (e.g. by
 * rewriting the server's host candidate to the relay's port) therefore works: ICE simply sees the relay's addresses.
 *
 * <p>Delay of a packet = {@code delay + uniform(-jitter, +jitter)}, never negative. Unless {@code reorder} is set a
 * direction is FIFO: a packet never leaves before the one received before it (jitter then stretches gaps instead of
 * swapping packets, as on a real single path). A packet that arrives while its direction already holds
 * {@code queueCapacity} packets is dropped (counted as {@code queueDrops}).
 */
public final class ImpairmentRelay implements AutoCloseable {
    public static final int MAX_FLOWS = 64;
    private static final int MAX_DATAGRAM = 65_535;

    public enum Direction {
        /** client → target */
        UPSTREAM,
        /** target → client */
        DOWNSTREAM
    }

    /** What one direction does to packets. */
    public record Impairment(Duration delay, Duration jitter, double loss, boolean reorder) {
        public static final Impairment NONE = new Impairment(Duration.ZERO, Duration.ZERO, 0, false);

        public Impairment {
            if (delay.isNegative() || jitter.isNegative()) throw new IllegalArgumentException("negative delay/jitter");
            if (!(loss >= 0 && loss <= 1)) throw new IllegalArgumentException("loss must be in [0, 1]: " + loss);
        }

        /** FIFO impairment: delay and jitter in milliseconds, loss probability in [0, 1]. */
        public static Impairment of(long delayMs, long jitterMs, double loss) {
            return new Impairment(Duration.ofMillis(delayMs), Duration.ofMillis(jitterMs), loss, false);
        }

        public Impairment withReorder(boolean reorder) {
            return new Impairment(delay, jitter, loss, reorder);
        }
    }

    /** Counters of one direction. */
    public record Counters(long received, long forwarded, long lost, long queueDrops, long sendErrors) {}

    private final DatagramSocket front;
    private final InetSocketAddress target;
    private final int queueCapacity;
    private final Map<Direction, Lane> lanes = new EnumMap<>(Direction.class);
    private final Map<InetSocketAddress, Flow> flows = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile long flowRejects;
    private volatile boolean closed;

    /**
     * Starts a relay listening on {@code listen} (port 0 = ephemeral) that forwards to {@code target}, unimpaired
     * until {@link #impair} is called.
     */
    public ImpairmentRelay(InetSocketAddress listen, InetSocketAddress target, long seed, int queueCapacity) {
        if (queueCapacity <= 0) throw new IllegalArgumentException("queueCapacity " + queueCapacity);
        this.target = target;
        this.queueCapacity = queueCapacity;
        try {
            this.front = new DatagramSocket(listen);
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot bind relay to " + listen, e);
        }
        lanes.put(Direction.UPSTREAM, new Lane(Direction.UPSTREAM, new Random(seed)));
        lanes.put(Direction.DOWNSTREAM, new Lane(Direction.DOWNSTREAM, new Random(seed ^ 0x5DEECE66DL)));
        start("relay-front-" + port(), this::receiveFront);
        for (Lane lane : lanes.values()) start("relay-send-" + lane.direction + "-" + port(), lane::sendLoop);
    }

    /** The address clients send to. */
    public InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    public int port() {
        return front.getLocalPort();
    }

    public InetSocketAddress target() {
        return target;
    }

    /** Sets the impairment of one direction; applies to packets received from now on. */
    public ImpairmentRelay impair(Direction direction, Impairment impairment) {
        lanes.get(direction).impairment = impairment;
        return this;
    }

    /** Sets the same impairment for both directions. */
    public ImpairmentRelay impairBoth(Impairment impairment) {
        for (Direction d : Direction.values()) impair(d, impairment);
        return this;
    }

    public Counters counters(Direction direction) {
        return lanes.get(direction).counters();
    }

    /** Packets from clients beyond {@link #MAX_FLOWS} (dropped). */
    public long flowRejects() {
        return flowRejects;
    }

    // ---- receiving -----------------------------------------------------------------------------------------------

    private void receiveFront() {
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                p.setLength(buf.length);
                front.receive(p);
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            InetSocketAddress client = (InetSocketAddress) p.getSocketAddress();
            Flow flow = flows.get(client);
            if (flow == null) flow = openFlow(client);
            if (flow == null) continue;
            lanes.get(Direction.UPSTREAM).offer(copy(p), flow.back, target);
        }
    }

    private synchronized Flow openFlow(InetSocketAddress client) {
        Flow existing = flows.get(client);
        if (existing != null || closed) return existing;
        if (flows.size() >= MAX_FLOWS) {
            flowRejects++;
            return null;
        }
        DatagramSocket back;
        try {
            back = new DatagramSocket(new InetSocketAddress(0));
        } catch (SocketException e) {
            flowRejects++;
            return null;
        }
        Flow flow = new Flow(client, back);
        flows.put(client, flow);
        start("relay-back-" + back.getLocalPort(), () -> receiveBack(flow));
        return flow;
    }

    private void receiveBack(Flow flow) {
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                p.setLength(buf.length);
                flow.back.receive(p);
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            if (!target.equals(p.getSocketAddress())) continue; // only the target talks back through a mapping
            lanes.get(Direction.DOWNSTREAM).offer(copy(p), front, flow.client);
        }
    }

    private static byte[] copy(DatagramPacket p) {
        byte[] b = new byte[p.getLength()];
        System.arraycopy(p.getData(), p.getOffset(), b, 0, b.length);
        return b;
    }

    private void start(String name, Runnable body) {
        Thread t = Thread.ofPlatform().daemon().name(name).start(body);
        synchronized (threads) {
            threads.add(t);
        }
    }

    // ---- one direction ---------------------------------------------------------------------------------------------

    private record Flow(InetSocketAddress client, DatagramSocket back) {}

    private record Pending(byte[] data, DatagramSocket via, InetSocketAddress to, long dueNanos, long seq)
            implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Pending other = (Pending) o;
            int c = Long.compare(dueNanos, other.dueNanos);
            return c != 0 ? c : Long.compare(seq, other.seq);
        }
    }

    private final class Lane {
        final Direction direction;
        final Random random;
        final DelayQueue<Pending> queue = new DelayQueue<>();
        volatile Impairment impairment = Impairment.NONE;
        long lastDue = Long.MIN_VALUE;
        long seq;
        long received, forwarded, lost, queueDrops, sendErrors;

        Lane(Direction direction, Random random) {
            this.direction = direction;
            this.random = random;
        }

        synchronized void offer(byte[] data, DatagramSocket via, InetSocketAddress to) {
            received++;
            Impairment imp = impairment;
            if (imp.loss() > 0 && random.nextDouble() < imp.loss()) {
                lost++;
                return;
            }
            if (queue.size() >= queueCapacity) {
                queueDrops++;
                return;
            }
            long delay = imp.delay().toNanos();
            long jitter = imp.jitter().toNanos();
            if (jitter > 0) delay += (long) ((random.nextDouble() * 2 - 1) * jitter);
            long due = System.nanoTime() + Math.max(0, delay);
            if (!imp.reorder() && lastDue != Long.MIN_VALUE && due - lastDue < 0) due = lastDue;
            lastDue = due;
            queue.add(new Pending(data, via, to, due, seq++));
        }

        void sendLoop() {
            while (!closed) {
                Pending p;
                try {
                    p = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    p.via().send(new DatagramPacket(p.data(), p.data().length, p.to()));
                    synchronized (this) {
                        forwarded++;
                    }
                } catch (IOException e) {
                    if (closed) return;
                    synchronized (this) {
                        sendErrors++;
                    }
                }
            }
        }

        synchronized Counters counters() {
            return new Counters(received, forwarded, lost, queueDrops, sendErrors);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        front.close();
        for (Flow f : flows.values()) f.back.close();
        List<Thread> all;
        synchronized (threads) {
            all = List.copyOf(threads);
        }
        for (Thread t : all) t.interrupt();
        for (Thread t : all) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "ImpairmentRelay[" + address() + " -> " + target + " up=" + lanes.get(Direction.UPSTREAM).impairment
                + " down=" + lanes.get(Direction.DOWNSTREAM).impairment + "]";
    }
}
