package dev.chorus.media.sfu;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.ice4j.util.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A media thread. Every router is pinned to one worker, so a room's transports, producers and
 * consumers are only ever touched by that thread and the packet path takes no locks. Control work
 * (signaling) is posted as tasks; packets arrive through a bounded queue of pooled entries.
 */
public final class MediaWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaWorker.class);
    static final long TICK_NANOS = 20_000_000L;
    /** Pacers want a few ms of granularity; only while some pacer has packets queued or a probe runs. */
    static final long PACE_NANOS = 2_000_000L;

    /** A received datagram waiting for its transport's thread; pooled. */
    static final class Inbound {
        Buffer buffer;
        WebRtcTransport transport;
        long arrivalNanos;
        /** An in-process packet for {@link #local} (copied into {@link #data}), instead of a datagram. */
        LocalProducer local;
        byte[] data;
        int length;
        /** Only wakes the loop so a posted task runs now rather than at the next tick. */
        boolean wake;
    }

    /** Largest in-process RTP packet accepted (an MTU-sized packet). */
    static final int MAX_LOCAL_PACKET = 1500;

    private final BlockingQueue<Inbound> packets = new ArrayBlockingQueue<>(4096);
    private final BlockingQueue<Inbound> free = new ArrayBlockingQueue<>(4096);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Router> routers = new CopyOnWriteArrayList<>();
    private final AtomicLong queueDrops = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    MediaWorker(String name) {
        for (int i = 0; i < 4096; i++) {
            free.add(new Inbound());
        }
        thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    boolean inThread() {
        return Thread.currentThread() == thread;
    }

    /** From the network thread: queue a datagram; false (and counted) when the worker is saturated. */
    boolean enqueue(WebRtcTransport transport, Buffer buffer) {
        Inbound in = free.poll();
        if (in == null) {
            queueDrops.incrementAndGet();
            return false;
        }
        in.buffer = buffer;
        in.transport = transport;
        in.arrivalNanos = System.nanoTime();
        if (!packets.offer(in)) {
            in.buffer = null;
            in.transport = null;
            free.offer(in);
            queueDrops.incrementAndGet();
            return false;
        }
        return true;
    }

    /** From any thread: queue a copy of an in-process RTP packet for {@code target}; false (counted) if full. */
    boolean enqueueLocal(LocalProducer target, byte[] buf, int off, int len) {
        if (len <= 0 || len > MAX_LOCAL_PACKET) {
            return false;
        }
        Inbound in = free.poll();
        if (in == null) {
            queueDrops.incrementAndGet();
            return false;
        }
        if (in.data == null) {
            in.data = new byte[MAX_LOCAL_PACKET]; // once per pooled entry, then reused
        }
        System.arraycopy(buf, off, in.data, 0, len);
        in.length = len;
        in.local = target;
        in.arrivalNanos = System.nanoTime();
        if (!packets.offer(in)) {
            in.local = null;
            free.offer(in);
            queueDrops.incrementAndGet();
            return false;
        }
        return true;
    }

    public long queueDrops() {
        return queueDrops.get();
    }

    void execute(Runnable r) {
        if (inThread()) {
            r.run();
        } else {
            tasks.add(r);
            // wake the loop: a task waits at most until the next packet otherwise (up to a tick)
            Inbound w = free.poll();
            if (w != null) {
                w.wake = true;
                if (!packets.offer(w)) {
                    w.wake = false;
                    free.offer(w);
                }
            }
        }
    }

    /** Runs {@code s} on this worker and completes with its result. */
    <T> CompletableFuture<T> call(Supplier<T> s) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(s.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    void attach(Router r) {
        routers.add(r);
    }

    void detach(Router r) {
        routers.remove(r);
    }

    private void loop() {
        long nextTick = System.nanoTime() + TICK_NANOS;
        long nextPace = nextTick;
        boolean pacing = false;
        while (running) {
            try {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                long wait = (pacing ? Math.min(nextTick, nextPace) : nextTick) - System.nanoTime();
                Inbound in = wait > 0 ? packets.poll(wait, TimeUnit.NANOSECONDS) : packets.poll();
                if (in != null && in.wake) {
                    in.wake = false; // the task runs at the top of the next round
                    free.offer(in);
                    in = null;
                }
                if (in != null && in.local != null) {
                    LocalProducer lp = in.local;
                    in.local = null;
                    try {
                        lp.onPacket(in.data, in.length, in.arrivalNanos);
                    } finally {
                        free.offer(in);
                    }
                } else if (in != null) {
                    WebRtcTransport t = in.transport;
                    Buffer b = in.buffer;
                    long arrival = in.arrivalNanos;
                    in.transport = null;
                    in.buffer = null;
                    free.offer(in);
                    t.onDatagram(b, arrival);
                }
                long now = System.nanoTime();
                if (now - nextPace >= 0 || (in != null && pacing)) {
                    // after a packet as well: what it queued may already be due
                    nextPace = now + PACE_NANOS;
                    pacing = false;
                    for (Router r : routers) {
                        pacing |= r.onPace(now);
                    }
                }
                if (now - nextTick >= 0) {
                    nextTick = now + TICK_NANOS;
                    for (Router r : routers) {
                        r.onTick(now);
                    }
                }
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (Throwable t) {
                // one bad packet or task must not stop every room on this worker
                LOG.error("media worker fault", t);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
