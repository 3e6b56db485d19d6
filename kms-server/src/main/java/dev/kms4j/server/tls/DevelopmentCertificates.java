package dev.kms4j.server.tls;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for development and tests, built with Bouncy Castle: EC P-256
 * keys, a self-signed CA, server certificates with DNS and IP subject alternative names, and client
 * certificates whose CN is the client id. Not for production PKI (no revocation, no HSM).
 *
 * <p>Private keys are secret: they are written as PKCS#8 PEM to files created owner-only (0600)
 * and never logged. Thread-safe (each instance holds immutable state).
 */
public final class DevelopmentCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final Duration validity;

    private DevelopmentCertificates(KeyPair caKeys, X509Certificate caCertificate, Duration validity) {
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
        this.validity = validity;
    }

    /** A new CA named {@code commonName}, issuing certificates valid for {@code validity}. */
    public static DevelopmentCertificates newAuthority(String commonName, Duration validity) {
        KeyPair keys = newKeyPair();
        X500Name name = name(commonName);
        try {
            JcaX509v3CertificateBuilder b = builder(name, name, keys, validity);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new DevelopmentCertificates(keys, sign(b, keys), validity);
        } catch (IOException | GeneralSecurityException e) {
            throw failure(e);
        }
    }

    /** The CA certificate (public). */
    public X509Certificate authority() {
        return caCertificate;
    }

    /** A server certificate for these host names and IP addresses. */
    public Issued issueServer(String commonName, List<String> dnsNames, List<String> ipAddresses) {
        List<GeneralName> sans = new ArrayList<>();
        for (String d : dnsNames) {
            sans.add(new GeneralName(GeneralName.dNSName, d));
        }
        for (String ip : ipAddresses) {
            sans.add(new GeneralName(GeneralName.iPAddress, literalIp(ip)));
        }
        return issue(commonName, KeyPurposeId.id_kp_serverAuth, sans);
    }

    /** A client certificate with CN {@code clientId}. */
    public Issued issueClient(String clientId) {
        return issue(clientId, KeyPurposeId.id_kp_clientAuth, List.of());
    }

    private Issued issue(String commonName, KeyPurposeId purpose, List<GeneralName> sans) {
        KeyPair keys = newKeyPair();
        try {
            X500Name issuer = X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded());
            JcaX509v3CertificateBuilder b = builder(issuer, name(commonName), keys, validity);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate));
            if (!sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            return new Issued(keys, sign(b, caKeys));
        } catch (IOException | GeneralSecurityException e) {
            throw failure(e);
        }
    }

    /** Writes the CA certificate as PEM. */
    public void writeAuthority(Path file) {
        writePem(file, caCertificate, false);
    }

    /** Writes the CA's private key as PKCS#8 PEM, owner-only (0600). Secret. */
    public void writeAuthorityKey(Path file) {
        writePrivateKey(file, caKeys);
    }

    /** A key pair and the certificate issued for it. Holds a private key (secret); not printed. */
    public static final class Issued {
        private final KeyPair keys;
        private final X509Certificate certificate;

        private Issued(KeyPair keys, X509Certificate certificate) {
            this.keys = keys;
            this.certificate = certificate;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        /** Writes the certificate as PEM. */
        public void writeCertificate(Path file) {
            writePem(file, certificate, false);
        }

        /** Writes the private key as PKCS#8 PEM, owner-only (0600). */
        public void writePrivateKey(Path file) {
            DevelopmentCertificates.writePrivateKey(file, keys);
        }

        @Override
        public String toString() {
            return "Issued[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Duration validity) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
        try {
            ContentSigner cs = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(b.build(cs));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw failure(e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static String literalIp(String ip) {
        try {
            // Only literals: InetAddress.getByName does no lookup for them.
            if (!ip.matches("[0-9a-fA-F:.]+")) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "not an IP address literal: " + ip);
            }
            return InetAddress.getByName(ip).getHostAddress();
        } catch (UnknownHostException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "not an IP address literal: " + ip);
        }
    }

    private static void writePrivateKey(Path file, KeyPair keys) {
        try {
            writePem(file, new JcaPKCS8Generator(keys.getPrivate(), null).generate(), true);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private static void writePem(Path file, Object object, boolean secret) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(object);
        } catch (IOException e) {
            throw failure(e);
        }
        try {
            if (secret) {
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, text.toString(), StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "cannot write " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static KmsException failure(Exception e) {
        return new KmsException(KmsErrorCode.INTERNAL, "certificate generation failed (" + e.getClass().getSimpleName() + ")", e);
    }
}
