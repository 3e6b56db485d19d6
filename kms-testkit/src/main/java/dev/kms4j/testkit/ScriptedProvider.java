package dev.kms4j.testkit;

import dev.kms4j.Capability;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.spi.KmsProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A provider for testing decorators (metrics, tracing, audit...): scheme {@code stub}, every
 * capability, and each call runs the action set with {@link #during}, then throws what
 * {@link #failWith} set or answers a fixed result (list: no keys; metadata: an AES-256 key;
 * sign: one byte; verify: false; encrypt: one byte). Thread-safe; holds no secrets.
 */
public final class ScriptedProvider implements KmsProvider {
    private volatile Runnable during = () -> { };
    private volatile RuntimeException failWith;

    /** What every call runs first, for example advancing a test clock or reading the current span. */
    public void during(Runnable action) {
        this.during = Objects.requireNonNull(action, "action");
    }

    /** What every call throws after {@link #during}'s action; {@code null} to answer normally. */
    public void failWith(RuntimeException failure) {
        this.failWith = failure;
    }

    private void act() {
        during.run();
        RuntimeException f = failWith;
        if (f != null) {
            throw f;
        }
    }

    @Override
    public String scheme() {
        return "stub";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        act();
        return List.of();
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        act();
        return KeyMetadata.builder(ref).spec(KeySpec.AES_256).build();
    }

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        act();
        return new byte[] {1};
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        act();
        return false;
    }

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        act();
        return new byte[] {2};
    }

    @Override
    public void close() {
    }
}
