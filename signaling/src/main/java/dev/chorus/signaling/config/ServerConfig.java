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
 * @param iceServers STUN/TURN servers handed to clients (browsers, WHIP/WHEP); null = none
 * @param freezeFeedback how the learned policy uses the receivers' own freeze reports; null = off
 *                       (docs/congestion-control.md, "Freeze feedback")
 */
public record ServerConfig(
        String httpBind, int httpPort, int httpsPort,
        String tlsCertFile, String tlsKeyFile, String dataDir,
        int mediaPort, String mediaBindAddress, String mediaPublicAddress,
        int maxFrameBytes, int mediaWorkers, boolean publisherTransportCc,
        String adminToken, int resumeGraceSeconds, int ringTimeoutSeconds, String bweModel, String bweModelFile,
        String whipToken, int whipIceTimeoutSeconds, IceServersConfig iceServers,
        dev.chorus.media.quality.FreezeFeedback.Settings freezeFeedback) {
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
        if (iceServers == null) {
            iceServers = IceServersConfig.NONE;
        }
        if (freezeFeedback == null) {
            freezeFeedback = dev.chorus.media.quality.FreezeFeedback.Settings.OFF;
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
                ringTimeoutSeconds, "gcc", null, null, 30, IceServersConfig.NONE, null);
    }

    /** Without STUN/TURN servers for clients. */
    public ServerConfig(String httpBind, int httpPort, int httpsPort, String tlsCertFile, String tlsKeyFile,
            String dataDir, int mediaPort, String mediaBindAddress, String mediaPublicAddress, int maxFrameBytes,
            int mediaWorkers, boolean publisherTransportCc, String adminToken, int resumeGraceSeconds,
            int ringTimeoutSeconds, String bweModel, String bweModelFile, String whipToken, int whipIceTimeoutSeconds) {
        this(httpBind, httpPort, httpsPort, tlsCertFile, tlsKeyFile, dataDir, mediaPort, mediaBindAddress,
                mediaPublicAddress, maxFrameBytes, mediaWorkers, publisherTransportCc, adminToken, resumeGraceSeconds,
                ringTimeoutSeconds, bweModel, bweModelFile, whipToken, whipIceTimeoutSeconds, IceServersConfig.NONE, null);
    }

    /** This config with another WHIP/WHEP token (null: none needed). */
    public ServerConfig withWhipToken(String token) {
        return toBuilder().whipToken(token).build();
    }

    /** This config with another admin token (null disables the admin API). */
    public ServerConfig withAdminToken(String token) {
        return toBuilder().adminToken(token).build();
    }

    /** This config with another resume grace period (tests use short ones). */
    public ServerConfig withResumeGraceSeconds(int seconds) {
        return toBuilder().resumeGraceSeconds(seconds).build();
    }

    /** This config with another ring timeout for direct calls (tests shorten it). */
    public ServerConfig withRingTimeoutSeconds(int seconds) {
        return toBuilder().ringTimeoutSeconds(seconds).build();
    }

    /** This config with another bwe.model (and model file; null = the shipped model). */
    public ServerConfig withBweModel(String model, String modelFile) {
        return toBuilder().bweModel(model).bweModelFile(modelFile).build();
    }

    /** This config with another use of the receivers' freeze reports (null: off). */
    public ServerConfig withFreezeFeedback(dev.chorus.media.quality.FreezeFeedback.Settings settings) {
        return toBuilder().freezeFeedback(settings).build();
    }

    /** This config with other STUN/TURN servers for clients. */
    public ServerConfig withIceServers(IceServersConfig servers) {
        return toBuilder().iceServers(servers).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.httpBind = httpBind;
        b.httpPort = httpPort;
        b.httpsPort = httpsPort;
        b.tlsCertFile = tlsCertFile;
        b.tlsKeyFile = tlsKeyFile;
        b.dataDir = dataDir;
        b.mediaPort = mediaPort;
        b.mediaBindAddress = mediaBindAddress;
        b.mediaPublicAddress = mediaPublicAddress;
        b.maxFrameBytes = maxFrameBytes;
        b.mediaWorkers = mediaWorkers;
        b.publisherTransportCc = publisherTransportCc;
        b.adminToken = adminToken;
        b.resumeGraceSeconds = resumeGraceSeconds;
        b.ringTimeoutSeconds = ringTimeoutSeconds;
        b.bweModel = bweModel;
        b.bweModelFile = bweModelFile;
        b.whipToken = whipToken;
        b.whipIceTimeoutSeconds = whipIceTimeoutSeconds;
        b.iceServers = iceServers;
        b.freezeFeedback = freezeFeedback;
        return b;
    }

    /** A copy of a config with some settings changed ({@link #toBuilder}). */
    public static final class Builder {
        private String httpBind;
        private int httpPort;
        private int httpsPort;
        private String tlsCertFile;
        private String tlsKeyFile;
        private String dataDir;
        private int mediaPort;
        private String mediaBindAddress;
        private String mediaPublicAddress;
        private int maxFrameBytes;
        private int mediaWorkers;
        private boolean publisherTransportCc;
        private String adminToken;
        private int resumeGraceSeconds;
        private int ringTimeoutSeconds;
        private String bweModel;
        private String bweModelFile;
        private String whipToken;
        private int whipIceTimeoutSeconds;
        private IceServersConfig iceServers;
        private dev.chorus.media.quality.FreezeFeedback.Settings freezeFeedback;

        public Builder httpBind(String v) {
            httpBind = v;
            return this;
        }

        public Builder httpPort(int v) {
            httpPort = v;
            return this;
        }

        public Builder httpsPort(int v) {
            httpsPort = v;
            return this;
        }

        public Builder tlsCertFile(String v) {
            tlsCertFile = v;
            return this;
        }

        public Builder tlsKeyFile(String v) {
            tlsKeyFile = v;
            return this;
        }

        public Builder dataDir(String v) {
            dataDir = v;
            return this;
        }

        public Builder mediaPort(int v) {
            mediaPort = v;
            return this;
        }

        public Builder mediaBindAddress(String v) {
            mediaBindAddress = v;
            return this;
        }

        public Builder mediaPublicAddress(String v) {
            mediaPublicAddress = v;
            return this;
        }

        public Builder maxFrameBytes(int v) {
            maxFrameBytes = v;
            return this;
        }

        public Builder mediaWorkers(int v) {
            mediaWorkers = v;
            return this;
        }

        public Builder publisherTransportCc(boolean v) {
            publisherTransportCc = v;
            return this;
        }

        public Builder adminToken(String v) {
            adminToken = v;
            return this;
        }

        public Builder resumeGraceSeconds(int v) {
            resumeGraceSeconds = v;
            return this;
        }

        public Builder ringTimeoutSeconds(int v) {
            ringTimeoutSeconds = v;
            return this;
        }

        public Builder bweModel(String v) {
            bweModel = v;
            return this;
        }

        public Builder bweModelFile(String v) {
            bweModelFile = v;
            return this;
        }

        public Builder whipToken(String v) {
            whipToken = v;
            return this;
        }

        public Builder whipIceTimeoutSeconds(int v) {
            whipIceTimeoutSeconds = v;
            return this;
        }

        public Builder iceServers(IceServersConfig v) {
            iceServers = v;
            return this;
        }

        public Builder freezeFeedback(dev.chorus.media.quality.FreezeFeedback.Settings v) {
            freezeFeedback = v;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(httpBind, httpPort, httpsPort, tlsCertFile, tlsKeyFile, dataDir, mediaPort, mediaBindAddress, mediaPublicAddress, maxFrameBytes, mediaWorkers, publisherTransportCc, adminToken, resumeGraceSeconds, ringTimeoutSeconds, bweModel, bweModelFile, whipToken, whipIceTimeoutSeconds, iceServers, freezeFeedback);
        }
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
                + ", whipIceTimeoutSeconds=" + whipIceTimeoutSeconds + ", iceServers=" + iceServers
                + ", freezeFeedback=" + freezeFeedback + "]";
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
