package dev.chorus.media.dtls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's DTLS identity: an ECDSA P-256 key and a short-lived self-signed certificate, as
 * browsers use. WebRTC authenticates it by the fingerprint in the SDP, not by a CA chain.
 */
public final class DtlsCertificate {
    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final String sha256Fingerprint;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.sha256Fingerprint = fingerprint("sha-256", der);
    }

    public static DtlsCertificate generate() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = gen.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=chorus");
            BigInteger serial = new BigInteger(63, new SecureRandom());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name, serial, Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(30))), name, kp.getPublic());
            X509CertificateHolder holder =
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
            return new DtlsCertificate(holder.getEncoded(), PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the DTLS certificate", e);
        }
    }

    public byte[] der() {
        return der.clone();
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    /** The value for {@code a=fingerprint:sha-256 ...}. */
    public String sha256Fingerprint() {
        return sha256Fingerprint;
    }

    /** Colon-separated upper-case hex digest of a DER certificate, SDP style. */
    public static String fingerprint(String algorithm, byte[] der) {
        String jca = switch (algorithm.toLowerCase()) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported fingerprint algorithm " + algorithm);
        };
        try {
            byte[] digest = MessageDigest.getInstance(jca).digest(der);
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
