package dev.kms4j.server;

import dev.kms4j.server.tls.DevelopmentCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Certificates for tests: a CA, a server certificate for localhost/127.0.0.1 and client certificates. */
final class TestPki {
    final Path dir;
    final Path caCert;
    final Path serverCert;
    final Path serverKey;
    final DevelopmentCertificates ca;

    TestPki(Path dir) {
        this.dir = dir;
        this.ca = DevelopmentCertificates.newAuthority("kms4j test CA", Duration.ofDays(1));
        this.caCert = dir.resolve("ca.pem");
        ca.writeAuthority(caCert);
        DevelopmentCertificates.Issued server = ca.issueServer("localhost", List.of("localhost"), List.of("127.0.0.1"));
        this.serverCert = dir.resolve("server.pem");
        this.serverKey = dir.resolve("server-key.pem");
        server.writeCertificate(serverCert);
        server.writePrivateKey(serverKey);
    }

    /** Writes a client certificate with CN {@code clientId}; returns {cert, key}. */
    Path[] client(String clientId) {
        DevelopmentCertificates.Issued c = ca.issueClient(clientId);
        Path cert = dir.resolve("client-" + clientId + ".pem");
        Path key = dir.resolve("client-" + clientId + "-key.pem");
        c.writeCertificate(cert);
        c.writePrivateKey(key);
        return new Path[] {cert, key};
    }
}
