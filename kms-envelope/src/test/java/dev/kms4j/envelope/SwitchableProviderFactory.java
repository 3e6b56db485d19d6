package dev.kms4j.envelope;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.WrappedKey;
import dev.kms4j.local.LocalKmsProviderFactory;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test provider under its own scheme that delegates to an in-memory local keystore and can be
 * switched "down" (every call then fails with UNAVAILABLE, as a remote KMS that cannot be reached).
 * Counts unwrap calls so cache tests can see which decryptions reached the KMS.
 */
final class SwitchableProviderFactory implements KmsProviderFactory {
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger unwraps = new AtomicInteger();
    final AtomicInteger createDeks = new AtomicInteger();
    private final String scheme;

    SwitchableProviderFactory(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.CREATE, Capability.METADATA, Capability.ROTATE, Capability.WRAP, Capability.UNWRAP,
                Capability.DATA_KEY);
    }

    @Override
    public KmsProvider create(ProviderConfig config) {
        KmsProvider local = new LocalKmsProviderFactory().create(ProviderConfig.of(Map.of("path", ":memory:")));
        return new KmsProvider() {
            @Override
            public String scheme() {
                return scheme;
            }

            @Override
            public Set<Capability> capabilities() {
                return SwitchableProviderFactory.this.capabilities();
            }

            private void check() {
                if (down.get()) {
                    throw KmsException.builder(KmsErrorCode.UNAVAILABLE, "provider " + scheme + " is down (test)")
                            .provider(scheme).build();
                }
            }

            private KeyRef toLocal(KeyRef ref) {
                return KeyRef.of("local", ref.keyId(), ref.version().orElse(null));
            }

            private KeyRef fromLocal(KeyRef ref) {
                return KeyRef.of(scheme, ref.keyId(), ref.version().orElse(null));
            }

            @Override
            public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
                check();
                local.createKey(toLocal(ref), options);
                return KeyMetadata.builder(ref.withoutVersion()).spec(options.spec()).usage(options.usage())
                        .state(dev.kms4j.KeyState.ENABLED).build();
            }

            @Override
            public KeyRef rotate(KeyRef ref) {
                check();
                return fromLocal(local.rotate(toLocal(ref)));
            }

            @Override
            public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
                check();
                createDeks.incrementAndGet();
                try (DataKey d = local.createDek(toLocal(kek), spec, context)) {
                    byte[] pt = d.copyPlaintext();
                    try {
                        return DataKey.of(pt, WrappedKey.of(fromLocal(d.wrapped().kek()), d.wrapped().ciphertext()));
                    } finally {
                        java.util.Arrays.fill(pt, (byte) 0);
                    }
                }
            }

            @Override
            public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
                check();
                WrappedKey w = local.wrap(toLocal(kek), key, context);
                return WrappedKey.of(fromLocal(w.kek()), w.ciphertext());
            }

            @Override
            public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
                check();
                unwraps.incrementAndGet();
                try (DataKey d = local.unwrap(WrappedKey.of(toLocal(wrapped.kek()), wrapped.ciphertext()), context)) {
                    byte[] pt = d.copyPlaintext();
                    try {
                        return DataKey.of(pt, wrapped);
                    } finally {
                        java.util.Arrays.fill(pt, (byte) 0);
                    }
                }
            }

            @Override
            public void close() {
                local.close();
            }
        };
    }
}
