package dev.kms4j.remote;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA with server and client certificates, as PEM files in a directory, for TLS tests. */
final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    final Path caCert;
    final Path serverCert;
    final Path serverKey;
    final Path clientCert;
    final Path clientKey;

    private TestCertificates(Path dir, String prefix) {
        this.caCert = dir.resolve(prefix + "ca.pem");
        this.serverCert = dir.resolve(prefix + "server.pem");
        this.serverKey = dir.resolve(prefix + "server-key.pem");
        this.clientCert = dir.resolve(prefix + "client.pem");
        this.clientKey = dir.resolve(prefix + "client-key.pem");
    }

    /** A CA, a server certificate for localhost and 127.0.0.1, and a client certificate, written under {@code dir}. */
    static TestCertificates create(Path dir, String prefix) {
        try {
            TestCertificates c = new TestCertificates(dir, prefix);
            KeyPair ca = keyPair();
            X509Certificate caCert = certificate("CN=kms4j test CA", ca, "CN=kms4j test CA", ca, true, false);
            KeyPair server = keyPair();
            X509Certificate serverCert = certificate("CN=localhost", server, "CN=kms4j test CA", ca, false, true);
            KeyPair client = keyPair();
            X509Certificate clientCert = certificate("CN=billing", client, "CN=kms4j test CA", ca, false, false);
            write(c.caCert, caCert);
            write(c.serverCert, serverCert);
            write(c.serverKey, new JcaPKCS8Generator(server.getPrivate(), null));
            write(c.clientCert, clientCert);
            write(c.clientKey, new JcaPKCS8Generator(client.getPrivate(), null));
            return c;
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("test certificates", e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                               boolean ca, boolean serverNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), new BigInteger(64, RANDOM),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
                new X500Name(subject), subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (serverNames) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static void write(Path file, Object pemObject) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(pemObject);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
