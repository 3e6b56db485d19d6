package dev.kms4j.local.internal;

import dev.kms4j.Capability;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyUsage;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What one local key can do, derived from its spec and usage. Lifecycle operations (metadata,
 * rotate, enable/disable, deletion) apply to every key; {@code CREATE} and {@code LIST} are
 * provider operations and are not listed per key. Stateless and thread-safe; the sets returned
 * are unmodifiable.
 */
final class KeyCapabilities {
    private static final Set<Capability> LIFECYCLE = EnumSet.of(Capability.METADATA, Capability.ROTATE,
            Capability.ENABLE_DISABLE, Capability.SCHEDULE_DELETION);
    private static final Set<Capability> AEAD = with(Capability.ENCRYPT, Capability.DECRYPT,
            Capability.WRAP, Capability.UNWRAP, Capability.DATA_KEY);
    private static final Set<Capability> MAC = with(Capability.SIGN, Capability.VERIFY);
    private static final Set<Capability> SIGNING = with(Capability.SIGN, Capability.VERIFY, Capability.PUBLIC_KEY);
    private static final Set<Capability> RSA_ENCRYPTION = with(Capability.ENCRYPT, Capability.DECRYPT,
            Capability.WRAP, Capability.UNWRAP, Capability.DATA_KEY, Capability.PUBLIC_KEY);

    private KeyCapabilities() {
    }

    /** Whether the local provider can create a key of {@code spec} with {@code usage}. */
    static boolean isSupported(KeySpec spec, KeyUsage usage) {
        return spec.allowedUsages().contains(usage);
    }

    /** The capabilities of a key of {@code spec} created with {@code usage}. */
    static Set<Capability> of(KeySpec spec, KeyUsage usage) {
        switch (spec.type()) {
            case SYMMETRIC:
                return AEAD;
            case HMAC:
                return MAC;
            case EC:
            case EDWARDS:
                return SIGNING;
            case RSA:
                return usage == KeyUsage.ENCRYPT_DECRYPT ? RSA_ENCRYPTION : SIGNING;
            default:
                return Collections.unmodifiableSet(LIFECYCLE);
        }
    }

    private static Set<Capability> with(Capability... capabilities) {
        Set<Capability> set = EnumSet.copyOf(LIFECYCLE);
        Collections.addAll(set, capabilities);
        return Collections.unmodifiableSet(set);
    }
}
