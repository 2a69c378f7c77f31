package dev.chorus.signaling.e2e.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real TURN server for tests: Debian's coturn on loopback with time-limited credentials
 * ({@code use-auth-secret}), loopback peers allowed (the media server is on 127.0.0.1), its own pid
 * file and database in a temp directory, killed and removed on close.
 */
public final class Coturn implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/turnserver");

    private final Process process;
    private final Path dir;
    private final int port;
    private final String secret;

    /** Why a TURN server cannot run here, if it cannot. */
    public static Optional<String> unavailableReason() {
        return Files.isExecutable(BINARY) ? Optional.empty() : Optional.of(BINARY + " missing (apt-get install coturn)");
    }

    private Coturn(Process process, Path dir, int port, String secret) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.secret = secret;
    }

    /** Starts one and waits (bounded) until its relay ports are ready. */
    public static Coturn start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("chorus-coturn-");
        int port = freeUdpPort();
        int relayBase = 40000 + new SecureRandom().nextInt(200) * 100;
        byte[] s = new byte[16];
        new SecureRandom().nextBytes(s);
        String secret = HexFormat.of().formatHex(s);
        Process p = new ProcessBuilder(List.of(BINARY.toString(), "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port, "--min-port=" + relayBase, "--max-port=" + (relayBase + 99),
                "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=chorus.test", "--no-tls", "--no-dtls",
                "--no-cli", "--allow-loopback-peers", "--log-file=stdout", "--simple-log", "--no-software-attribute",
                "--pidfile=" + dir.resolve("turnserver.pid"), "--userdb=" + dir.resolve("turndb")))
                .redirectErrorStream(true).start();
        Coturn c = new Coturn(p, dir, port, secret);
        CountDownLatch ready = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.contains("relay ports initialized") || line.contains("Total General servers")) {
                        ready.countDown();
                    }
                    if (line.contains("ERROR") || line.contains("allocation") || line.contains("session")) {
                        System.out.println("coturn: " + line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        if (!ready.await(20, TimeUnit.SECONDS) || !p.isAlive()) {
            c.close();
            throw new IOException("coturn did not start on 127.0.0.1:" + port);
        }
        return c;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String secret() {
        return secret;
    }

    /** The URL clients are told about. */
    public String url() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
