package dev.chorus.signaling.config;

/** Effective server configuration (defaults ← config file ← env vars ← command-line flags). */
public record ServerConfig(
        String httpBind, int httpPort, int httpsPort,
        String tlsCertFile, String tlsKeyFile, String dataDir,
        int mediaPort, String mediaBindAddress, String mediaPublicAddress,
        int maxFrameBytes, int mediaWorkers, boolean publisherTransportCc) {

    public static ServerConfig defaults() {
        return ConfigLoader.fromMap(ConfigKeys.defaults());
    }

    /** For tests: every port ephemeral, everything on loopback. */
    public static ServerConfig ephemeralLoopback() {
        var m = ConfigKeys.defaults();
        m.put(ConfigKeys.HTTP_BIND, "127.0.0.1");
        m.put(ConfigKeys.HTTP_PORT, "0");
        m.put(ConfigKeys.HTTPS_PORT, "0");
        m.put(ConfigKeys.MEDIA_PORT, "0");
        m.put(ConfigKeys.MEDIA_BIND, "127.0.0.1");
        m.put(ConfigKeys.DATA_DIR, System.getProperty("java.io.tmpdir") + "/chorus-test-data");
        return ConfigLoader.fromMap(m);
    }
}
