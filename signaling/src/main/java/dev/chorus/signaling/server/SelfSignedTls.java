package dev.chorus.signaling.server;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Creates (once) a self-signed HTTPS certificate and key under the data directory. */
final class SelfSignedTls {
    record Files2(Path cert, Path key) {}

    private SelfSignedTls() {}

    static Files2 ensure(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("tls");
        Path cert = dir.resolve("self-signed-cert.pem");
        Path key = dir.resolve("self-signed-key.pem");
        if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            return new Files2(cert, key);
        }
        Files.createDirectories(dir);
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = gen.generateKeyPair();
            X500Name name = new X500Name("CN=chorus self-signed");
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(63, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(825))), name,
                    kp.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
            Path tmpCert = dir.resolve("cert.tmp");
            Path tmpKey = dir.resolve("key.tmp");
            try (Writer w = Files.newBufferedWriter(tmpCert); JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(holder);
            }
            try (Writer w = Files.newBufferedWriter(tmpKey); JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(new JcaPKCS8Generator(kp.getPrivate(), null));
            }
            Files.move(tmpKey, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmpCert, cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new Files2(cert, key);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot create a self-signed certificate: " + e.getMessage(), e);
        }
    }
}
