package dev.kms4j.testkit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away, self-signed TLS server certificate for a fake served over HTTPS: an EC P-256 key
 * pair and a certificate whose subject alternative names are the given DNS names and IP
 * addresses, valid from an hour ago for 30 days. Built with Bouncy Castle's certificate builder
 * (the JDK has no public API to issue certificates).
 *
 * <p><strong>Secret:</strong> the private key; it is only ever written into the password-protected
 * PKCS#12 file the HTTPS server reads, and never printed. The certificate itself is public.
 * Immutable and thread-safe.
 */
public final class SelfSignedCertificate {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** A certificate for {@code localhost} and {@code 127.0.0.1}. */
    public static SelfSignedCertificate forLocalhost() {
        return generate(List.of("localhost"), List.of("127.0.0.1"));
    }

    /**
     * Generates a key pair and a certificate for the given names.
     *
     * @param dnsNames DNS subject alternative names (the first is also the common name)
     * @param ipAddresses IP address subject alternative names, as literals
     */
    public static SelfSignedCertificate generate(List<String> dnsNames, List<String> ipAddresses) {
        if (dnsNames.isEmpty()) {
            throw new IllegalArgumentException("at least one DNS name is needed");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair pair = generator.generateKeyPair();
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            for (String ip : ipAddresses) {
                // Validates the literal; GeneralName wants the textual form.
                InetAddress.getByName(Objects.requireNonNull(ip, "ip"));
                names.add(new GeneralName(GeneralName.iPAddress, ip));
            }
            X500Name subject = new X500Name("CN=" + dnsNames.get(0) + ",O=kms4j testkit fake");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
                    subject, pair.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(new GeneralName[0])))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new SelfSignedCertificate(pair, cert);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not generate a self-signed certificate", e);
        }
    }

    /** The certificate (public). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate as PEM ({@code -----BEGIN CERTIFICATE-----}). */
    public String certificatePem() {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encode the certificate", e);
        }
    }

    /**
     * Writes the key and certificate into a new PKCS#12 file (owner-only where the file system
     * supports it) protected by {@code password}, for the HTTPS server.
     */
    public void writePkcs12(Path file, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", keyPair.getPrivate(), password, new Certificate[] {certificate});
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            restrictToOwner(file);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not write the PKCS#12 key store", e);
        }
    }

    /** An {@link SSLContext} (TLS) that trusts this certificate and nothing else. */
    public SSLContext trustingSslContext() {
        return trustingSslContext(certificate);
    }

    /** An {@link SSLContext} (TLS) that trusts {@code certificate} and nothing else. */
    public static SSLContext trustingSslContext(X509Certificate certificate) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("fake", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), RANDOM);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not build a trusting SSL context", e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the password still protects the key.
        }
    }

    /** Names the certificate's subject only. */
    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
