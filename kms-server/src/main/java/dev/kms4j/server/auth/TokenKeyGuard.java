package dev.kms4j.server.auth;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.spi.ForwardingKmsProvider;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.ProviderDecorator;

/**
 * Keeps the token-signing key for token signing only: {@code sign} with that key (any version) is
 * refused with {@link KmsErrorCode#PERMISSION_DENIED} unless the server's token issuer is signing
 * on this thread. Without it, any client whose role allows {@code sign} on every key could mint
 * tokens for any other client.
 *
 * <p>The permission is a thread-local flag that only this package can set; it is not a principal
 * name, so no configuration or client can claim it. Thread-safe.
 */
public final class TokenKeyGuard implements ProviderDecorator {
    private static final ThreadLocal<Boolean> SIGNING_TOKEN = new ThreadLocal<>();

    private final KeyRef tokenKey;

    /** A guard for {@code tokenKey} (without version). */
    public TokenKeyGuard(KeyRef tokenKey) {
        this.tokenKey = tokenKey.withoutVersion();
    }

    static Permit permitTokenSigning() {
        SIGNING_TOKEN.set(Boolean.TRUE);
        return new Permit();
    }

    @Override
    public Stage stage() {
        // Inside audit, so a refused attempt is audited like any other denial.
        return Stage.ACCESS_POLICY;
    }

    @Override
    public KmsProvider decorate(KmsProvider provider, ProviderConfig config) {
        if (!provider.scheme().equals(tokenKey.scheme())) {
            return provider;
        }
        return new ForwardingKmsProvider(provider) {
            @Override
            public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
                if (ref != null && tokenKey.equals(ref.withoutVersion()) && SIGNING_TOKEN.get() == null) {
                    throw KmsException.builder(KmsErrorCode.PERMISSION_DENIED,
                            "the token-signing key signs only the server's own tokens").keyRef(ref).build();
                }
                return super.sign(ref, algorithm, message);
            }
        };
    }

    @Override
    public String toString() {
        return "TokenKeyGuard[" + tokenKey + "]";
    }

    /** Closes the permission opened by {@link #permitTokenSigning()}. */
    static final class Permit implements AutoCloseable {
        @Override
        public void close() {
            SIGNING_TOKEN.remove();
        }
    }
}
