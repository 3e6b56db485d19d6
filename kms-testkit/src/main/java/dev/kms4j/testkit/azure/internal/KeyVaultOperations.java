package dev.kms4j.testkit.azure.internal;

import java.math.BigDecimal;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The state and behaviour of the fake Key Vault: keys with versions and attributes, soft delete
 * and recovery, rotation and rotation policies, and the key operations with real cryptography.
 * Works on parsed JSON ({@code Map}/{@code List}) so it can be tested without HTTP.
 *
 * <p>Key names are case-insensitive, as in Key Vault. Creating a key under an existing name adds
 * a version (as Key Vault does); under the name of a deleted key it is a 409 Conflict.
 *
 * <p>Thread-safe: the key table is guarded by this object's monitor; key generation and
 * cryptography run outside it. Holds key material; never logs or prints it.
 */
public final class KeyVaultOperations {
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final Set<String> KEY_OPS = Set.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey",
            "import", "export");
    private static final long DAY = 86_400L;

    private final Clock clock;
    private final int recoverableDays;
    private final int pageSize;
    /** Active keys by lower-case name; versions oldest first. */
    private final Map<String, List<FakeKeyVersion>> keys = new TreeMap<>();
    private final Map<String, Deleted> deleted = new TreeMap<>();
    private final Map<String, Map<String, Object>> rotationPolicies = new TreeMap<>();

    private static final class Deleted {
        final List<FakeKeyVersion> versions;
        final long deletedDate;
        final long scheduledPurgeDate;

        Deleted(List<FakeKeyVersion> versions, long deletedDate, long scheduledPurgeDate) {
            this.versions = versions;
            this.deletedDate = deletedDate;
            this.scheduledPurgeDate = scheduledPurgeDate;
        }
    }

    public KeyVaultOperations(Clock clock, int recoverableDays, int pageSize) {
        this.clock = clock;
        this.recoverableDays = recoverableDays;
        this.pageSize = pageSize;
    }

    /** Removes every key, deleted key and policy. */
    public synchronized void clear() {
        keys.clear();
        deleted.clear();
        rotationPolicies.clear();
    }

    /** Names of active keys, sorted. */
    public synchronized List<String> keyNames() {
        List<String> names = new ArrayList<>();
        keys.values().forEach(v -> names.add(v.get(v.size() - 1).name()));
        return names;
    }

    /** Names of soft-deleted keys, sorted. */
    public synchronized List<String> deletedKeyNames() {
        List<String> names = new ArrayList<>();
        deleted.values().forEach(d -> names.add(d.versions.get(0).name()));
        return names;
    }

    /** Version ids of an active key, oldest first; KeyNotFound if absent. */
    public synchronized List<String> versions(String name) {
        List<String> out = new ArrayList<>();
        active(name).forEach(v -> out.add(v.version()));
        return out;
    }

    /**
     * Serves one routed request.
     *
     * @param base {@code https://<host>}, for key ids and next links
     * @param body the parsed JSON body (empty for none)
     * @return the JSON answer, or {@code null} for 204 No Content
     */
    public Map<String, Object> invoke(VaultRequest r, Map<String, Object> body, String base) {
        if (r.name() != null && !NAME.matcher(r.name()).matches()) {
            throw AzureError.badParameter("The key name must be 1 to 127 characters of letters, digits and '-'.");
        }
        switch (r.operation()) {
            case VaultRequest.CREATE_KEY:
                return create(r.name(), body, base);
            case VaultRequest.GET_KEY:
                return bundle(find(r.name(), r.version()), base);
            case VaultRequest.GET_KEYS:
                return listKeys(r, base);
            case VaultRequest.GET_KEY_VERSIONS:
                return listVersions(r, base);
            case VaultRequest.ROTATE_KEY:
                return rotate(r.name(), base);
            case VaultRequest.UPDATE_KEY:
                return update(r.name(), r.version(), body, base);
            case VaultRequest.DELETE_KEY:
                return delete(r.name(), base);
            case VaultRequest.GET_DELETED_KEY:
                return deletedBundle(r.name(), base);
            case VaultRequest.GET_DELETED_KEYS:
                return listDeleted(r, base);
            case VaultRequest.RECOVER_DELETED_KEY:
                return recover(r.name(), base);
            case VaultRequest.PURGE_DELETED_KEY:
                purge(r.name());
                return null;
            case VaultRequest.GET_ROTATION_POLICY:
                return rotationPolicy(r.name(), base);
            case VaultRequest.UPDATE_ROTATION_POLICY:
                return setRotationPolicy(r.name(), body, base);
            default:
                return keyOperation(r, body, base);
        }
    }

    // ---- key management -------------------------------------------------------------------------

    private Map<String, Object> create(String name, Map<String, Object> body, String base) {
        String kty = string(body, "kty", null);
        if (kty == null) {
            throw AzureError.badParameter("The parameter kty is required.");
        }
        String family;
        switch (kty) {
            case "EC": case "EC-HSM":
                family = "EC";
                break;
            case "RSA": case "RSA-HSM":
                family = "RSA";
                break;
            case "oct": case "oct-HSM":
                family = "OCT";
                break;
            default:
                throw AzureError.badParameter("The key type " + kty + " is not supported.");
        }
        String curve = null;
        int size = 0;
        KeyPair pair = null;
        byte[] secret = null;
        List<String> defaultOps;
        if (family.equals("EC")) {
            curve = string(body, "crv", "P-256");
            AzureCrypto.jcaCurve(curve);
            defaultOps = List.of("sign", "verify");
        } else if (family.equals("RSA")) {
            size = integer(body, "key_size", 2048);
            if (size != 2048 && size != 3072 && size != 4096) {
                throw AzureError.badParameter("RSA key size " + size + " is not supported (2048, 3072 or 4096).");
            }
            defaultOps = List.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey");
        } else {
            size = integer(body, "key_size", 256);
            if (size != 128 && size != 192 && size != 256) {
                throw AzureError.badParameter("oct key size " + size + " is not supported (128, 192 or 256).");
            }
            defaultOps = List.of("encrypt", "decrypt", "wrapKey", "unwrapKey");
        }
        List<String> ops = keyOps(body, defaultOps);
        Map<String, Object> attrs = object(body, "attributes");
        Boolean enabled = bool(attrs, "enabled");
        Map<String, String> tags = tags(body);
        synchronized (this) {
            if (deleted.containsKey(key(name))) {
                throw new AzureError(409, "Conflict", "ObjectIsDeletedButRecoverable", "Key " + name
                        + " is currently in a deleted but recoverable state, and its name cannot be reused;"
                        + " in this state, the key can only be recovered or purged.");
            }
        }
        // Generated outside the lock: RSA-4096 takes a while and must not stall other requests.
        if (family.equals("EC")) {
            pair = AzureCrypto.generateEc(curve);
        } else if (family.equals("RSA")) {
            pair = AzureCrypto.generateRsa(size);
        } else {
            secret = AzureCrypto.randomBytes(size / 8);
        }
        try {
            FakeKeyVersion v = new FakeKeyVersion(name, newVersion(), kty, curve, size, pair, secret, ops,
                    enabled == null || enabled, seconds(attrs, "nbf"), seconds(attrs, "exp"), tags, now());
            synchronized (this) {
                if (deleted.containsKey(key(name))) {
                    throw AzureError.conflict("Key " + name + " is currently in a deleted but recoverable state.");
                }
                keys.computeIfAbsent(key(name), k -> new ArrayList<>()).add(v);
            }
            return bundle(v, base);
        } finally {
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }

    private Map<String, Object> rotate(String name, String base) {
        FakeKeyVersion current = find(name, "");
        KeyPair pair = null;
        byte[] secret = null;
        if (current.family().equals("EC")) {
            pair = AzureCrypto.generateEc(current.curve());
        } else if (current.family().equals("RSA")) {
            pair = AzureCrypto.generateRsa(current.keySize());
        } else {
            secret = AzureCrypto.randomBytes(current.keySize() / 8);
        }
        try {
            FakeKeyVersion v = new FakeKeyVersion(current.name(), newVersion(), current.kty(), current.curve(),
                    current.keySize(), pair, secret, current.keyOps(), true, null, null, current.tags(), now());
            synchronized (this) {
                active(name).add(v);
            }
            return bundle(v, base);
        } finally {
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> update(String name, String version, Map<String, Object> body, String base) {
        FakeKeyVersion v = find(name, version);
        Map<String, Object> attrs = object(body, "attributes");
        // The SDK sends an empty key_ops array when the caller names no operations: that leaves them unchanged.
        List<String> ops = keyOps(body, null);
        if (ops != null && ops.isEmpty()) {
            ops = null;
        }
        Map<String, String> tags = body.get("tags") == null ? null : tags(body);
        v.update(bool(attrs, "enabled"), seconds(attrs, "nbf"), attrs.containsKey("nbf"), seconds(attrs, "exp"),
                attrs.containsKey("exp"), ops, tags, now());
        return bundle(v, base);
    }

    private Map<String, Object> delete(String name, String base) {
        Deleted d;
        synchronized (this) {
            List<FakeKeyVersion> versions = active(name);
            long now = now();
            d = new Deleted(versions, now, now + recoverableDays * DAY);
            keys.remove(key(name));
            deleted.put(key(name), d);
            rotationPolicies.remove(key(name));
        }
        return deletedBundle(d, base);
    }

    private Map<String, Object> deletedBundle(String name, String base) {
        Deleted d;
        synchronized (this) {
            d = deleted.get(key(name));
        }
        if (d == null) {
            throw new AzureError(404, "KeyNotFound", null, "Deleted Key not found: " + name);
        }
        return deletedBundle(d, base);
    }

    private Map<String, Object> deletedBundle(Deleted d, String base) {
        FakeKeyVersion current = d.versions.get(d.versions.size() - 1);
        Map<String, Object> b = bundle(current, base);
        b.put("recoveryId", base + "/deletedkeys/" + current.name());
        b.put("deletedDate", d.deletedDate);
        b.put("scheduledPurgeDate", d.scheduledPurgeDate);
        return b;
    }

    private Map<String, Object> recover(String name, String base) {
        FakeKeyVersion current;
        synchronized (this) {
            Deleted d = deleted.get(key(name));
            if (d == null) {
                throw new AzureError(404, "KeyNotFound", null, "Deleted Key not found: " + name);
            }
            if (keys.containsKey(key(name))) {
                throw AzureError.conflict("A key named " + name + " already exists.");
            }
            deleted.remove(key(name));
            keys.put(key(name), d.versions);
            current = d.versions.get(d.versions.size() - 1);
        }
        return bundle(current, base);
    }

    private synchronized void purge(String name) {
        if (deleted.remove(key(name)) == null) {
            throw new AzureError(404, "KeyNotFound", null, "Deleted Key not found: " + name);
        }
    }

    // ---- listing ----------------------------------------------------------------------------------

    private Map<String, Object> listKeys(VaultRequest r, String base) {
        List<Map<String, Object>> items = new ArrayList<>();
        synchronized (this) {
            for (List<FakeKeyVersion> versions : keys.values()) {
                FakeKeyVersion current = versions.get(versions.size() - 1);
                items.add(item(current, base + "/keys/" + current.name()));
            }
        }
        return page(items, r, base + "/keys");
    }

    private Map<String, Object> listVersions(VaultRequest r, String base) {
        List<Map<String, Object>> items = new ArrayList<>();
        synchronized (this) {
            for (FakeKeyVersion v : active(r.name())) {
                items.add(item(v, v.kid(base)));
            }
        }
        return page(items, r, base + "/keys/" + r.name() + "/versions");
    }

    private Map<String, Object> listDeleted(VaultRequest r, String base) {
        List<Map<String, Object>> items = new ArrayList<>();
        synchronized (this) {
            for (Deleted d : deleted.values()) {
                FakeKeyVersion current = d.versions.get(d.versions.size() - 1);
                Map<String, Object> item = item(current, base + "/keys/" + current.name());
                item.put("recoveryId", base + "/deletedkeys/" + current.name());
                item.put("deletedDate", d.deletedDate);
                item.put("scheduledPurgeDate", d.scheduledPurgeDate);
                items.add(item);
            }
        }
        return page(items, r, base + "/deletedkeys");
    }

    private Map<String, Object> item(FakeKeyVersion v, String kid) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kid", kid);
        item.put("attributes", v.attributes(recoverableDays));
        Map<String, String> tags = v.tags();
        if (!tags.isEmpty()) {
            item.put("tags", tags);
        }
        return item;
    }

    /** One page of {@code items}, with an absolute {@code nextLink} while more remain. */
    private Map<String, Object> page(List<Map<String, Object>> items, VaultRequest r, String collectionUrl) {
        int max = pageSize;
        String maxResults = r.query("maxresults");
        if (maxResults != null) {
            try {
                max = Math.max(1, Math.min(pageSize, Integer.parseInt(maxResults)));
            } catch (NumberFormatException e) {
                throw AzureError.badParameter("maxresults must be a number.");
            }
        }
        int start = 0;
        String skip = r.query("$skiptoken");
        if (skip != null) {
            try {
                start = Integer.parseInt(skip);
            } catch (NumberFormatException e) {
                throw AzureError.badParameter("The $skiptoken is not valid.");
            }
        }
        int end = Math.min(items.size(), start + max);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", start >= items.size() ? List.of() : items.subList(start, end));
        String apiVersion = r.query("api-version") == null ? "7.6" : r.query("api-version");
        out.put("nextLink", end < items.size()
                ? collectionUrl + "?api-version=" + apiVersion + "&$skiptoken=" + end + "&maxresults=" + max : null);
        return out;
    }

    // ---- rotation policy ------------------------------------------------------------------------

    private Map<String, Object> rotationPolicy(String name, String base) {
        String id = find(name, "").name();
        Map<String, Object> stored;
        synchronized (this) {
            stored = rotationPolicies.get(key(name));
        }
        if (stored != null) {
            return stored;
        }
        // Key Vault's default: notify 30 days before expiry, no automatic rotation.
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("id", base + "/keys/" + id + "/rotationpolicy");
        policy.put("lifetimeActions", List.of(Map.of("trigger", Map.of("timeBeforeExpiry", "P30D"),
                "action", Map.of("type", "Notify"))));
        policy.put("attributes", new LinkedHashMap<>());
        return policy;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> setRotationPolicy(String name, Map<String, Object> body, String base) {
        String id = find(name, "").name();
        List<Object> actions = body.get("lifetimeActions") == null ? List.of() : list(body, "lifetimeActions");
        List<Object> clean = new ArrayList<>();
        for (Object a : actions) {
            if (!(a instanceof Map)) {
                throw AzureError.badParameter("Each lifetime action must be an object.");
            }
            Map<String, Object> trigger = object((Map<String, Object>) a, "trigger");
            Map<String, Object> action = object((Map<String, Object>) a, "action");
            String type = string(action, "type", null);
            if (type == null || !(type.equalsIgnoreCase("Rotate") || type.equalsIgnoreCase("Notify"))) {
                throw AzureError.badParameter("The lifetime action type must be Rotate or Notify.");
            }
            String after = string(trigger, "timeAfterCreate", null);
            String before = string(trigger, "timeBeforeExpiry", null);
            if ((after == null) == (before == null)) {
                throw AzureError.badParameter("A trigger needs exactly one of timeAfterCreate and timeBeforeExpiry.");
            }
            if (after != null && days(after) < 7) {
                throw AzureError.badParameter("timeAfterCreate must be at least 7 days.");
            }
            if (before != null) {
                days(before);
            }
            Map<String, Object> t = new LinkedHashMap<>();
            if (after != null) {
                t.put("timeAfterCreate", after);
            }
            if (before != null) {
                t.put("timeBeforeExpiry", before);
            }
            clean.add(Map.of("trigger", t, "action", Map.of("type", type)));
        }
        Map<String, Object> attrs = object(body, "attributes");
        String expiry = string(attrs, "expiryTime", null);
        if (expiry != null && days(expiry) < 28) {
            throw AzureError.badParameter("expiryTime must be at least 28 days.");
        }
        long now = now();
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("id", base + "/keys/" + id + "/rotationpolicy");
        policy.put("lifetimeActions", clean);
        Map<String, Object> outAttrs = new LinkedHashMap<>();
        if (expiry != null) {
            outAttrs.put("expiryTime", expiry);
        }
        outAttrs.put("created", now);
        outAttrs.put("updated", now);
        policy.put("attributes", outAttrs);
        synchronized (this) {
            active(name);
            rotationPolicies.put(key(name), policy);
        }
        return policy;
    }

    /** An ISO-8601 period of years, months or days, in (approximate) days; BadParameter otherwise. */
    private static long days(String iso) {
        try {
            Period p = Period.parse(iso);
            if (p.isNegative() || p.isZero()) {
                throw AzureError.badParameter("The duration " + iso + " must be positive.");
            }
            return p.getYears() * 365L + p.getMonths() * 30L + p.getDays();
        } catch (DateTimeParseException e) {
            throw AzureError.badParameter("The duration " + iso + " is not an ISO-8601 period such as P90D.");
        }
    }

    // ---- key operations ---------------------------------------------------------------------------

    private Map<String, Object> keyOperation(VaultRequest r, Map<String, Object> body, String base) {
        FakeKeyVersion v = find(r.name(), r.version());
        String op = r.operation();
        String wireOp = op.equals(VaultRequest.WRAP_KEY) ? "wrapKey" : op.equals(VaultRequest.UNWRAP_KEY) ? "unwrapKey"
                : op.toLowerCase(Locale.ROOT);
        if (!v.usableAt(now())) {
            throw AzureError.keyDisabled(wireOp);
        }
        if (!v.keyOps().contains(wireOp)) {
            throw AzureError.operationNotAllowed(wireOp);
        }
        String alg = string(body, "alg", null);
        if (alg == null) {
            throw AzureError.badParameter("The parameter alg is required.");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kid", v.kid(base));
        byte[] result = null;
        try {
            switch (op) {
                case VaultRequest.SIGN:
                    out.put("value", Base64Url.encode(AzureCrypto.sign(v, alg, Base64Url.decode(body.get("value"), "value"))));
                    return out;
                case VaultRequest.VERIFY:
                    boolean ok = AzureCrypto.verify(v, alg, Base64Url.decode(body.get("digest"), "digest"),
                            Base64Url.decode(body.get("value"), "value"));
                    return Map.of("value", ok);
                case VaultRequest.ENCRYPT:
                    out.putAll(AzureCrypto.encrypt(v, alg, Base64Url.decode(body.get("value"), "value"),
                            optionalBytes(body, "aad")));
                    return out;
                case VaultRequest.DECRYPT:
                    result = AzureCrypto.decrypt(v, alg, Base64Url.decode(body.get("value"), "value"),
                            optionalBytes(body, "iv"), optionalBytes(body, "tag"), optionalBytes(body, "aad"));
                    out.put("value", Base64Url.encode(result));
                    return out;
                case VaultRequest.WRAP_KEY:
                    out.put("value", Base64Url.encode(AzureCrypto.wrap(v, alg, Base64Url.decode(body.get("value"), "value"))));
                    return out;
                case VaultRequest.UNWRAP_KEY:
                    result = AzureCrypto.unwrap(v, alg, Base64Url.decode(body.get("value"), "value"));
                    out.put("value", Base64Url.encode(result));
                    return out;
                default:
                    throw AzureError.badParameter("Unknown operation.");
            }
        } finally {
            if (result != null) {
                Arrays.fill(result, (byte) 0);
            }
        }
    }

    // ---- lookups and JSON helpers --------------------------------------------------------------

    /** The version named ({@code ""} or {@code null} = current) of an active key; KeyNotFound otherwise. */
    private synchronized FakeKeyVersion find(String name, String version) {
        List<FakeKeyVersion> versions = active(name);
        if (version == null || version.isEmpty()) {
            return versions.get(versions.size() - 1);
        }
        for (FakeKeyVersion v : versions) {
            if (v.version().equalsIgnoreCase(version)) {
                return v;
            }
        }
        throw AzureError.keyNotFound(name + "/" + version);
    }

    private synchronized List<FakeKeyVersion> active(String name) {
        List<FakeKeyVersion> versions = keys.get(key(name));
        if (versions == null) {
            throw AzureError.keyNotFound(name);
        }
        return versions;
    }

    private Map<String, Object> bundle(FakeKeyVersion v, String base) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("key", v.jwk(base));
        b.put("attributes", v.attributes(recoverableDays));
        Map<String, String> tags = v.tags();
        if (!tags.isEmpty()) {
            b.put("tags", tags);
        }
        return b;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String newVersion() {
        return HexFormat.of().formatHex(AzureCrypto.randomBytes(16));
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static List<String> keyOps(Map<String, Object> body, List<String> defaults) {
        Object raw = body.get("key_ops");
        if (raw == null) {
            return defaults;
        }
        if (!(raw instanceof List)) {
            throw AzureError.badParameter("key_ops must be an array.");
        }
        List<String> ops = new ArrayList<>();
        for (Object o : (List<?>) raw) {
            if (!(o instanceof String) || !KEY_OPS.contains(o)) {
                throw AzureError.badParameter("Invalid key operation in key_ops.");
            }
            ops.add((String) o);
        }
        return ops;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> tags(Map<String, Object> body) {
        Object raw = body.get("tags");
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof Map)) {
            throw AzureError.badParameter("tags must be an object.");
        }
        for (Map.Entry<String, Object> e : ((Map<String, Object>) raw).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw AzureError.badParameter("Tag values must be strings.");
            }
            out.put(e.getKey(), (String) e.getValue());
        }
        if (out.size() > 15) {
            throw AzureError.badParameter("A key can have at most 15 tags.");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> body, String field) {
        Object raw = body.get(field);
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof Map)) {
            throw AzureError.badParameter("The parameter " + field + " must be an object.");
        }
        return (Map<String, Object>) raw;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> body, String field) {
        Object raw = body.get(field);
        if (!(raw instanceof List)) {
            throw AzureError.badParameter("The parameter " + field + " must be an array.");
        }
        return (List<Object>) raw;
    }

    private static String string(Map<String, Object> body, String field, String defaultValue) {
        Object raw = body.get(field);
        if (raw == null) {
            return defaultValue;
        }
        if (!(raw instanceof String)) {
            throw AzureError.badParameter("The parameter " + field + " must be a string.");
        }
        return (String) raw;
    }

    private static int integer(Map<String, Object> body, String field, int defaultValue) {
        Object raw = body.get(field);
        if (raw == null) {
            return defaultValue;
        }
        if (!(raw instanceof BigDecimal)) {
            throw AzureError.badParameter("The parameter " + field + " must be a number.");
        }
        try {
            return ((BigDecimal) raw).intValueExact();
        } catch (ArithmeticException e) {
            throw AzureError.badParameter("The parameter " + field + " is out of range.");
        }
    }

    private static Boolean bool(Map<String, Object> body, String field) {
        Object raw = body.get(field);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Boolean)) {
            throw AzureError.badParameter("The parameter " + field + " must be a boolean.");
        }
        return (Boolean) raw;
    }

    private static Long seconds(Map<String, Object> body, String field) {
        Object raw = body.get(field);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof BigDecimal)) {
            throw AzureError.badParameter("The parameter " + field + " must be a number of seconds.");
        }
        return ((BigDecimal) raw).longValue();
    }

    private static byte[] optionalBytes(Map<String, Object> body, String field) {
        return body.get(field) == null ? null : Base64Url.decode(body.get(field), field);
    }
}
