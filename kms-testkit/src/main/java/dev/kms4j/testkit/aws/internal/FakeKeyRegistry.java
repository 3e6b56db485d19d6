package dev.kms4j.testkit.aws.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fake's keys and aliases, and the resolution of every KeyId form KMS accepts: bare key id,
 * key ARN, {@code alias/name} and alias ARN.
 *
 * <p>Thread-safe: all maps are guarded by this object's monitor. Holds keys (secret material
 * inside {@link FakeKey}), never prints them.
 */
final class FakeKeyRegistry {
    static final String ACCOUNT_ID = "111122223333";

    /** An alias and its target. */
    static final class Alias {
        final String name;
        final String targetKeyId;
        final Instant created;
        final Instant updated;

        Alias(String name, String targetKeyId, Instant created, Instant updated) {
            this.name = name;
            this.targetKeyId = targetKeyId;
            this.created = created;
            this.updated = updated;
        }
    }

    private final String region;
    private final Map<String, FakeKey> keys = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new TreeMap<>();

    FakeKeyRegistry(String region) {
        this.region = region;
    }

    String region() {
        return region;
    }

    String keyArn(String id) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT_ID + ":key/" + id;
    }

    String aliasArn(String aliasName) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT_ID + ":" + aliasName;
    }

    synchronized void add(FakeKey key) {
        keys.put(key.id, key);
    }

    synchronized List<FakeKey> keys() {
        return new ArrayList<>(keys.values());
    }

    synchronized FakeKey byId(String id) {
        return keys.get(id);
    }

    /**
     * Resolves any KeyId form to a key; NotFoundException if it names nothing. With
     * {@code allowAlias=false}, alias forms are rejected as KMS does for admin operations.
     */
    synchronized FakeKey resolve(String keyId, boolean allowAlias) {
        if (keyId == null || keyId.isEmpty()) {
            throw AwsError.validation("1 validation error detected: Value null at 'keyId' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        String ref = keyId;
        String prefix = "arn:aws:kms:" + region + ":" + ACCOUNT_ID + ":";
        if (ref.startsWith("arn:")) {
            if (!ref.startsWith(prefix)) {
                throw AwsError.notFound("Invalid arn " + keyId);
            }
            ref = ref.substring(prefix.length());
            if (ref.startsWith("key/")) {
                ref = ref.substring(4);
            } else if (!ref.startsWith("alias/")) {
                throw AwsError.notFound("Invalid arn " + keyId);
            }
        }
        if (ref.startsWith("alias/")) {
            if (!allowAlias) {
                throw AwsError.notFound("Invalid keyId " + keyId);
            }
            Alias a = aliases.get(ref);
            if (a == null) {
                throw AwsError.notFound("Alias " + aliasArn(ref) + " is not found.");
            }
            ref = a.targetKeyId;
        }
        FakeKey k = keys.get(ref);
        if (k == null) {
            throw AwsError.notFound("Key '" + keyArn(ref) + "' does not exist");
        }
        return k;
    }

    synchronized void createAlias(String name, FakeKey target, Instant now) {
        if (aliases.containsKey(name)) {
            throw new AwsError("AlreadyExistsException", 400, "An alias with the name " + aliasArn(name)
                    + " already exists");
        }
        aliases.put(name, new Alias(name, target.id, now, now));
    }

    synchronized void updateAlias(String name, FakeKey target, Instant now) {
        Alias a = aliases.get(name);
        if (a == null) {
            throw AwsError.notFound("Alias " + aliasArn(name) + " is not found.");
        }
        aliases.put(name, new Alias(name, target.id, a.created, now));
    }

    synchronized void deleteAlias(String name) {
        if (aliases.remove(name) == null) {
            throw AwsError.notFound("Alias " + aliasArn(name) + " is not found.");
        }
    }

    synchronized List<Alias> aliases() {
        return new ArrayList<>(aliases.values());
    }

    synchronized void clear() {
        keys.values().forEach(FakeKey::destroy);
        keys.clear();
        aliases.clear();
    }
}
