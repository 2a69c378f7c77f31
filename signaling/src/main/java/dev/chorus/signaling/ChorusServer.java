package dev.chorus.signaling;

import dev.chorus.signaling.config.ServerConfig;

/** The assembled server process: media core + signaling front end. */
public final class ChorusServer implements AutoCloseable {
    private ChorusServer() {}

    /** Starts everything; ports of 0 in the config bind ephemeral ports (see the accessors). */
    public static ChorusServer start(ServerConfig config) throws Exception {
        throw new UnsupportedOperationException("not yet");
    }

    public int httpPort() { throw new UnsupportedOperationException(); }
    public int httpsPort() { throw new UnsupportedOperationException(); }
    public int mediaPort() { throw new UnsupportedOperationException(); }

    @Override
    public void close() {}
}
