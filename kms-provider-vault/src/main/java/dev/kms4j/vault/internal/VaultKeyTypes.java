package dev.kms4j.vault.internal;

import dev.kms4j.Capability;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyType;
import dev.kms4j.SignatureAlgorithm;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * kms4j key specs and signature algorithms in Transit terms. Stateless and thread-safe.
 *
 * <table>
 *   <caption>Key specs</caption>
 *   <tr><th>KeySpec</th><th>Transit type</th></tr>
 *   <tr><td>AES_128, AES_256</td><td>aes128-gcm96, aes256-gcm96</td></tr>
 *   <tr><td>CHACHA20_POLY1305</td><td>chacha20-poly1305</td></tr>
 *   <tr><td>EC_P256, EC_P384, EC_P521</td><td>ecdsa-p256, ecdsa-p384, ecdsa-p521</td></tr>
 *   <tr><td>ED25519</td><td>ed25519</td></tr>
 *   <tr><td>RSA_2048, RSA_3072, RSA_4096</td><td>rsa-2048, rsa-3072, rsa-4096 (signing)</td></tr>
 *   <tr><td>HMAC_SHA256, HMAC_SHA384, HMAC_SHA512</td><td>hmac with key_size 32, 48, 64</td></tr>
 * </table>
 */
public final class VaultKeyTypes {
    private static final Map<KeySpec, String> TYPES = Map.ofEntries(
            Map.entry(KeySpec.AES_128, "aes128-gcm96"),
            Map.entry(KeySpec.AES_256, "aes256-gcm96"),
            Map.entry(KeySpec.CHACHA20_POLY1305, "chacha20-poly1305"),
            Map.entry(KeySpec.EC_P256, "ecdsa-p256"),
            Map.entry(KeySpec.EC_P384, "ecdsa-p384"),
            Map.entry(KeySpec.EC_P521, "ecdsa-p521"),
            Map.entry(KeySpec.ED25519, "ed25519"),
            Map.entry(KeySpec.RSA_2048, "rsa-2048"),
            Map.entry(KeySpec.RSA_3072, "rsa-3072"),
            Map.entry(KeySpec.RSA_4096, "rsa-4096"),
            Map.entry(KeySpec.HMAC_SHA256, "hmac"),
            Map.entry(KeySpec.HMAC_SHA384, "hmac"),
            Map.entry(KeySpec.HMAC_SHA512, "hmac"));

    private static final Set<Capability> LIFECYCLE = EnumSet.of(Capability.CREATE, Capability.LIST,
            Capability.METADATA, Capability.ROTATE);

    private VaultKeyTypes() {
    }

    /** Every spec the provider can create. */
    public static Set<KeySpec> supported() {
        return Collections.unmodifiableSet(EnumSet.copyOf(TYPES.keySet()));
    }

    /** The Transit type for {@code spec}. */
    public static Optional<String> toVault(KeySpec spec) {
        return Optional.ofNullable(TYPES.get(spec));
    }

    /** The HMAC key size in bytes for an HMAC spec, 0 otherwise. */
    public static int hmacKeySize(KeySpec spec) {
        return spec.type() == KeyType.HMAC ? spec.bits() / 8 : 0;
    }

    /** The kms4j spec of a Transit type ({@code keySize} matters only for hmac). */
    public static Optional<KeySpec> fromVault(String type, int keySize) {
        if ("hmac".equals(type)) {
            switch (keySize) {
                case 48:
                    return Optional.of(KeySpec.HMAC_SHA384);
                case 64:
                    return Optional.of(KeySpec.HMAC_SHA512);
                default:
                    return Optional.of(KeySpec.HMAC_SHA256);
            }
        }
        return TYPES.entrySet().stream().filter(e -> e.getValue().equals(type)).map(Map.Entry::getKey).findFirst();
    }

    /** What a key of {@code spec} supports. */
    public static Set<Capability> capabilities(KeySpec spec) {
        Set<Capability> c = EnumSet.copyOf(LIFECYCLE);
        switch (spec.type()) {
            case SYMMETRIC:
                Collections.addAll(c, Capability.ENCRYPT, Capability.DECRYPT, Capability.WRAP, Capability.UNWRAP,
                        Capability.DATA_KEY);
                break;
            case HMAC:
                Collections.addAll(c, Capability.SIGN, Capability.VERIFY);
                break;
            default:
                Collections.addAll(c, Capability.SIGN, Capability.VERIFY, Capability.PUBLIC_KEY);
        }
        return Collections.unmodifiableSet(c);
    }

    /** Vault's hash_algorithm name for an algorithm's digest. */
    public static String hashAlgorithm(SignatureAlgorithm algorithm) {
        switch (algorithm.digestLength()) {
            case 32:
                return "sha2-256";
            case 48:
                return "sha2-384";
            default:
                return "sha2-512";
        }
    }
}
