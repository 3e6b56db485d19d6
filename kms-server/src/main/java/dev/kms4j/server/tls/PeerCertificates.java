package dev.kms4j.server.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Reads the verified client certificate of a TLS connection. Only a certificate that the TLS
 * handshake verified against the configured CA is ever present in the session.
 *
 * <p>Stateless and thread-safe. Certificates are public; nothing here is secret.
 */
public final class PeerCertificates {
    private PeerCertificates() {
    }

    /**
     * The subject common name of the client's leaf certificate; empty if the session has no client
     * certificate or it has no single CN.
     */
    public static Optional<String> commonName(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            return Optional.empty();
        }
        return commonName((X509Certificate) chain[0]);
    }

    /** The subject CN of {@code certificate}, if it has exactly one. */
    public static Optional<String> commonName(X509Certificate certificate) {
        String found = null;
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    if (found != null) {
                        // Two CNs: ambiguous, so no binding can trust either.
                        return Optional.empty();
                    }
                    found = String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(found);
    }
}
