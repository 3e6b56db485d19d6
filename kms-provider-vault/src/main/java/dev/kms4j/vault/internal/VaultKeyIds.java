package dev.kms4j.vault.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validates and splits Vault Transit key ids, {@code <host>[:<port>]/<mount>/<name>}, before any
 * part reaches a URL path: the driver does not encode path segments, so only characters that
 * are safe in a path (and that Vault allows) get through. Versions are positive integers.
 * Stateless and thread-safe.
 */
public final class VaultKeyIds {
    /** Vault's framework.GenericNameRegex, with a length bound. */
    private static final Pattern NAME = Pattern.compile("\\w([\\w.-]{0,254}\\w)?");
    private static final Pattern MOUNT_SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Pattern AUTHORITY = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    /** A parsed key id. */
    public static final class Parts {
        private final String authority;
        private final String mount;
        private final String name;

        Parts(String authority, String mount, String name) {
            this.authority = authority;
            this.mount = mount;
            this.name = name;
        }

        public String authority() {
            return authority;
        }

        public String mount() {
            return mount;
        }

        public String name() {
            return name;
        }

        /** {@code <mount>/<segment>/<name>}, for example {@code transit/encrypt/payments}. */
        public String path(String segment) {
            return mount + "/" + segment + "/" + name;
        }

        /** The cache key for this key within one provider (address and namespace are fixed there). */
        public String cacheKey() {
            return mount + "/" + name;
        }
    }

    private VaultKeyIds() {
    }

    /**
     * Splits and validates {@code ref}'s key id; it must name the Vault at {@code authority}.
     *
     * @throws dev.kms4j.KmsException {@code INVALID_ARGUMENT} for a malformed id or another Vault
     */
    public static Parts parse(KeyRef ref, String authority) {
        String id = ref.keyId();
        int firstSlash = id.indexOf('/');
        int lastSlash = id.lastIndexOf('/');
        if (firstSlash <= 0 || lastSlash == firstSlash) {
            throw malformed(ref);
        }
        String host = id.substring(0, firstSlash);
        String mount = id.substring(firstSlash + 1, lastSlash);
        String name = id.substring(lastSlash + 1);
        if (!AUTHORITY.matcher(host).matches() || !NAME.matcher(name).matches()) {
            throw malformed(ref);
        }
        for (String segment : mount.split("/", -1)) {
            if (!MOUNT_SEGMENT.matcher(segment).matches()) {
                throw malformed(ref);
            }
        }
        if (!host.toLowerCase(Locale.ROOT).equals(authority.toLowerCase(Locale.ROOT))) {
            throw VaultErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "key " + ref + " belongs to the Vault at "
                    + host + ", but this provider is configured for " + authority);
        }
        return new Parts(host, mount, name);
    }

    /** The version in {@code ref} as a number, or 0 for none. */
    public static int version(KeyRef ref) {
        if (!ref.hasVersion()) {
            return 0;
        }
        String v = ref.version().orElseThrow();
        if (!VERSION.matcher(v).matches()) {
            throw VaultErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "key " + ref.withoutVersion()
                    + ": Vault Transit key versions are positive integers");
        }
        return Integer.parseInt(v);
    }

    /** Whether {@code name} is a valid Transit key name. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static dev.kms4j.KmsException malformed(KeyRef ref) {
        return VaultErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "key id of " + ref.withoutVersion()
                + " is not of the form <host>[:<port>]/<mount>/<name>, with a Transit key name of letters, digits,"
                + " '_', '-' and '.' (starting and ending with a letter, digit or '_')");
    }
}
