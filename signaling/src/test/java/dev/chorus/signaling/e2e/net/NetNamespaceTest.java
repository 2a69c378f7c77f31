package dev.chorus.signaling.e2e.net;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link NetNamespace} for real (root only): addresses and routes, TCP through the veth, tbf shaping measured by a
 * download, link down/up, cleanup and the sweep of stale namespaces. Needs only iproute2 and bash (no browser).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NetNamespaceTest {
    static String ip;

    @BeforeAll
    static void requireNamespaces() {
        String why = NetNamespace.unavailableReason().orElse(null);
        assumeTrue(why == null, "network namespaces unavailable: " + why);
        ip = Shell.tool("ip");
    }

    @Test
    void createsAnIsolatedLinkAndRemovesEverything() {
        String name, hostVeth;
        try (NetNamespace ns = NetNamespace.create()) {
            name = ns.name();
            hostVeth = ns.hostVeth();
            assertTrue(name.startsWith(NetNamespace.PREFIX), name);
            assertTrue(NetNamespace.namespaceNames().contains(name));
            byte[] h = ns.hostAddress().getAddress();
            byte[] n = ns.nsAddress().getAddress();
            assertEquals(1, h[3] & 3, "host end is .1 of its /30: " + ns);
            assertEquals(2, n[3] & 3, "namespace end is .2 of its /30: " + ns);
            assertEquals((h[3] & 0xfc), (n[3] & 0xfc));

            String addrs = ns.exec(ip, "-4", "-o", "addr", "show").stdout();
            assertTrue(addrs.contains(ns.nsAddress().getHostAddress() + "/30"), addrs);
            assertTrue(addrs.contains("127.0.0.1/8"), "loopback up inside: " + addrs);
            assertFalse(addrs.contains(ns.hostAddress().getHostAddress() + "/"), "host address is not inside: " + addrs);
            String route = ns.exec(ip, "-4", "route", "show", "default").stdout();
            assertTrue(route.contains("via " + ns.hostAddress().getHostAddress()), route);
            Shell.Result fail = ns.execUnchecked(Duration.ofSeconds(5), ip, "link", "show", "dev", "eth0");
            assertFalse(fail.ok(), "the host's interfaces are not visible inside");
            assertTrue(ns.pids().isEmpty(), "nothing runs inside yet: " + ns.pids());
            String resolv = ns.exec("cat", "/etc/resolv.conf").stdout();
            assertTrue(resolv.contains("nameserver 127.0.0.1"), "DNS inside points at the namespace's loopback: " + resolv);
        }
        assertFalse(NetNamespace.namespaceNames().contains(name), name + " still exists");
        assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/etc/netns", name)), "/etc/netns/" + name + " still exists");
        assertFalse(Shell.runUnchecked(Duration.ofSeconds(5), ip, "link", "show", "dev", hostVeth).ok(),
                hostVeth + " still exists");
    }

    @Test
    void failingCommandsReportTheirStderr() {
        try (NetNamespace ns = NetNamespace.create()) {
            Shell.CommandFailedException e = org.junit.jupiter.api.Assertions.assertThrows(
                    Shell.CommandFailedException.class, () -> ns.exec(ip, "link", "show", "dev", "no-such-dev"));
            assertTrue(e.getMessage().contains("no-such-dev"), e.getMessage());
            assertTrue(e.getMessage().contains("exited"), e.getMessage());
        }
    }

    @Test
    void tbfLimitsTheDownlinkAndClearLimitRestoresIt() throws Exception {
        int bytes = 60_000;
        try (NetNamespace ns = NetNamespace.create(); Sender sender = new Sender(ns, bytes)) {
            double fast = download(ns, sender, bytes);
            assertTrue(fast < 1.0, "unshaped download of " + bytes + " B took " + fast + " s");

            ns.limitRate(300);
            String qdisc = ns.qdiscStats();
            assertTrue(qdisc.contains("tbf") && qdisc.contains("300Kbit"), qdisc);
            double slow = download(ns, sender, bytes);
            double kbit = bytes * 8 / slow / 1000;
            System.out.printf("%s: %d B in %.2f s unshaped, %.2f s at 300 kbit/s (%.0f kbit/s goodput)%n",
                    ns.name(), bytes, fast, slow, kbit);
            assertTrue(kbit <= 300 && kbit >= 200, "goodput through a 300 kbit/s tbf: " + kbit + " kbit/s\n" + ns.qdiscStats());
            NetNamespace.QdiscStats down = ns.downlinkStats();
            assertEquals("tbf", down.kind());
            assertTrue(down.sentBytes() >= bytes && down.overlimits() > 0, "tbf counters: " + down);

            ns.clearLimit();
            assertFalse(ns.qdiscStats().contains("tbf"), ns.qdiscStats());
            double again = download(ns, sender, bytes);
            assertTrue(again < 1.0, "after clearLimit the download took " + again + " s");
        }
    }

    @Test
    void uplinkShapingIsSeparate() throws Exception {
        try (NetNamespace ns = NetNamespace.create()) {
            ns.limitUplink(500);
            String q = ns.qdiscStats();
            assertTrue(q.lines().filter(l -> l.startsWith("ns")).anyMatch(l -> l.contains("tbf") && l.contains("500Kbit")), q);
            assertFalse(q.lines().filter(l -> l.startsWith("host")).anyMatch(l -> l.contains("tbf")), q);
            ns.clearLimit();
            assertFalse(ns.qdiscStats().contains("tbf"));
        }
    }

    @Test
    void linkDownCutsTheNamespaceOffAndLinkUpReconnects() throws Exception {
        int bytes = 10_000;
        try (NetNamespace ns = NetNamespace.create(); Sender sender = new Sender(ns, bytes)) {
            download(ns, sender, bytes);
            ns.linkDown();
            Shell.Result r = ns.execUnchecked(Duration.ofSeconds(10), "timeout", "2", "bash", "-c",
                    "exec 3<>/dev/tcp/" + ns.hostAddress().getHostAddress() + "/" + sender.port());
            assertNotEquals(0, r.exitCode(), "connected through a downed link");
            ns.linkUp();
            download(ns, sender, bytes);
        }
    }

    @Test
    void sweepRemovesNamespacesOfDeadRunsWithWhatRunsInside() throws Exception {
        try (NetNamespace mine = NetNamespace.create()) { // after the first create() of this JVM (its own sweep)
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            long deadPid = gone.pid();
            assumeTrue(ProcessHandle.of(deadPid).isEmpty(), "pid reused already");
            String stale = NetNamespace.PREFIX + deadPid + "-1";
            String tag = "c2e" + Long.toString(deadPid, 36) + "-1";
            Shell.run(ip, "netns", "add", stale);
            Process sleeper = null;
            try {
                Shell.run(ip, "link", "add", tag + "h", "type", "veth", "peer", "name", tag + "n");
                sleeper = new ProcessBuilder(ip, "netns", "exec", stale, "sleep", "60").start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (Shell.run(ip, "netns", "pids", stale).lines().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertFalse(Shell.run(ip, "netns", "pids", stale).lines().isEmpty(), "sleep did not start inside");

                List<String> removed = NetNamespace.sweepStale();
                assertTrue(removed.contains(stale), "removed " + removed);
                assertTrue(removed.contains(tag + "h") || removed.contains(tag + "n"), "removed " + removed);
                assertFalse(NetNamespace.namespaceNames().contains(stale));
                assertFalse(Shell.runUnchecked(Duration.ofSeconds(5), ip, "link", "show", "dev", tag + "h").ok());
                assertTrue(NetNamespace.namespaceNames().contains(mine.name()), "a live run's namespace was swept");
                assertTrue(sleeper.waitFor(5, TimeUnit.SECONDS), "the process inside the stale namespace survived");
            } finally {
                if (sleeper != null) sleeper.destroyForcibly();
                Shell.runUnchecked(Duration.ofSeconds(5), ip, "netns", "del", stale);
                Shell.runUnchecked(Duration.ofSeconds(5), ip, "link", "del", tag + "h");
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Seconds for a client inside the namespace to download {@code bytes} from {@code sender} (bash /dev/tcp). */
    static double download(NetNamespace ns, Sender sender, int bytes) {
        long t0 = System.nanoTime();
        Shell.Result r = ns.execUnchecked(Duration.ofSeconds(30), "bash", "-c",
                "cat < /dev/tcp/" + ns.hostAddress().getHostAddress() + "/" + sender.port() + " | wc -c");
        double s = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.exitCode(), "download failed: " + Shell.describeOutput(r));
        assertEquals(bytes, Integer.parseInt(r.stdout().strip()), "bytes received");
        return s;
    }

    /** Sends {@code bytes} zero bytes to every connection, then closes it; listens on the host end only. */
    static final class Sender implements AutoCloseable {
        final ServerSocket server;
        final Thread thread;

        Sender(NetNamespace ns, int bytes) throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(ns.hostAddress(), 0));
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                        out.write(new byte[bytes]);
                    } catch (IOException e) {
                        if (server.isClosed()) return;
                    }
                }
            });
        }

        int port() { return server.getLocalPort(); }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(2000);
        }
    }
}
