package dev.chorus.signaling.config;

/**
 * Effective server configuration (defaults ← config file ← env vars ← command-line flags).
 *
 * @param adminToken bearer token of the admin API; null = admin API disabled. Never printed: the
 *                   record's toString masks it, since configs end up in logs and test reports.
 * @param resumeGraceSeconds how long a participant whose WebSocket dropped stays resumable (0: leaves at once)
 * @param ringTimeoutSeconds how long a direct call rings unanswered before it ends ({@code no-answer})
 * @param bweModel what each receiver's allocation may spend: {@code gcc} (the estimate) or {@code learned}
 *                 (the link-quality model, falling back to gcc when the model cannot be loaded)
 * @param bweModelFile a model file for {@code learned}; null = the one shipped in media-server
 * @param whipToken bearer token of WHIP/WHEP requests; null = none needed. Masked like the admin token.
 * @param whipIceTimeoutSeconds how long a WHIP/WHEP session's transport may stay unconnected before it ends
 */
public record ServerConfig(
        String httpBind, int httpPort, int httpsPort,
        String tlsCertFile, String tlsKeyFile, String dataDir,
        int mediaPort, String mediaBindAddress, String mediaPublicAddress,
        int maxFrameBytes, int mediaWorkers, boolean publisherTransportCc,
        String adminToken, int resumeGraceSeconds, int ringTimeoutSeconds, String bweModel, String bweModelFile,
        String whipToken, int whipIceTimeoutSeconds) {
    /** An hour: longer would keep abandoned participants (and their media) around for nothing. */
    public static final int MAX_RESUME_GRACE_SECONDS = 3600;

    public ServerConfig {
        if (adminToken != null && adminToken.isBlank()) {
            adminToken = null;
        }
        if (whipToken != null && whipToken.isBlank()) {
            whipToken = null;
        }
        if (whipIceTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("whip ICE timeout must be positive, got " + whipIceTimeoutSeconds);
        }
        if (resumeGraceSeconds < 0 || resumeGraceSeconds > MAX_RESUME_GRACE_SECONDS) {
            throw new IllegalArgumentException("resume grace must be 0-" + MAX_RESUME_GRACE_SECONDS + " s, got " + resumeGraceSeconds);
        }
        if (bweModel == null) {
            bweModel = "gcc";
        }
        if (!bweModel.equals("gcc") && !bweModel.equals("learned")) {
            throw new IllegalArgumentException("bwe.model must be gcc or learned, got " + bweModel);
        }
    }

    /** Without the later settings: bwe.model {@code gcc}, no WHIP/WHEP token, a 30 s WHIP ICE timeout. */
    public ServerConfig(String httpBind, int httpPort, int httpsPort, String tlsCertFile, String tlsKeyFile,
            String dataDir, int mediaPort, String mediaBindAddress, String mediaPublicAddress, int maxFrameBytes,
            int mediaWorkers, boolean publisherTransportCc, String adminToken, int resumeGraceSeconds,
            int ringTimeoutSeconds) {
        this(httpBind, httpPort, httpsPort, tlsCertFile, tlsKeyFile, dataDir, mediaPort, mediaBindAddress,
                mediaPublicAddress, maxFrameBytes, mediaWorkers, publisherTransportCc, adminToken, resumeGraceSeconds,
                ringTimeoutSeconds, "gcc", null, null, 30);
    }

    /** This config with another WHIP/WHEP token (null: none needed). */
    public ServerConfig withWhipToken(String token) {
        return new ServerConfig(httpBind, httpPort, httpsPort, tlsCertFile, tlsKeyFile, dataDir, mediaPort,
                mediaBindAddress, mediaPublicAddress, maxFrameBytes, mediaWorkers, publisherTransportCc, adminToken,
                resumeGraceSeconds, ringTimeoutSeconds, bweModel, bweModelFile, token, whipIceTimeoutSeconds);
    }

    /** This config with another admin token (null disables the admin API). */
    public ServerConfig withAdminToken(String token) {
        return new ServerConfig(httpBind, httpPort, httpsPort, tlsCertFile, tlsKeyFile, dataDir, mediaPort,
                mediaBindAddress, mediaPublicAddress, maxFrameBytes, mediaWorkers, publisherTransportCc, token,
                resumeGraceSeconds, ringTimeoutSeconds, bweModel, bweModelFile, whipToken, whipIceTimeoutSeconds);
    }

    /** This config with another resume grace period (tests use short ones). */
    public ServerConfig withResumeGraceSeconds(int seconds) {
        return new ServerConfig(httpBind, httpPort, httpsPort, tlsCertFile, tlsKeyFile, dataDir, mediaPort,
                mediaBindAddress, mediaPublicAddress, maxFrameBytes, mediaWorkers, publisherTransportCc, adminToken,
                seconds, ringTimeoutSeconds, bweModel, bweModelFile, whipToken, whipIceTimeoutSeconds);
    }

    /** This config with another ring timeout for direct calls (tests shorten it). */
    public ServerConfig withRingTimeoutSeconds(int seconds) {
        return new ServerConfig(httpBind, httpPort, httpsPort, tlsCertFile, tlsKeyFile, dataDir, mediaPort,
                mediaBindAddress, mediaPublicAddress, maxFrameBytes, mediaWorkers, publisherTransportCc, adminToken,
                resumeGraceSeconds, seconds, bweModel, bweModelFile, whipToken, whipIceTimeoutSeconds);
    }

    /** This config with another bwe.model (and model file; null = the shipped model). */
    public ServerConfig withBweModel(String model, String modelFile) {
        return new ServerConfig(httpBind, httpPort, httpsPort, tlsCertFile, tlsKeyFile, dataDir, mediaPort,
                mediaBindAddress, mediaPublicAddress, maxFrameBytes, mediaWorkers, publisherTransportCc, adminToken,
                resumeGraceSeconds, ringTimeoutSeconds, model, modelFile, whipToken, whipIceTimeoutSeconds);
    }

    @Override
    public String toString() {
        return "ServerConfig[httpBind=" + httpBind + ", httpPort=" + httpPort + ", httpsPort=" + httpsPort
                + ", tlsCertFile=" + tlsCertFile + ", tlsKeyFile=" + tlsKeyFile + ", dataDir=" + dataDir
                + ", mediaPort=" + mediaPort + ", mediaBindAddress=" + mediaBindAddress
                + ", mediaPublicAddress=" + mediaPublicAddress + ", maxFrameBytes=" + maxFrameBytes
                + ", mediaWorkers=" + mediaWorkers + ", publisherTransportCc=" + publisherTransportCc
                + ", adminToken=" + (adminToken == null ? "(none)" : "(set)")
                + ", resumeGraceSeconds=" + resumeGraceSeconds + ", ringTimeoutSeconds=" + ringTimeoutSeconds
                + ", bweModel=" + bweModel + ", bweModelFile=" + bweModelFile
                + ", whipToken=" + (whipToken == null ? "(none)" : "(set)")
                + ", whipIceTimeoutSeconds=" + whipIceTimeoutSeconds + "]";
    }

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
