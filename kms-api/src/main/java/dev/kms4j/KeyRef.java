package dev.kms4j;

import java.util.Objects;
import java.util.Optional;

/**
 * An immutable reference to a key, or to one exact version of a key, in some provider.
 *
 * <p>String form: {@code scheme://key-id[#version]}, for example {@code local://payments#2},
 * {@code aws-kms://arn:aws:kms:eu-west-1:111122223333:key/1234abcd-...},
 * {@code azure-kv://myvault.vault.azure.net/payments#0f3c...} or
 * {@code vault-transit://vault.internal:8200/transit/payments#3}. {@link #parse(String)} also
 * accepts Tink's {@code hcvault://host:port/<mount>/keys/<name>} and Azure's own key identifiers
 * {@code https://<vault-host>/keys/<name>[/<version>]}, and turns them into the canonical form.
 *
 * <p>The scheme only selects a provider; what the key id means is up to that provider, which
 * validates it further. A key reference is not a secret. Instances are immutable and
 * thread-safe.
 */
public final class KeyRef {
    /** Longest key id accepted; cloud ARNs and vault paths fit well inside it. */
    public static final int MAX_KEY_ID_LENGTH = 2048;

    private static final String AZURE_SCHEME = "azure-kv";
    private static final String VAULT_SCHEME = "vault-transit";
    private static final String TINK_VAULT_SCHEME = "hcvault";

    private final String scheme;
    private final String keyId;
    private final String version;
    /** The URI form, built once: audit records, spans and policies read it on every call. */
    private final String uri;

    private KeyRef(String scheme, String keyId, String version) {
        this.scheme = scheme;
        this.keyId = keyId;
        this.version = version;
        this.uri = version == null ? scheme + "://" + keyId : scheme + "://" + keyId + "#" + version;
    }

    /**
     * Creates a reference from its parts, validating each.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if a part is malformed
     */
    public static KeyRef of(String scheme, String keyId) {
        return of(scheme, keyId, null);
    }

    /**
     * Creates a reference to one version ({@code null} for "the current version").
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if a part is malformed
     */
    public static KeyRef of(String scheme, String keyId, String version) {
        if (scheme == null || !isScheme(scheme)) {
            throw invalid("invalid key URI scheme " + quote(scheme)
                    + ": expected lower-case letters, digits, '+', '-' or '.', starting with a letter");
        }
        if (scheme.equals("https") || scheme.equals(TINK_VAULT_SCHEME)) {
            // parse() rewrites these foreign forms, so a reference kept in them would not survive toUri -> parse.
            throw invalid("key URI scheme " + quote(scheme) + " is only accepted by parse(), which converts it to "
                    + quote(scheme.equals("https") ? AZURE_SCHEME : VAULT_SCHEME));
        }
        checkKeyId(keyId);
        checkVersion(version);
        return new KeyRef(scheme, keyId, version);
    }

    private static void checkVersion(String version) {
        if (version != null && !isVersion(version)) {
            throw invalid("invalid key version " + quote(version)
                    + ": expected 1 to 128 characters of letters, digits, '.', '_' or '-'");
        }
    }

    // The two checks below are [a-z][a-z0-9+.-]{0,31} and [A-Za-z0-9._-]{1,128} written out:
    // references are built on every call (each result names its exact version), and a regex
    // match costs more than the rest of building one.

