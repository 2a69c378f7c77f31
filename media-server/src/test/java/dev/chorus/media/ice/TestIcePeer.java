package dev.chorus.media.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A browser's ICE for module tests: one UDP socket on loopback, the controlling role, checks with
 * USE-CANDIDATE towards the server (aggressive nomination), answers the server's checks (triggered
 * checks, consent freshness) with its current credentials, and hands every other datagram to a
 * media handler. Changing {@link #credentials} restarts ICE from the same address.
 */
public final class TestIcePeer implements AutoCloseable {
    public interface MediaHandler {
        void onDatagram(byte[] data, int length);
    }

    private static final Random RANDOM = new Random(5);
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final long tieBreaker = RANDOM.nextLong();
    private final Map<String, CompletableFuture<TestStun.Message>> transactions = new ConcurrentHashMap<>();
    private final AtomicInteger checksAnswered = new AtomicInteger();
    private final AtomicInteger checksRejected = new AtomicInteger();
    private final Thread reader;
    private volatile String ufrag;
    private volatile String password;
    private volatile MediaHandler media = (d, l) -> { };
    private volatile boolean deaf;

    public TestIcePeer(int serverPort, String ufrag, String password) throws IOException {
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.ufrag = ufrag;
        this.password = password;
        reader = Thread.ofPlatform().daemon(true).name("test-ice-peer-" + socket.getLocalPort()).start(this::read);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public String ufrag() {
        return ufrag;
    }

    public String password() {
        return password;
    }

    /** New local credentials: an ICE restart from the same address. */
    public void credentials(String newUfrag, String newPassword) {
        ufrag = newUfrag;
        password = newPassword;
    }

    /** Leaves the server's checks unanswered (its pairs fail), as behind a one-way broken path. */
    public void deaf(boolean on) {
        deaf = on;
    }

    public void onMedia(MediaHandler handler) {
        media = handler;
    }

    /** Server checks this peer answered with success so far. */
    public int checksAnswered() {
        return checksAnswered.get();
    }

    /** One nominating check with the server's credentials; the response, or null on timeout. */
    public TestStun.Message check(String serverUfrag, String serverPassword, Duration timeout) throws IOException {
        byte[] tid = new byte[12];
        RANDOM.nextBytes(tid);
        String key = HexFormat.of().formatHex(tid);
        CompletableFuture<TestStun.Message> f = new CompletableFuture<>();
        transactions.put(key, f);
        byte[] req = TestStun.message(TestStun.BINDING_REQUEST, tid)
                .username(serverUfrag + ":" + ufrag)
                .priority(1_853_824_767L)
                .controlling(tieBreaker)
                .useCandidate()
                .encode(serverPassword);
        send(req, 0, req.length);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            transactions.remove(key);
        }
    }

    /** Checks every 100 ms until one succeeds; fails after {@code timeout}. */
    public void connect(String serverUfrag, String serverPassword, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        TestStun.Message last = null;
        while (System.nanoTime() < deadline) {
            last = check(serverUfrag, serverPassword, Duration.ofMillis(100));
            if (last != null && last.type() == TestStun.BINDING_SUCCESS) {
                return;
            }
        }
        throw new AssertionError("no successful check within " + timeout + ", last response " + last);
    }

    public void send(byte[] buf, int off, int len) throws IOException {
        socket.send(new DatagramPacket(buf, off, len, server));
    }

    private void read() {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                p.setData(buf, 0, buf.length);
                socket.receive(p);
                if (TestStun.isStun(buf, p.getLength())) {
                    onStun(buf, p.getLength(), (InetSocketAddress) p.getSocketAddress());
                } else {
                    media.onDatagram(buf, p.getLength());
                }
            } catch (IOException e) {
                return; // closed
            } catch (RuntimeException e) {
                System.err.println("test ICE peer: " + e);
            }
        }
    }

    private void onStun(byte[] d, int len, InetSocketAddress from) throws IOException {
        TestStun.Message m = TestStun.decode(d, len);
        if (m.type() == TestStun.BINDING_SUCCESS || m.type() == TestStun.BINDING_ERROR) {
            CompletableFuture<TestStun.Message> f = transactions.get(HexFormat.of().formatHex(m.tid()));
            if (f != null) {
                f.complete(m);
            }
            return;
        }
        if (m.type() != TestStun.BINDING_REQUEST || deaf) {
            return;
        }
        String u = m.username();
        String pwd = password;
        byte[] reply;
        if (u == null || !u.startsWith(ufrag + ":") || !TestStun.integrityOk(d, len, pwd)) {
            checksRejected.incrementAndGet();
            reply = TestStun.message(TestStun.BINDING_ERROR, m.tid()).errorCode(401, "Unauthorized").encode(pwd);
        } else {
            checksAnswered.incrementAndGet();
            reply = TestStun.message(TestStun.BINDING_SUCCESS, m.tid()).xorMappedAddress(from).encode(pwd);
        }
        socket.send(new DatagramPacket(reply, reply.length, from));
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
