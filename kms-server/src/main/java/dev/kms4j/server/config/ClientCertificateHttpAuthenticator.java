package dev.kms4j.server.config;

import dev.kms4j.Caller;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.server.auth.ClientRecord;
import dev.kms4j.server.auth.ClientRegistry;
import dev.kms4j.server.http.HttpAuthenticator;
import dev.kms4j.server.http.HttpRequestMetadata;
import dev.kms4j.server.tls.PeerCertificates;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates seed-002 HTTP requests on TCP by the client certificate of the mutual-TLS
 * connection: the handshake has verified it against {@code tls.client-ca}; its subject CN must be a
 * configured, enabled client id (looked up per request in the server's {@link ClientRegistry}, so
 * disabling a client at run time takes effect at once). The caller is that client with its
 * configured roles, so the key access policy applies as for its gRPC calls. Fails closed: no TLS
 * session, no certificate or no single CN is 401; a CN that names no enabled client is 403.
 *
 * <p>Thread-safe. Nothing secret (certificates are public).
 */
final class ClientCertificateHttpAuthenticator implements HttpAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateHttpAuthenticator.class);

    private final ClientRegistry clients;

    ClientCertificateHttpAuthenticator(ClientRegistry clients) {
        this.clients = clients;
    }

    @Override
    public Caller authenticate(HttpRequestMetadata request) {
        if (request.transport() != HttpRequestMetadata.Transport.TLS) {
            throw new KmsException(KmsErrorCode.UNAUTHENTICATED, "a client certificate is required");
        }
        Optional<String> cn = request.tlsSession().flatMap(PeerCertificates::commonName);
        if (cn.isEmpty()) {
            throw new KmsException(KmsErrorCode.UNAUTHENTICATED, "a client certificate with one common name is required");
        }
        Optional<ClientRecord> client = clients.find(cn.get()).filter(ClientRecord::enabled);
        if (client.isEmpty()) {
            // Log a CN that is not configured as <unknown>, as the gRPC side does with client ids.
            LOG.warn("HTTP request refused: client={} reason=certificate names no enabled client",
                    clients.find(cn.get()).isPresent() ? cn.get() : "<unknown>");
            throw new KmsException(KmsErrorCode.PERMISSION_DENIED, "the client certificate names no enabled client");
        }
        return Caller.builder(client.get().id()).roles(client.get().roles())
                .requestId(HttpRequestIds.fromHeaders(request)).build();
    }

    @Override
    public String toString() {
        return "ClientCertificateHttpAuthenticator[" + clients + "]";
    }
}
