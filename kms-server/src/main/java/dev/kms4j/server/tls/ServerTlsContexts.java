package dev.kms4j.server.tls;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * Builds the server's Netty {@link SslContext} from {@link TlsSettings}: TLS 1.3 only, ALPN h2 (set
 * by {@link GrpcSslContexts}), and with a client CA either client certificates REQUIRED (mutual
 * TLS) or, when not required, OPTIONAL but still verified; and the context of the seed-002 HTTP
 * endpoints ({@link #forHttp}): TLS 1.3 only, no ALPN (HTTP/1.1), client certificates always required.
 *
 * <p>Stateless and thread-safe. Reads the key file; never logs or echoes its content.
 */
public final class ServerTlsContexts {
    private ServerTlsContexts() {
    }

    /**
     * The server SSL context.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} naming the file that cannot be read or parsed
     */
    public static SslContext forServer(TlsSettings settings) {
        SslContextBuilder builder;
        try (InputStream cert = Files.newInputStream(settings.certificateChain());
                InputStream key = Files.newInputStream(settings.privateKey())) {
            builder = GrpcSslContexts.forServer(cert, key);
        } catch (IOException | IllegalArgumentException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "tls.cert / tls.key: cannot read "
                    + settings.certificateChain() + " and " + settings.privateKey() + " as PEM ("
                    + e.getClass().getSimpleName() + ")");
        }
        builder.protocols("TLSv1.3");
        if (settings.clientCa().isPresent()) {
            try (InputStream ca = Files.newInputStream(settings.clientCa().get())) {
                builder.trustManager(ca);
            } catch (IOException | IllegalArgumentException e) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "tls.client-ca: cannot read " + settings.clientCa().get() + " as PEM certificates");
            }
            builder.clientAuth(settings.requireClientCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        try {
            return builder.build();
        } catch (IOException | RuntimeException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "tls: cannot build the TLS context from the configured files (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The SSL context of the seed-002 HTTP/1.1 endpoints on TCP: the same server certificate and
     * key, TLS 1.3 only, and mutual TLS always (client certificates REQUIRED and verified against
     * {@code tls.client-ca}, whatever {@code require-client-cert} says for gRPC), because the
     * certificate is the HTTP caller's only identity. No ALPN, so clients speak HTTP/1.1.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} without a client CA, or naming the
     *     file that cannot be read or parsed
     */
    public static SslContext forHttp(TlsSettings settings) {
        if (settings.clientCa().isEmpty()) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "tls.client-ca is required for the HTTP endpoints on TCP (they always use mutual TLS)");
        }
        SslContextBuilder builder;
        try (InputStream cert = Files.newInputStream(settings.certificateChain());
                InputStream key = Files.newInputStream(settings.privateKey());
                InputStream ca = Files.newInputStream(settings.clientCa().get())) {
            builder = SslContextBuilder.forServer(cert, key).trustManager(ca);
        } catch (IOException | IllegalArgumentException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "tls.cert / tls.key / tls.client-ca: cannot read "
                    + settings.certificateChain() + ", " + settings.privateKey() + " and " + settings.clientCa().get()
                    + " as PEM (" + e.getClass().getSimpleName() + ")");
        }
        builder.protocols("TLSv1.3").clientAuth(ClientAuth.REQUIRE);
        try {
            return builder.build();
        } catch (IOException | RuntimeException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "tls: cannot build the HTTP TLS context from the configured files (" + e.getClass().getSimpleName() + ")");
        }
    }
}
