package dev.chorus.media.dtls;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS 1.2 server side of DTLS-SRTP (RFC 5763/5764): ECDSA credentials, a mandatory client
 * certificate whose fingerprint must match the one signalled in SDP, and the use_srtp extension.
 */
final class DtlsServer extends DefaultTlsServer {
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final String remoteFingerprintAlgorithm;
    private final String remoteFingerprint;
    private SrtpProfile chosenProfile;
    private volatile SrtpKeys keys;

    DtlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, String remoteFingerprintAlgorithm, String remoteFingerprint) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.remoteFingerprintAlgorithm = remoteFingerprintAlgorithm;
        this.remoteFingerprint = remoteFingerprint;
    }

    SrtpKeys keys() {
        return keys;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(crypto, CIPHER_SUITES);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(certificate.der())});
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                certificate.privateKey(), chain,
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        Vector<?> sigAlgs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                sigAlgs, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer sent no certificate");
        }
        byte[] der = clientCertificate.getCertificateAt(0).getEncoded();
        String actual = DtlsCertificate.fingerprint(remoteFingerprintAlgorithm, der);
        if (!actual.equalsIgnoreCase(remoteFingerprint)) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate fingerprint does not match the SDP");
        }
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer did not offer use_srtp");
        }
        for (SrtpProfile p : SrtpProfile.values()) {
            for (int id : offered.getProtectionProfiles()) {
                if (id == p.id) {
                    chosenProfile = p;
                    return;
                }
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable ext = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {chosenProfile.id}, TlsUtils.EMPTY_BYTES));
        return ext;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        int len = 2 * (chosenProfile.keyLength + chosenProfile.saltLength);
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, len);
        keys = SrtpKeys.fromExporter(chosenProfile, material, true);
    }
}
