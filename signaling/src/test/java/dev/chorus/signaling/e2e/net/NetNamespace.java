package dev.chorus.signaling.e2e.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Linux network namespace joined to the host by a veth pair, for end-to-end tests under real network conditions
 * (needs root and iproute2; see {@link #unavailableReason()}).
 *
 * <pre>
 *   host (server, other browsers)                       namespace "chorus-e2e-&lt;pid&gt;-&lt;n&gt;"
 *   hostVeth c2e&lt;pid36&gt;-&lt;n&gt;h  hostAddress x.y.z.1/30 ══ nsVeth c2e&lt;pid36&gt;-&lt;n&gt;n  nsAddress x.y.z.2/30
 *                                                        lo up, default route via hostAddress
 * </pre>
 *
 * The /30 is taken from 10.213.0.0/16 (then 172.29.0.0/16, 192.168.213.0/24), skipping every prefix that appears in
 * the host's addresses or routes (all tables), under a host-wide lock file so concurrent test JVMs never pick the same
 * one. Only the namespace's own /30 is ever configured; the host gets no forwarding or NAT: the namespace reaches
 * exactly one thing, {@link #hostAddress()}, which is a local address of the host, so a server bound to it (or to
 * the wildcard) is reachable from inside.
 *
 * <p><b>Shaping.</b> {@link #limitRate(int)} puts a token bucket ({@code tbf}) on the host veth's egress, i.e. on
 * everything the host sends <em>toward</em> the namespace (the downlink of a browser inside);
 * {@link #limitUplink(int)} does the same on the namespace side. Defaults ({@link #DEFAULT_LATENCY_MS},
 * {@link #burstBytesFor(int)}): a bucket of two full Ethernet frames (3028 bytes, or 20 ms worth of tokens at
 * higher rates) so the link passes MTU-sized packets but cannot burst far above its rate, and a queue of at most
 * 100 ms (tbf's {@code latency}: at 300 kbit/s ≈ 3.7 kB queued on top of the bucket, ~5 full packets) with tail drop
 * beyond that — a shallow-buffered access link, not a bufferbloated one. No netem here (this kernel has none); use
 * {@link ImpairmentRelay} for delay, jitter and loss.
 *
 * <p><b>No DNS inside.</b> {@code /etc/netns/<name>/resolv.conf} points at the namespace's loopback so lookups fail
 * at once rather than time out (see {@link #writeResolvConf}); use IP literals.
 *
 * <p><b>Cleanup.</b> {@link #close()} kills any process still inside, deletes the namespace (which destroys the veth
 * pair), its {@code /etc/netns/<name>} directory, and the host veth if it somehow survived. A JVM shutdown hook
 * closes whatever is still open, and the first {@link #create()} of a JVM sweeps namespaces, {@code /etc/netns}
 * entries and veths left by killed earlier runs (their creator pid, encoded in the name, is no longer alive),
 * killing the processes still inside them. Processes a killed run left on the <em>host</em> (chromedriver, host
 * browsers) are not its business.
 */
public final class NetNamespace implements AutoCloseable {
    public static final String PREFIX = "chorus-e2e-";
    /** Host interface names: {@code c2e<creator pid base 36>-<n>h} / {@code ...n} (≤ 15 characters). */
    private static final Pattern VETH = Pattern.compile("c2e([0-9a-z]{1,6})-(\\d{1,4})[hn]");
    private static final Pattern NS_NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-(\\d+)");
    private static final Pattern IPV4_TOKEN = Pattern.compile("\\b(\\d{1,3}(?:\\.\\d{1,3}){3})(?:/(\\d{1,2}))?\\b");

    /** Where the /30s come from, in order. */
    private static final List<Prefix> POOLS = List.of(
            Prefix.parse("10.213.0.0/16"), Prefix.parse("172.29.0.0/16"), Prefix.parse("192.168.213.0/24"));

    public static final int DEFAULT_LATENCY_MS = 100;
    /** Two full Ethernet frames (1514 bytes each): the smallest bucket that never stalls MTU-sized packets. */
    public static final int MIN_BURST_BYTES = 2 * 1514;

    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<NetNamespace> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    private static final ReentrantLock CREATE_LOCK = new ReentrantLock();
    private static final Path ETC_NETNS = Path.of("/etc/netns");
    private static final Path LOCK_FILE = Path.of(System.getProperty("java.io.tmpdir"), "chorus-e2e-netns.lock");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (NetNamespace ns : List.copyOf(OPEN)) {
                try {
                    ns.close();
                } catch (RuntimeException e) {
                    System.err.println("shutdown: could not remove " + ns.name + ": " + e.getMessage());
                }
            }
        }, "chorus-e2e-netns-cleanup"));
    }

    private final String name;
    private final String hostVeth;
    private final String nsVeth;
    private final Inet4Address hostAddress;
    private final Inet4Address nsAddress;
    private final int prefixLength = 30;
    private volatile boolean closed;

    private NetNamespace(String name, String hostVeth, String nsVeth, Inet4Address hostAddress, Inet4Address nsAddress) {
        this.name = name;
        this.hostVeth = hostVeth;
        this.nsVeth = nsVeth;
        this.hostAddress = hostAddress;
        this.nsAddress = nsAddress;
    }

    // ---- availability ------------------------------------------------------------------------------------------

    private static volatile Optional<String> unavailable;

    /**
     * Why namespaces cannot be used here, or empty if they can: not Linux, not root, no iproute2, or — found by
     * actually creating one, shaping it and removing it again (once per JVM) — no permission (e.g. an unprivileged
     * container), no veth or tbf support, read-only {@code /etc}.
     */
    public static Optional<String> unavailableReason() {
        Optional<String> u = unavailable;
        if (u == null) unavailable = u = probe();
        return u;
    }

    private static Optional<String> probe() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) return Optional.of("not Linux");
        if (Shell.which("ip").isEmpty()) return Optional.of("`ip` (iproute2) not found");
        if (Shell.which("tc").isEmpty()) return Optional.of("`tc` (iproute2) not found");
        try {
            Shell.Result id = Shell.runUnchecked(Duration.ofSeconds(5), "id", "-u");
            if (!id.ok() || !id.stdout().strip().equals("0")) return Optional.of("not root (uid " + id.stdout().strip() + ")");
            Shell.Result list = Shell.runUnchecked(Duration.ofSeconds(5), Shell.tool("ip"), "netns", "list");
            if (!list.ok()) return Optional.of("`ip netns list` fails: " + Shell.describeOutput(list));
            try (NetNamespace ns = create()) {
                ns.limitRate(1000);
                ns.clearLimit();
            }
        } catch (RuntimeException e) {
            return Optional.of("cannot create and shape a network namespace here: " + e.getMessage());
        }
        return Optional.empty();
    }

    // ---- creation ----------------------------------------------------------------------------------------------

    /** Creates a namespace with a fresh name and /30 (sweeping stale ones of killed runs first, once per JVM). */
    public static NetNamespace create() {
        if (SWEPT.compareAndSet(false, true)) {
            List<String> removed = sweepStale();
            if (!removed.isEmpty()) System.err.println("NetNamespace: removed stale " + removed);
        }
        return underHostLock(NetNamespace::createLocked);
    }

    /**
     * Runs {@code body} holding this JVM's lock and the host-wide lock file (so concurrent test JVMs do not pick the
     * same /30 or race on {@code /etc/netns}); reentrant within a thread.
     */
    private static <T> T underHostLock(java.util.function.Supplier<T> body) {
        if (CREATE_LOCK.isHeldByCurrentThread()) return body.get();
        CREATE_LOCK.lock();
        try (FileChannel ch = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return body.get();
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock " + LOCK_FILE, e);
        } finally {
            CREATE_LOCK.unlock();
        }
    }

    private static NetNamespace createLocked() {
        String ip = Shell.tool("ip");
        Set<String> existing = Set.copyOf(namespaceNames());
        int n;
        String name;
        int attempts = 0;
        do {
            if (++attempts > 10_000) throw new IllegalStateException("no free namespace name for pid " + PID);
            n = COUNTER.incrementAndGet() % 10_000;
            name = PREFIX + PID + "-" + n;
        } while (existing.contains(name));
        String tag = "c2e" + Long.toString(PID, 36) + "-" + n;
        Prefix net = freeSlash30();
        NetNamespace ns = new NetNamespace(name, tag + "h", tag + "n", net.host(1), net.host(2));
        OPEN.add(ns);
        try {
            Shell.run(ip, "netns", "add", name);
            writeResolvConf(name);
            Shell.run(ip, "link", "add", ns.hostVeth, "type", "veth", "peer", "name", ns.nsVeth);
            Shell.run(ip, "link", "set", ns.nsVeth, "netns", name);
            Shell.run(ip, "addr", "add", ns.hostAddress.getHostAddress() + "/30", "dev", ns.hostVeth);
            Shell.run(ip, "link", "set", ns.hostVeth, "up");
            Shell.run(ip, "-n", name, "link", "set", "lo", "up");
            Shell.run(ip, "-n", name, "addr", "add", ns.nsAddress.getHostAddress() + "/30", "dev", ns.nsVeth);
            Shell.run(ip, "-n", name, "link", "set", ns.nsVeth, "up");
            Shell.run(ip, "-n", name, "route", "add", "default", "via", ns.hostAddress.getHostAddress());
            ns.awaitOperUp(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            try {
                ns.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return ns;
    }

    // ---- accessors ---------------------------------------------------------------------------------------------

    public String name() { return name; }

    /** The host end's address: the namespace's gateway, and the address a server must listen on to be reachable. */
    public Inet4Address hostAddress() { return hostAddress; }

    /** The namespace end's address. */
    public Inet4Address nsAddress() { return nsAddress; }

    public String hostVeth() { return hostVeth; }

    public String nsVeth() { return nsVeth; }

    public boolean isClosed() { return closed; }

    // ---- shaping -----------------------------------------------------------------------------------------------

    /** tbf bucket size for a rate: {@link #MIN_BURST_BYTES}, or 20 ms of tokens when that is more. */
    public static int burstBytesFor(int kbit) {
        return Math.max(MIN_BURST_BYTES, (int) ((long) kbit * 1000 / 8 / 50));
    }

    /** Limits host → namespace (the namespace's downlink) to {@code kbit} kbit/s with the default bucket and queue. */
    public void limitRate(int kbit) {
        limitRate(kbit, burstBytesFor(kbit), DEFAULT_LATENCY_MS);
    }

    /** Limits host → namespace: {@code tc qdisc replace dev <hostVeth> root tbf rate .. burst .. latency ..}. */
    public void limitRate(int kbit, int burstBytes, int latencyMs) {
        tbf(false, kbit, burstBytes, latencyMs);
    }

    /** Limits namespace → host (the namespace's uplink) to {@code kbit} kbit/s with the default bucket and queue. */
    public void limitUplink(int kbit) {
        limitUplink(kbit, burstBytesFor(kbit), DEFAULT_LATENCY_MS);
    }

    public void limitUplink(int kbit, int burstBytes, int latencyMs) {
        tbf(true, kbit, burstBytes, latencyMs);
    }

    private void tbf(boolean uplink, int kbit, int burstBytes, int latencyMs) {
        if (kbit <= 0 || burstBytes <= 0 || latencyMs <= 0) {
            throw new IllegalArgumentException("rate, burst and latency must be positive: " + kbit + "kbit "
                    + burstBytes + "b " + latencyMs + "ms");
        }
        requireOpen();
        List<String> cmd = new ArrayList<>(List.of(Shell.tool("tc")));
        if (uplink) cmd.addAll(List.of("-n", name));
        cmd.addAll(List.of("qdisc", "replace", "dev", uplink ? nsVeth : hostVeth, "root", "tbf",
                "rate", kbit + "kbit", "burst", Integer.toString(burstBytes), "latency", latencyMs + "ms"));
        Shell.run(cmd.toArray(String[]::new));
    }

    /** Removes the shaping of both directions (back to the veth default). */
    public void clearLimit() {
        requireOpen();
        String tc = Shell.tool("tc");
        deleteTbf(List.of(tc), hostVeth);
        deleteTbf(List.of(tc, "-n", name), nsVeth);
    }

    /** Deletes the root qdisc of {@code dev} if it is a tbf (deleting the default one would fail). */
    private static void deleteTbf(List<String> tc, String dev) {
        List<String> show = new ArrayList<>(tc);
        show.addAll(List.of("qdisc", "show", "dev", dev, "root"));
        if (!Shell.run(show.toArray(String[]::new)).stdout().contains("qdisc tbf")) return;
        List<String> del = new ArrayList<>(tc);
        del.addAll(List.of("qdisc", "del", "dev", dev, "root"));
        Shell.run(del.toArray(String[]::new));
    }

    /** Counters of a root qdisc ({@code tc -s qdisc show}); a veth without shaping shows zeros (noqueue). */
    public record QdiscStats(String kind, long sentBytes, long sentPackets, long dropped, long overlimits,
                             long backlogBytes, long backlogPackets) {
        private static final Pattern QDISC = Pattern.compile("qdisc (\\S+)");
        private static final Pattern SENT = Pattern.compile(
                "Sent (\\d+) bytes (\\d+) pkt \\(dropped (\\d+), overlimits (\\d+)");
        private static final Pattern BACKLOG = Pattern.compile("backlog (\\d+)b (\\d+)p");

        static QdiscStats parse(String tcOutput) {
            Matcher q = QDISC.matcher(tcOutput);
            Matcher s = SENT.matcher(tcOutput);
            Matcher b = BACKLOG.matcher(tcOutput);
            if (!q.find() || !s.find()) throw new IllegalStateException("unexpected tc output: " + tcOutput);
            boolean backlog = b.find();
            return new QdiscStats(q.group(1), Long.parseLong(s.group(1)), Long.parseLong(s.group(2)),
                    Long.parseLong(s.group(3)), Long.parseLong(s.group(4)),
                    backlog ? Long.parseLong(b.group(1)) : 0, backlog ? Long.parseLong(b.group(2)) : 0);
        }

        /** Counters accumulated since {@code earlier} (backlog as of now). */
        public QdiscStats since(QdiscStats earlier) {
            return new QdiscStats(kind, sentBytes - earlier.sentBytes, sentPackets - earlier.sentPackets,
                    dropped - earlier.dropped, overlimits - earlier.overlimits, backlogBytes, backlogPackets);
        }
    }

    /** The root qdisc counters of the host end: traffic toward the namespace. */
    public QdiscStats downlinkStats() {
        return QdiscStats.parse(Shell.run(Shell.tool("tc"), "-s", "qdisc", "show", "dev", hostVeth, "root").stdout());
    }

    /** The root qdisc counters of the namespace end: traffic from the namespace. */
    public QdiscStats uplinkStats() {
        return QdiscStats.parse(Shell.run(Shell.tool("tc"), "-n", name, "-s", "qdisc", "show", "dev", nsVeth, "root")
                .stdout());
    }

    /** {@code tc -s qdisc show} of both ends, for diagnostics. */
    public String qdiscStats() {
        String tc = Shell.tool("tc");
        return "host " + Shell.run(tc, "-s", "qdisc", "show", "dev", hostVeth).stdout().strip()
                + "\nns   " + Shell.run(tc, "-n", name, "-s", "qdisc", "show", "dev", nsVeth).stdout().strip();
    }

    // ---- link state --------------------------------------------------------------------------------------------

    /** Takes the host end down: nothing passes in either direction until {@link #linkUp()}. */
    public void linkDown() {
        requireOpen();
        Shell.run(Shell.tool("ip"), "link", "set", hostVeth, "down");
    }

    /** Brings the host end back up, waits for both ends to be operational and restores the default route. */
    public void linkUp() {
        requireOpen();
        String ip = Shell.tool("ip");
        Shell.run(ip, "link", "set", hostVeth, "up");
        awaitOperUp(Duration.ofSeconds(5));
        // a connection tried while the link was down leaves a FAILED neighbour entry: the next connect
        // would fail at once with "no route to host" instead of resolving the peer again
        Shell.runUnchecked(Duration.ofSeconds(5), ip, "-n", name, "neigh", "flush", "dev", nsVeth);
        Shell.runUnchecked(Duration.ofSeconds(5), ip, "neigh", "flush", "dev", hostVeth);
        Shell.run(ip, "-n", name, "route", "replace", "default", "via", hostAddress.getHostAddress());
    }

    private void awaitOperUp(Duration timeout) {
        String ip = Shell.tool("ip");
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < 1000; i++) {
            String host = Shell.run(ip, "-o", "link", "show", "dev", hostVeth).stdout();
            String inNs = Shell.run(ip, "-n", name, "-o", "link", "show", "dev", nsVeth).stdout();
            if (host.contains("state UP") && inNs.contains("state UP")) return;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("veth of " + name + " not up after " + timeout.toMillis() + " ms: "
                        + host.strip() + " / " + inNs.strip());
            }
            sleep(20);
        }
    }

    // ---- running things inside ---------------------------------------------------------------------------------

    /** {@code ip netns exec <name> cmd...} as a command line, for a {@link ProcessBuilder}. */
    public List<String> command(String... cmd) {
        List<String> c = new ArrayList<>(List.of(Shell.tool("ip"), "netns", "exec", name));
        c.addAll(List.of(cmd));
        return c;
    }

    /** Runs {@code cmd} inside the namespace; throws with its stderr unless it exits 0. */
    public Shell.Result exec(String... cmd) {
        requireOpen();
        return Shell.run(command(cmd).toArray(String[]::new));
    }

    /** Runs {@code cmd} inside the namespace and returns whatever happened. */
    public Shell.Result execUnchecked(Duration timeout, String... cmd) {
        requireOpen();
        return Shell.runUnchecked(timeout, command(cmd).toArray(String[]::new));
    }

    /** Pids of the processes inside the namespace. */
    public List<Long> pids() {
        return pidsIn(name);
    }

    // ---- cleanup -----------------------------------------------------------------------------------------------

    /** Kills what still runs inside, deletes the namespace and (if it survived) the host veth. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            remove(name, hostVeth);
        } finally {
            OPEN.remove(this);
        }
    }

    private static void remove(String nsName, String hostVeth) {
        String ip = Shell.tool("ip");
        RuntimeException failure = null;
        if (namespaceNames().contains(nsName)) {
            killAll(pidsIn(nsName));
            Shell.Result r = Shell.runUnchecked(Shell.DEFAULT_TIMEOUT, ip, "netns", "del", nsName);
            if (!r.ok()) {
                failure = new Shell.CommandFailedException("`ip netns del " + nsName + "` exited " + r.exitCode() + ": "
                        + Shell.describeOutput(r), r);
            }
        }
        // Normally gone with the namespace (deleting one end of a veth pair deletes both); not if creation
        // stopped before the peer moved into the namespace, or while a process still held the namespace.
        if (hostVeth != null && linkExists(hostVeth)) {
            Shell.Result r = Shell.runUnchecked(Shell.DEFAULT_TIMEOUT, ip, "link", "del", hostVeth);
            if (!r.ok() && linkExists(hostVeth) && failure == null) {
                failure = new Shell.CommandFailedException("`ip link del " + hostVeth + "` exited " + r.exitCode() + ": "
                        + Shell.describeOutput(r), r);
            }
        }
        deleteEtcDir(nsName);
        if (failure != null) throw failure;
    }

    /**
     * {@code /etc/netns/<name>/resolv.conf} (which {@code ip netns exec} bind-mounts over {@code /etc/resolv.conf}):
     * a name server on the namespace's own loopback, where nothing listens, so every DNS lookup inside fails at once
     * instead of timing out against the host's name server, which the namespace cannot reach (Chromium's new-tab
     * page alone would otherwise stall a fresh browser for ~13 s looking up its start page).
     */
    private static void writeResolvConf(String nsName) {
        Path dir = ETC_NETNS.resolve(nsName);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("resolv.conf"), "# written by NetNamespace (chorus e2e tests): no DNS inside\n"
                    + "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("resolv.conf"), e);
        }
    }

    private static void deleteEtcDir(String nsName) {
        if (!nsName.startsWith(PREFIX)) return;
        Path dir = ETC_NETNS.resolve(nsName);
        try {
            Files.deleteIfExists(dir.resolve("resolv.conf"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("NetNamespace: could not delete " + dir + ": " + e);
        }
        underHostLock(() -> {
            try {
                Files.deleteIfExists(ETC_NETNS); // only if empty: other namespaces' files stay
            } catch (java.nio.file.DirectoryNotEmptyException busy) {
                // in use by another namespace
            } catch (IOException e) {
                System.err.println("NetNamespace: could not delete " + ETC_NETNS + ": " + e);
            }
            return null;
        });
    }

    /**
     * Deletes {@code chorus-e2e-*} namespaces and {@code c2e*} host veths whose creating JVM is gone (killed runs),
     * killing processes left inside them first. Returns what it removed.
     */
    public static List<String> sweepStale() {
        List<String> removed = new ArrayList<>();
        for (String ns : namespaceNames()) {
            if (!ns.startsWith(PREFIX)) continue;
            Matcher m = NS_NAME.matcher(ns);
            if (m.matches() && isAlive(Long.parseLong(m.group(1)))) continue;
            try {
                remove(ns, null);
                removed.add(ns);
            } catch (RuntimeException e) {
                System.err.println("NetNamespace: could not remove stale " + ns + ": " + e.getMessage());
            }
        }
        if (Files.isDirectory(ETC_NETNS)) {
            try (Stream<Path> dirs = Files.list(ETC_NETNS)) {
                for (Path d : dirs.toList()) {
                    String n = d.getFileName().toString();
                    Matcher m = NS_NAME.matcher(n);
                    if (!n.startsWith(PREFIX) || (m.matches() && isAlive(Long.parseLong(m.group(1))))) continue;
                    if (namespaceNames().contains(n)) continue;
                    deleteEtcDir(n);
                    if (!Files.exists(d)) removed.add(d.toString());
                }
            } catch (IOException e) {
                System.err.println("NetNamespace: could not list " + ETC_NETNS + ": " + e);
            }
        }
        for (String link : hostLinkNames()) {
            Matcher m = VETH.matcher(link);
            if (!m.matches()) continue;
            long pid;
            try {
                pid = Long.parseLong(m.group(1), 36);
            } catch (NumberFormatException e) {
                continue;
            }
            if (isAlive(pid)) continue;
            Shell.Result r = Shell.runUnchecked(Shell.DEFAULT_TIMEOUT, Shell.tool("ip"), "link", "del", link);
            if (r.ok()) removed.add(link);
        }
        return removed;
    }

    /** Names from {@code ip netns list} (all of them, not only ours). */
    public static List<String> namespaceNames() {
        List<String> names = new ArrayList<>();
        for (String line : Shell.run(Shell.tool("ip"), "netns", "list").lines()) {
            names.add(line.strip().split("\\s+")[0]);
        }
        return names;
    }

    /** Our namespaces that exist right now ({@code chorus-e2e-*}). */
    public static List<String> chorusNamespaces() {
        return namespaceNames().stream().filter(n -> n.startsWith(PREFIX)).toList();
    }

    private static List<String> hostLinkNames() {
        List<String> names = new ArrayList<>();
        for (String line : Shell.run(Shell.tool("ip"), "-o", "link", "show").lines()) {
            String[] parts = line.split(":\\s+", 3);
            if (parts.length < 2) continue;
            String n = parts[1];
            int at = n.indexOf('@');
            names.add(at >= 0 ? n.substring(0, at) : n);
        }
        return names;
    }

    private static boolean linkExists(String link) {
        return Shell.runUnchecked(Shell.DEFAULT_TIMEOUT, Shell.tool("ip"), "link", "show", "dev", link).ok();
    }

    private static List<Long> pidsIn(String nsName) {
        Shell.Result r = Shell.runUnchecked(Shell.DEFAULT_TIMEOUT, Shell.tool("ip"), "netns", "pids", nsName);
        if (!r.ok()) return List.of();
        List<Long> pids = new ArrayList<>();
        for (String l : r.lines()) {
            try {
                pids.add(Long.parseLong(l.strip()));
            } catch (NumberFormatException ignored) {
                // not a pid
            }
        }
        return pids;
    }

    /** SIGKILLs the given processes (all inside one of our namespaces) and waits briefly for them to go. */
    private static void killAll(List<Long> pids) {
        List<ProcessHandle> handles = pids.stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
        handles.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (ProcessHandle h : handles) {
            while (h.isAlive() && System.nanoTime() < deadline) sleep(20);
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException(name + " is closed");
    }

    // ---- address allocation ------------------------------------------------------------------------------------

    /** The first /30 of {@link #POOLS} (starting at a pid-dependent offset) that overlaps nothing on the host. */
    private static Prefix freeSlash30() {
        List<Prefix> taken = hostPrefixes();
        for (Prefix pool : POOLS) {
            int blocks = 1 << (30 - pool.length());
            int start = (int) Math.floorMod(PID * 7919L, blocks);
            for (int i = 0; i < blocks; i++) {
                Prefix candidate = new Prefix(pool.base() + 4 * ((start + i) % blocks), 30);
                if (taken.stream().noneMatch(candidate::overlaps)) return candidate;
            }
        }
        throw new IllegalStateException("no free /30 in " + POOLS + "; host prefixes: " + taken);
    }

    /** Every IPv4 prefix or address mentioned by the host's addresses and routes (all tables), except default. */
    static List<Prefix> hostPrefixes() {
        String ip = Shell.tool("ip");
        String text = Shell.run(ip, "-4", "-o", "addr", "show").stdout() + "\n"
                + Shell.run(ip, "-4", "route", "show", "table", "all").stdout();
        List<Prefix> out = new ArrayList<>();
        Matcher m = IPV4_TOKEN.matcher(text);
        while (m.find()) {
            Prefix p;
            try {
                p = new Prefix(Prefix.toInt(m.group(1)), m.group(2) == null ? 32 : Integer.parseInt(m.group(2)));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (p.length() > 0) out.add(p);
        }
        return out;
    }

    /** An IPv4 prefix as a 32-bit int (network byte order in an int) and a length. */
    record Prefix(int base, int length) {
        Prefix {
            if (length < 0 || length > 32) throw new IllegalArgumentException("prefix length " + length);
            base = base & mask(length);
        }

        static Prefix parse(String cidr) {
            String[] p = cidr.split("/");
            return new Prefix(toInt(p[0]), Integer.parseInt(p[1]));
        }

        static int mask(int length) {
            return length == 0 ? 0 : -1 << (32 - length);
        }

        static int toInt(String dotted) {
            String[] o = dotted.split("\\.");
            if (o.length != 4) throw new IllegalArgumentException(dotted);
            int v = 0;
            for (String s : o) {
                int b = Integer.parseInt(s);
                if (b < 0 || b > 255) throw new IllegalArgumentException(dotted);
                v = (v << 8) | b;
            }
            return v;
        }

        boolean overlaps(Prefix other) {
            int common = Math.min(length, other.length);
            return (base & mask(common)) == (other.base & mask(common));
        }

        Inet4Address host(int offset) {
            int a = base + offset;
            try {
                return (Inet4Address) InetAddress.getByAddress(new byte[]{
                        (byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return host(0).getHostAddress() + "/" + length;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + "[" + hostVeth + " " + hostAddress.getHostAddress() + " <-> " + nsVeth + " "
                + nsAddress.getHostAddress() + "/" + prefixLength + "]";
    }
}
