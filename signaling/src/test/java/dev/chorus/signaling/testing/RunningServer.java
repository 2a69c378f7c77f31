package dev.chorus.signaling.testing;

import dev.chorus.signaling.ChorusServer;
import dev.chorus.signaling.config.ServerConfig;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process server for a whole test class: started before the class's tests (and before its own
 * {@code @BeforeAll} methods), closed after them, also when a test or an assumption fails.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunningServer SERVER = new RunningServer(ServerConfig::ephemeralLoopback);
 * ... SERVER.baseUrl() ... SERVER.server().httpPort() ...
 * }</pre>
 *
 * The config is built when the class starts, so it may depend on things set up just before.
 */
public final class RunningServer implements BeforeAllCallback, AfterAllCallback {
    private final Callable<ServerConfig> config;
    private ChorusServer server;

    public RunningServer(Callable<ServerConfig> config) {
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = ChorusServer.start(config.call());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public ChorusServer server() {
        if (server == null) {
            throw new IllegalStateException("the server runs only while the test class runs");
        }
        return server;
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server().httpPort();
    }
}
