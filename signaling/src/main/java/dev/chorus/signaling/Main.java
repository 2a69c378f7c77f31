package dev.chorus.signaling;

import dev.chorus.signaling.config.ConfigKeys;
import dev.chorus.signaling.config.ConfigLoader;
import dev.chorus.signaling.config.ServerConfig;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code java -jar chorus-server.jar [--help] [--config FILE] [--key=value ...]} */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        ServerConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv());
        } catch (ConfigLoader.HelpRequested h) {
            System.out.print(ConfigKeys.help());
            return;
        } catch (ConfigLoader.ConfigException e) {
            System.err.println("chorus: " + e.getMessage());
            System.exit(2);
            return;
        }
        // ice4j logs through java.util.logging
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Logger log = LoggerFactory.getLogger(Main.class);
        ChorusServer server = ChorusServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            server.close();
            stopped.countDown();
        }));
        String host = config.mediaPublicAddress() != null ? config.mediaPublicAddress()
                : server.media().advertisedAddresses().isEmpty() ? "localhost"
                : server.media().advertisedAddresses().get(0).getHostAddress().replaceFirst("%.*", "");
        log.info("Chorus is up. Media on UDP port {} (advertised {}).", server.mediaPort(),
                server.media().advertisedAddresses());
        if (server.httpPort() >= 0) {
            log.info("Open http://localhost:{}/ in a browser on this machine", server.httpPort());
        }
        if (server.httpsPort() >= 0) {
            log.info("Or https://{}:{}/ from elsewhere (self-signed unless https.cert/https.key are set)", host,
                    server.httpsPort());
        }
        stopped.await();
    }
}