    private static boolean isScheme(String s) {
        int n = s.length();
        if (n < 1 || n > 32 || !isLowerLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!(isLowerLetter(c) || isDigit(c) || c == '+' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVersion(String s) {
        int n = s.length();
        if (n < 1 || n > 128) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(isLowerLetter(c) || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Parses a key URI.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} naming the malformed part
     */
    public static KeyRef parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw invalid("key URI is empty");
        }
        int sep = uri.indexOf("://");
        if (sep < 0) {
            throw invalid("key URI " + quote(uri) + " has no scheme: expected scheme://key-id[#version]");
        }
        String scheme = uri.substring(0, sep);
        String rest = uri.substring(sep + 3);
        if (scheme.equals("https")) {
            return parseAzureKeyId(uri, rest);
        }
        String version = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            version = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
            if (version.isEmpty()) {
                throw invalid("key URI " + quote(uri) + " has an empty version after '#'");
            }
        }
        if (scheme.equals(TINK_VAULT_SCHEME)) {
            return of(VAULT_SCHEME, tinkVaultPathToKeyId(uri, rest), version);
        }
        return of(scheme, rest, version);
    }

    /** {@code https://host[:port]/keys/<name>[/<version>]} as Azure prints key identifiers. */
    private static KeyRef parseAzureKeyId(String uri, String rest) {
        int slash = rest.indexOf('/');
        String host = slash < 0 ? rest : rest.substring(0, slash);
        String[] path = slash < 0 ? new String[0] : rest.substring(slash + 1).split("/", -1);
        boolean shaped = !host.isEmpty()
                && (path.length == 2 || path.length == 3)
                && path[0].equals("keys")
                && !path[1].isEmpty();
        if (!shaped) {
            throw invalid("https key URI " + quote(uri)
                    + " is not an Azure key identifier: expected https://<vault-host>/keys/<name>[/<version>]");
        }
        String version = path.length == 3 && !path[2].isEmpty() ? path[2] : null;
        return of(AZURE_SCHEME, host + "/" + path[1], version);
    }

    /** Tink writes {@code hcvault://host:port/<mount>/keys/<name>}; kms4j drops the "keys" segment. */
    private static String tinkVaultPathToKeyId(String uri, String rest) {
        int keys = rest.lastIndexOf("/keys/");
        if (keys <= 0 || keys + 6 >= rest.length()) {
            throw invalid("hcvault key URI " + quote(uri)
                    + " is not of the form hcvault://host[:port]/<mount>/keys/<name>");
        }
        return rest.substring(0, keys) + "/" + rest.substring(keys + 6);
    }

    private static void checkKeyId(String keyId) {
        if (keyId == null || keyId.isEmpty()) {
            throw invalid("key URI has an empty key id");
        }
        if (keyId.length() > MAX_KEY_ID_LENGTH) {
            throw invalid("key id is " + keyId.length() + " characters long; at most "
                    + MAX_KEY_ID_LENGTH + " are allowed");
        }
        for (int i = 0; i < keyId.length(); i++) {
            char c = keyId.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '#') {
                throw invalid("key id " + quote(keyId) + " contains a forbidden character at position " + i
                        + " (whitespace, control characters and '#' are not allowed)");
            }
        }
    }

    private static KmsException invalid(String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
    }

    /** Quotes user input for an error message: shortened, control characters escaped. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** The provider scheme, for example {@code local}. */
    public String scheme() {
        return scheme;
    }

    /** The provider's key identifier (without version). */
    public String keyId() {
        return keyId;
    }

    /** The exact version, or empty for "the key's current version". */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** Whether this reference names one exact version. */
    public boolean hasVersion() {
        return version != null;
    }

    /** The same key at the given version. */
    public KeyRef withVersion(String version) {
        Objects.requireNonNull(version, "version");
        checkVersion(version);
        // The scheme and key id were checked when this reference was made.
        return new KeyRef(scheme, keyId, version);
    }

    /** The same key without a version, that is, its current version. */
    public KeyRef withoutVersion() {
        return version == null ? this : new KeyRef(scheme, keyId, null);
    }

    /** The canonical URI, {@code scheme://key-id[#version]}; {@link #parse} reads it back. */
    public String toUri() {
        return uri;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof KeyRef)) {
            return false;
        }
        KeyRef other = (KeyRef) o;
        return scheme.equals(other.scheme) && keyId.equals(other.keyId) && Objects.equals(version, other.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, keyId, version);
    }

    /** Same as {@link #toUri()}. */
    @Override
    public String toString() {
        return toUri();
    }
}
