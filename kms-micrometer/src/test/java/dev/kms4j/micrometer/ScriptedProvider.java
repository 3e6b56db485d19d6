package dev.kms4j.micrometer;

import dev.kms4j.Capability;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.spi.KmsProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A "stub" provider for metric tests: each call runs {@link #during}, then answers or throws {@link #failWith}. */
final class ScriptedProvider implements KmsProvider {
    volatile Runnable during = () -> { };
    volatile RuntimeException failWith;

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
