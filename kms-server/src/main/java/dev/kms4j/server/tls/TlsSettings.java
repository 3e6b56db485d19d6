package dev.kms4j.server.tls;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS for the TCP listener: the server certificate chain and private key (PEM files), and for mutual
 * TLS the CA that client certificates must chain to. TLS 1.3 only.
 *
 * <p>With {@code requireClientCert} the handshake fails for a client without a certificate or with
 * one the CA did not sign. With {@code bindCommonNameToClientId} the certificate's CN must also equal
 * the client id the caller authenticates as.
 *
 * <p>Immutable and thread-safe. The key file is secret; only its path is held here.
 */
public final class TlsSettings {
    private final Path certificateChain;
    private final Path privateKey;
    private final Path clientCa;
    private final boolean requireClientCert;
    private final boolean bindCommonNameToClientId;

    private TlsSettings(Builder b) {
        if (b.certificateChain == null || b.privateKey == null) {
            throw invalid("tls.cert and tls.key are required when TLS is on");
        }
        if (b.requireClientCert && b.clientCa == null) {
            throw invalid("tls.client-ca is required when tls.require-client-cert is true");
        }
        if (b.bindCommonNameToClientId && !b.requireClientCert) {
            throw invalid("tls.bind-cn-to-client-id needs tls.require-client-cert: true");
        }
        this.certificateChain = b.certificateChain;
        this.privateKey = b.privateKey;
        this.clientCa = b.clientCa;
        this.requireClientCert = b.requireClientCert;
        this.bindCommonNameToClientId = b.bindCommonNameToClientId;
    }

    /** Starts a builder with the server's certificate chain and key (PEM, PKCS#8 or traditional key). */
    public static Builder builder(Path certificateChain, Path privateKey) {
        return new Builder(certificateChain, privateKey);
    }

    public Path certificateChain() {
        return certificateChain;
    }

    /** Path of the server's private key (the file is secret). */
    public Path privateKey() {
        return privateKey;
    }

    public Optional<Path> clientCa() {
        return Optional.ofNullable(clientCa);
    }

    public boolean requireClientCert() {
        return requireClientCert;
    }

    public boolean bindCommonNameToClientId() {
        return bindCommonNameToClientId;
    }

    private static KmsException invalid(String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
    }

    @Override
    public String toString() {
        return "TlsSettings[cert=" + certificateChain + ", clientCa=" + clientCa + ", mTLS=" + requireClientCert
                + ", bindCn=" + bindCommonNameToClientId + "]";
    }

    /** Builds {@link TlsSettings}; invalid combinations fail at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final Path certificateChain;
        private final Path privateKey;
        private Path clientCa;
        private boolean requireClientCert = true;
        private boolean bindCommonNameToClientId;

        private Builder(Path certificateChain, Path privateKey) {
            this.certificateChain = certificateChain;
            this.privateKey = privateKey;
        }

        /** The CA bundle (PEM) client certificates must chain to. */
        public Builder clientCa(Path value) {
            this.clientCa = value;
            return this;
        }

        /** Whether a client certificate is required (default true: mutual TLS). */
        public Builder requireClientCert(boolean value) {
            this.requireClientCert = value;
            return this;
        }

        /** Whether the client certificate's CN must equal the authenticated client id (default false). */
        public Builder bindCommonNameToClientId(boolean value) {
            this.bindCommonNameToClientId = value;
            return this;
        }

        public TlsSettings build() {
            return new TlsSettings(this);
        }
    }
}
