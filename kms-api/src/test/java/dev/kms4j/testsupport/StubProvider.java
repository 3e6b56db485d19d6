package dev.kms4j.testsupport;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.spi.KmsProvider;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider for {@code KmsManager} tests: records each call as {@code "operation key"} and
 * answers with fixed values, or throws {@link #failWith} when set. Does no cryptography.
 */
public final class StubProvider implements KmsProvider {
    public static final byte[] SIGNATURE = {1, 2, 3};

    private final String scheme;
    private final Set<Capability> capabilities;
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public volatile RuntimeException failWith;
    public volatile RuntimeException failOnClose;
    public volatile int closeCount;

    public StubProvider(String scheme) {
        this(scheme, EnumSet.allOf(Capability.class));
    }

    public StubProvider(String scheme, Set<Capability> capabilities) {
        this.scheme = scheme;
        this.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
    }

    private void record(String operation, Object key) {
        calls.add(operation + " " + key);
        RuntimeException failure = failWith;
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        record("createKey", ref);
        return KeyMetadata.builder(ref).spec(options.spec()).build();
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        record("listKeys", scope);
        return List.of(KeyRef.of(scheme, "listed"));
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        record("metadata", ref);
        return KeyMetadata.builder(ref).spec(KeySpec.AES_256).build();
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        record("rotate", ref);
        return ref.withVersion("2");
    }

    @Override
    public RotationPolicy rotationPolicy(KeyRef ref) {
        record("rotationPolicy", ref);
        return RotationPolicy.manual();
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        record("setRotationPolicy", ref);
    }

    @Override
    public void disable(KeyRef ref) {
        record("disable", ref);
    }

    @Override
    public void enable(KeyRef ref) {
        record("enable", ref);
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        record("scheduleDeletion", ref);
        return Instant.EPOCH.plus(pendingWindow);
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        record("cancelDeletion", ref);
    }

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        record("sign", ref);
        return SIGNATURE.clone();
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        record("verify", ref);
        return true;
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        record("publicKey", ref);
        return null;
    }

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        record("encrypt", ref);
        return new byte[] {9};
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        record("decrypt", ref);
        return new byte[] {8};
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        record("createDek", kek);
        return DataKey.of(new byte[spec.lengthBytes()], WrappedKey.of(kek, new byte[] {7}));
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        record("wrap", kek);
        return WrappedKey.of(kek, new byte[] {6});
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        record("unwrap", wrapped.kek());
        return DataKey.of(new byte[16], wrapped);
    }

    @Override
    public void close() {
        closeCount++;
        RuntimeException failure = failOnClose;
        if (failure != null) {
            throw failure;
        }
    }
}
