package dev.chorus.signaling.config;

/** Effective server configuration (defaults ← config file ← env vars ← command-line flags). */
public record ServerConfig(
        String httpBind, int httpPort, int httpsPort,
        String tlsCertFile, String tlsKeyFile, String dataDir,
        int mediaPort, String mediaBindAddress, String mediaPublicAddress,
        int maxFrameBytes) {

    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8080, 8443, null, null, "data",
                10000, null, null, 262144);
    }

    /** For tests: every port ephemeral, everything on loopback. */
    public static ServerConfig ephemeralLoopback() {
        return new ServerConfig("127.0.0.1", 0, 0, null, null, System.getProperty("java.io.tmpdir") + "/chorus-test",
                0, "127.0.0.1", null, 262144);
    }
}
