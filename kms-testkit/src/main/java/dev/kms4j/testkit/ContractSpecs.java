package dev.kms4j.testkit;

import dev.kms4j.Capability;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyType;
import dev.kms4j.KeyUsage;
import dev.kms4j.SignatureAlgorithm;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the contract expects of key specs, usages and capabilities. Stateless. */
final class ContractSpecs {
    /** Preferred spec per family when one key stands for its family (cheap and widely supported first). */
    private static final List<KeySpec> PREFERENCE = List.of(
            KeySpec.AES_256, KeySpec.AES_128, KeySpec.CHACHA20_POLY1305,
            KeySpec.HMAC_SHA256, KeySpec.HMAC_SHA384, KeySpec.HMAC_SHA512,
            KeySpec.EC_P256, KeySpec.EC_P384, KeySpec.EC_P521, KeySpec.EC_SECP256K1,
            KeySpec.ED25519,
            KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096);

    private static final Set<Capability> ENCRYPTION_OPERATIONS = EnumSet.of(
            Capability.ENCRYPT, Capability.DECRYPT, Capability.WRAP, Capability.UNWRAP, Capability.DATA_KEY);
    private static final Set<Capability> SIGNATURE_OPERATIONS = EnumSet.of(
            Capability.SIGN, Capability.VERIFY, Capability.PUBLIC_KEY);
    private static final Set<Capability> MAC_OPERATIONS = EnumSet.of(Capability.SIGN, Capability.VERIFY);

    private ContractSpecs() {
    }

    /**
     * The specs whose family a provider with these capabilities can create and use: symmetric keys
     * if it encrypts, wraps or makes data keys; HMAC keys if it signs; key pairs if it signs and
     * exports public keys.
     */
    static Set<KeySpec> creatableWith(Set<Capability> capabilities) {
        Set<KeySpec> specs = EnumSet.noneOf(KeySpec.class);
        if (!capabilities.contains(Capability.CREATE)) {
            return specs;
        }
        boolean encrypts = capabilities.contains(Capability.ENCRYPT) || capabilities.contains(Capability.WRAP)
                || capabilities.contains(Capability.DATA_KEY);
        boolean signs = capabilities.contains(Capability.SIGN);
        boolean exportsPublicKeys = capabilities.contains(Capability.PUBLIC_KEY);
        for (KeySpec spec : KeySpec.values()) {
            boolean creatable;
            switch (spec.type()) {
                case SYMMETRIC:
                    creatable = encrypts;
                    break;
                case HMAC:
                    creatable = signs;
                    break;
                default:
                    creatable = signs && exportsPublicKeys;
            }
            if (creatable) {
                specs.add(spec);
            }
        }
        return specs;
    }

    /** The preferred spec of {@code type} among {@code specs}. */
    static Optional<KeySpec> preferred(Set<KeySpec> specs, KeyType type) {
        return PREFERENCE.stream().filter(s -> s.type() == type && specs.contains(s)).findFirst();
    }

    /** Every algorithm kms4j defines for keys of {@code spec}. */
    static List<SignatureAlgorithm> compatibleAlgorithms(KeySpec spec) {
        return Arrays.stream(SignatureAlgorithm.values()).filter(a -> a.isCompatibleWith(spec)).toList();
    }

    /** An algorithm kms4j defines as incompatible with {@code spec}, to check that it is refused. */
    static SignatureAlgorithm incompatibleAlgorithm(KeySpec spec) {
        switch (spec.type()) {
            case EC:
                return SignatureAlgorithm.RSA_PSS_SHA256;
            case RSA:
            case EDWARDS:
                return SignatureAlgorithm.ECDSA_SHA256;
            default:
                // An HMAC key of the wrong size: HMAC_SHA256 keys must refuse HMAC_SHA512 and vice versa.
                return spec == KeySpec.HMAC_SHA512 ? SignatureAlgorithm.HMAC_SHA256 : SignatureAlgorithm.HMAC_SHA512;
        }
    }

    /** The operations a key of this usage is for. */
    static Set<Capability> operationsOf(KeyUsage usage) {
        switch (usage) {
            case ENCRYPT_DECRYPT:
                return EnumSet.copyOf(ENCRYPTION_OPERATIONS);
            case SIGN_VERIFY:
                return EnumSet.copyOf(SIGNATURE_OPERATIONS);
            default:
                return EnumSet.copyOf(MAC_OPERATIONS);
        }
    }

    /** The key operations a key of this usage must never advertise. */
    static Set<Capability> forbiddenOperationsOf(KeyUsage usage) {
        Set<Capability> forbidden = EnumSet.copyOf(ENCRYPTION_OPERATIONS);
        forbidden.addAll(SIGNATURE_OPERATIONS);
        forbidden.removeAll(operationsOf(usage));
        return forbidden;
    }
}
