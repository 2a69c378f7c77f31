package dev.chorus.signaling.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/** The HTTPS context: the configured certificate, or a self-signed one kept under the data dir. */
public final class TlsContexts {
    private TlsContexts() {}

    public static SslContext server(String certFile, String keyFile, Path dataDir) throws Exception {
        if (certFile != null && keyFile != null) {
            return build(new File(certFile), new File(keyFile));
        }
        if (certFile != null || keyFile != null) {
            throw new IllegalArgumentException("https.cert and https.key must be given together");
        }
        SelfSignedTls.Files2 f = SelfSignedTls.ensure(dataDir);
        return build(f.cert().toFile(), f.key().toFile());
    }

    private static SslContext build(File cert, File key) throws SSLException {
        return SslContextBuilder.forServer(cert, key).build();
    }
}
