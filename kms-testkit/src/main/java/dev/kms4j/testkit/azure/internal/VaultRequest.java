package dev.kms4j.testkit.azure.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Key Vault request, routed: the REST operation name (as the fake's faults and counters know
 * it), the key name and version from the path, and the decoded query. Clients may
 * percent-encode the query (the JS SDK sends {@code api%2Dversion}), so it is decoded before use.
 *
 * <p>Immutable. Holds no secrets (the body is kept apart).
 */
public final class VaultRequest {
    /** The REST operations the fake serves, by the names used for faults and request counts. */
    public static final String CREATE_KEY = "CreateKey";
    public static final String GET_KEY = "GetKey";
    public static final String GET_KEYS = "GetKeys";
    public static final String GET_KEY_VERSIONS = "GetKeyVersions";
    public static final String ROTATE_KEY = "RotateKey";
    public static final String UPDATE_KEY = "UpdateKey";
    public static final String DELETE_KEY = "DeleteKey";
    public static final String GET_DELETED_KEY = "GetDeletedKey";
    public static final String GET_DELETED_KEYS = "GetDeletedKeys";
    public static final String RECOVER_DELETED_KEY = "RecoverDeletedKey";
    public static final String PURGE_DELETED_KEY = "PurgeDeletedKey";
    public static final String GET_ROTATION_POLICY = "GetKeyRotationPolicy";
    public static final String UPDATE_ROTATION_POLICY = "UpdateKeyRotationPolicy";
    public static final String SIGN = "Sign";
    public static final String VERIFY = "Verify";
    public static final String ENCRYPT = "Encrypt";
    public static final String DECRYPT = "Decrypt";
    public static final String WRAP_KEY = "WrapKey";
    public static final String UNWRAP_KEY = "UnwrapKey";

    private final String operation;
    private final String name;
    private final String version;
    private final Map<String, String> query;

    private VaultRequest(String operation, String name, String version, Map<String, String> query) {
        this.operation = operation;
        this.name = name;
        this.version = version;
        this.query = query;
    }

    /** Routes a method and raw path (with query); {@code null} if no Key Vault operation matches. */
    public static VaultRequest route(String method, String rawPath) {
        int q = rawPath.indexOf('?');
        String path = q < 0 ? rawPath : rawPath.substring(0, q);
        Map<String, String> query = parseQuery(q < 0 ? "" : rawPath.substring(q + 1));
        String[] s = path.split("/", -1);
        // s[0] is the empty string before the leading slash.
        if (s.length < 2 || !s[0].isEmpty()) {
            return null;
        }
        String m = method.toUpperCase(Locale.ROOT);
        String collection = s[1];
        int n = s.length;
        if (collection.equals("keys")) {
            if (n == 2 || (n == 3 && s[2].isEmpty())) {
                return m.equals("GET") ? new VaultRequest(GET_KEYS, null, null, query) : null;
            }
            String name = s[2];
            if (n == 3) {
                switch (m) {
                    case "GET":
                        return new VaultRequest(GET_KEY, name, "", query);
                    case "DELETE":
                        return new VaultRequest(DELETE_KEY, name, null, query);
                    case "PATCH":
                        return new VaultRequest(UPDATE_KEY, name, "", query);
                    default:
                        return null;
                }
            }
            String third = s[3];
            if (n == 4) {
                if (m.equals("POST") && third.equals("create")) {
                    return new VaultRequest(CREATE_KEY, name, null, query);
                }
                if (m.equals("POST") && third.equals("rotate")) {
                    return new VaultRequest(ROTATE_KEY, name, null, query);
                }
                if (m.equals("GET") && third.equals("versions")) {
                    return new VaultRequest(GET_KEY_VERSIONS, name, null, query);
                }
                if (third.equals("rotationpolicy")) {
                    return m.equals("GET") ? new VaultRequest(GET_ROTATION_POLICY, name, null, query)
                            : m.equals("PUT") ? new VaultRequest(UPDATE_ROTATION_POLICY, name, null, query) : null;
                }
                if (m.equals("GET")) {
                    return new VaultRequest(GET_KEY, name, third, query);
                }
                if (m.equals("PATCH")) {
                    return new VaultRequest(UPDATE_KEY, name, third, query);
                }
                return null;
            }
            if (n == 5 && m.equals("POST")) {
                String op = cryptoOperation(s[4]);
                return op == null ? null : new VaultRequest(op, name, third, query);
            }
            return null;
        }
        if (collection.equals("deletedkeys")) {
            if (n == 2 || (n == 3 && s[2].isEmpty())) {
                return m.equals("GET") ? new VaultRequest(GET_DELETED_KEYS, null, null, query) : null;
            }
            if (n == 3) {
                return m.equals("GET") ? new VaultRequest(GET_DELETED_KEY, s[2], null, query)
                        : m.equals("DELETE") ? new VaultRequest(PURGE_DELETED_KEY, s[2], null, query) : null;
            }
            if (n == 4 && m.equals("POST") && s[3].equals("recover")) {
                return new VaultRequest(RECOVER_DELETED_KEY, s[2], null, query);
            }
        }
        return null;
    }

    private static String cryptoOperation(String segment) {
        switch (segment.toLowerCase(Locale.ROOT)) {
            case "sign":
                return SIGN;
            case "verify":
                return VERIFY;
            case "encrypt":
                return ENCRYPT;
            case "decrypt":
                return DECRYPT;
            case "wrapkey":
                return WRAP_KEY;
            case "unwrapkey":
                return UNWRAP_KEY;
            default:
                return null;
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw AzureError.badParameter("The query string is not validly encoded.");
            }
        }
        return out;
    }

    public String operation() {
        return operation;
    }

    /** The key name from the path, or {@code null} for collection operations. */
    public String name() {
        return name;
    }

    /** The version from the path: {@code ""} for "current", {@code null} where the path has none. */
    public String version() {
        return version;
    }

    /** A decoded query parameter, or {@code null}. */
    public String query(String name) {
        return query.get(name);
    }

    @Override
    public String toString() {
        return "VaultRequest[" + operation + (name == null ? "" : " " + name) + "]";
    }
}
