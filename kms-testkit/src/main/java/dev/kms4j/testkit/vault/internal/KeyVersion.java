package dev.kms4j.testkit.vault.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;

/**
 * The material of one version of a Transit key: AEAD or HMAC key bytes, or a key pair, plus the
 * per-version HMAC key Vault keeps for its {@code hmac} endpoint. <strong>Secret</strong>; never
 * printed. Immutable after creation; thread-safe.
 */
final class KeyVersion {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int number;
    private final Instant createdAt;
    private final byte[] secret;
    private final KeyPair keyPair;
    private final byte[] hmacKey;

    private KeyVersion(int number, Instant createdAt, byte[] secret, KeyPair keyPair, byte[] hmacKey) {
        this.number = number;
        this.createdAt = createdAt;
        this.secret = secret;
        this.keyPair = keyPair;
        this.hmacKey = hmacKey;
    }

    /** Generates fresh material for version {@code number} of a key of {@code type}. */
    static KeyVersion generate(int number, TransitKeyType type, int hmacKeySize, Instant createdAt) {
        try {
            byte[] hmacKey = random(32);
            switch (type.family()) {
                case AEAD:
                    return new KeyVersion(number, createdAt, random(type.size()), null, hmacKey);
                case HMAC:
                    byte[] key = random(hmacKeySize);
                    return new KeyVersion(number, createdAt, key, null, key);
                case ECDSA: {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec(type.curve()), RANDOM);
                    return new KeyVersion(number, createdAt, null, g.generateKeyPair(), hmacKey);
                }
                case ED25519:
                    return new KeyVersion(number, createdAt, null,
                            KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), hmacKey);
                case RSA: {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(new RSAKeyGenParameterSpec(type.size(), RSAKeyGenParameterSpec.F4), RANDOM);
                    return new KeyVersion(number, createdAt, null, g.generateKeyPair(), hmacKey);
                }
                default:
                    throw new IllegalStateException("unknown family " + type.family());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + type.wireName() + " keys", e);
        }
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    int number() {
        return number;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** AEAD or HMAC key bytes (not a copy: callers only read). */
    byte[] secret() {
        return secret;
    }

    KeyPair keyPair() {
        return keyPair;
    }

    byte[] hmacKey() {
        return hmacKey;
    }

    @Override
    public String toString() {
        return "KeyVersion[" + number + ", redacted]";
    }
}
