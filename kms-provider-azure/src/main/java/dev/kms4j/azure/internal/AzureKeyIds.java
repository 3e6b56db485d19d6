package dev.kms4j.azure.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits an {@code azure-kv} key id, {@code <vault-host>/<key-name>}, into its vault host and key
 * name, and validates both: the host must be one of the configured vaults (so a key URI read from
 * stored data can never send the caller's token elsewhere), the name must be a Key Vault key name
 * (1 to 127 letters, digits and '-'), and a version must be a Key Vault version id. Stateless and
 * thread-safe.
 */
public final class AzureKeyIds {
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final Pattern VERSION = Pattern.compile("[0-9a-zA-Z]{1,64}");

    private AzureKeyIds() {
    }

    /** A key of one vault: lower-case host ({@code host[:port]}), the key name as given, and its version or {@code null}. */
    public static final class VaultKey {
        private final String host;
        private final String name;
        private final String version;

        VaultKey(String host, String name, String version) {
            this.host = host;
            this.name = name;
            this.version = version;
        }

        public String host() {
            return host;
        }

        public String name() {
            return name;
        }

        /** The version, or {@code null} for the current one. */
        public String version() {
            return version;
        }

        /** The key-level cache key: host and lower-case name (Key Vault names are case-insensitive). */
        String cacheKey() {
            return host + "/" + name.toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return host + "/" + name + (version == null ? "" : "#" + version);
        }
    }

    /**
     * Parses and validates {@code ref}.
     *
     * @throws dev.kms4j.KmsException {@code INVALID_ARGUMENT} naming what is wrong
     */
    public static VaultKey parse(KeyRef ref, Collection<String> vaultHosts) {
        String id = ref.keyId();
        int slash = id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1) {
            throw AzureErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "azure-kv key id '" + id
                    + "' is not of the form <vault-host>/<key-name>");
        }
        String host = id.substring(0, slash).toLowerCase(Locale.ROOT);
        String name = id.substring(slash + 1);
        if (!vaultHosts.contains(host)) {
            throw AzureErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "vault host " + host
                    + " is not configured for azure-kv (configured: " + vaultHosts + "); kms4j sends tokens only to"
                    + " the vaults in 'vault-url'");
        }
        if (!NAME.matcher(name).matches()) {
            throw AzureErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "Azure key name '" + name
                    + "' is not 1 to 127 letters, digits and '-'");
        }
        String version = ref.version().orElse(null);
        if (version != null && !VERSION.matcher(version).matches()) {
            throw AzureErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "Azure key version '" + version
                    + "' is not a Key Vault version id (letters and digits)");
        }
        return new VaultKey(host, name, version);
    }

    /** The version segment of an Azure key id URL ({@code https://host/keys/name/version}), or {@code null}. */
    public static String versionOf(String kid) {
        if (kid == null) {
            return null;
        }
        String[] parts = kid.split("/");
        // https:, "", host, keys, name, version
        return parts.length >= 6 && !parts[5].isEmpty() ? parts[5] : null;
    }
}
