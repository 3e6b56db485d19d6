package dev.kms4j.remote.protocol;

import dev.kms4j.Capability;
import dev.kms4j.DekSpec;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyUsage;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.SignatureAlgorithm;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kms4j enum values the protocol sends as strings: their Java constant names
 * ({@code "EC_P256"}, {@code "SIGN_VERIFY"}, {@code "ENABLED"}, {@code "ECDSA_SHA256"},
 * {@code "AES_256"}). Strings rather than proto enums let a newer server add values without
 * breaking older clients.
 *
 * <p>Reading a request: an empty or unknown name is {@link KmsErrorCode#INVALID_ARGUMENT} naming
 * the field. Reading an answer, use {@link #capabilities(Collection)}, which skips names this
 * version does not know (a newer peer's), so a client never fails on them. Stateless and
 * thread-safe.
 */
public final class Names {
    private Names() {
    }

    /** A key spec from a request field; {@code INVALID_ARGUMENT} if empty or unknown. */
    public static KeySpec keySpec(String name) {
        return parse(KeySpec.class, name, "key spec");
    }

    /** A key usage; {@code INVALID_ARGUMENT} if empty or unknown. */
    public static KeyUsage keyUsage(String name) {
        return parse(KeyUsage.class, name, "key usage");
    }

    /** A key state; {@code INVALID_ARGUMENT} if empty or unknown. */
    public static KeyState keyState(String name) {
        return parse(KeyState.class, name, "key state");
    }

    /** A signature or MAC algorithm; {@code INVALID_ARGUMENT} if empty or unknown. */
    public static SignatureAlgorithm signatureAlgorithm(String name) {
        return parse(SignatureAlgorithm.class, name, "signature algorithm");
    }

    /** A data key spec; {@code INVALID_ARGUMENT} if empty or unknown. */
    public static DekSpec dekSpec(String name) {
        return parse(DekSpec.class, name, "data key spec");
    }

    /** The names of {@code capabilities}, in declaration order. */
    public static List<String> capabilityNames(Set<Capability> capabilities) {
        return capabilities.stream().sorted().map(Enum::name).collect(Collectors.toList());
    }

    /** The capabilities named, skipping names this version does not know. */
    public static Set<Capability> capabilities(Collection<String> names) {
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        for (String name : names) {
            try {
                out.add(Capability.valueOf(name));
            } catch (IllegalArgumentException newerPeer) {
                // A capability added by a newer peer: this version cannot use it anyway.
            }
        }
        return out;
    }

    /** The constant of {@code type} named {@code name}; {@code INVALID_ARGUMENT} naming {@code what} otherwise. */
    public static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, what + " is missing");
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "unknown " + what + " " + quote(name)
                    + "; expected one of " + EnumSet.allOf(type));
        }
    }

    private static String quote(String s) {
        String shown = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
