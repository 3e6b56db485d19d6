package dev.kms4j.vault.internal;

import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyVersionMetadata;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.RotationPolicy;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Transit's answer to {@code GET <mount>/keys/<name>}: type, versions with creation times
 * (unix seconds for symmetric keys, objects with an RFC 3339 {@code creation_time} and a
 * {@code public_key} for key pairs), {@code latest_version}, {@code min_decryption_version},
 * {@code auto_rotate_period}. Stateless and thread-safe.
 */
final class VaultKeyData {
    private static final Pattern GO_DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private VaultKeyData() {
    }

    /** {@code auto_rotate_period}: seconds (as Vault shows it), or a Go duration; zero is manual. */
    static RotationPolicy rotationPolicyOf(JsonObject data) {
        JsonValue v = data.get("auto_rotate_period");
        long seconds = 0;
        if (v != null && v.isNumber()) {
            seconds = v.asLong();
        } else if (v != null && v.isString()) {
            seconds = goDurationSeconds(v.asString());
        }
        return seconds <= 0 ? RotationPolicy.manual() : RotationPolicy.every(Duration.ofSeconds(seconds));
    }

    /**
     * The text of version {@code version}'s public key (PEM, or for Ed25519 base64 of the raw key),
     * or {@code null} if there is no such version.
     */
    static String publicKeyText(JsonObject data, int version) {
        JsonValue keys = data.get("keys");
        JsonValue entry = keys == null || !keys.isObject() ? null : keys.asObject().get(String.valueOf(version));
        return entry == null || !entry.isObject() ? null : entry.asObject().getString("public_key", null);
    }

    /** Vault shows durations as seconds, but accept Go's {@code 1h2m3s} form too. */
    static long goDurationSeconds(String text) {
        Matcher m = GO_DURATION.matcher(text.trim());
        if (!m.matches()) {
            return 0;
        }
        long total = 0;
        for (int i = 1; i <= 3; i++) {
            if (m.group(i) != null) {
                total += Long.parseLong(m.group(i)) * (i == 1 ? 3600 : i == 2 ? 60 : 1);
            }
        }
        return total;
    }

    /** Vault shows Ed25519 public keys as base64 of the raw 32 bytes; wrap them as X.509 SubjectPublicKeyInfo. */
    static byte[] ed25519Spki(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("not a raw Ed25519 public key");
        }
        byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        byte[] spki = Arrays.copyOf(prefix, prefix.length + 32);
        System.arraycopy(raw, 0, spki, prefix.length, 32);
        return spki;
    }

    static KeySpec specOf(KeyRef ref, JsonObject data) {
        String type = data.getString("type", "");
        return VaultKeyTypes.fromVault(type, data.getInt("key_size", 0)).orElseThrow(() ->
                VaultErrors.error(KmsErrorCode.UNSUPPORTED, ref, "Vault Transit key " + ref.withoutVersion()
                        + " has type " + type + ", which kms4j does not model"));
    }

    /** Unix seconds (symmetric keys) or an object with an RFC 3339 {@code creation_time} (key pairs). */
    private static Instant creationTime(JsonValue v) {
        try {
            if (v.isNumber()) {
                return Instant.ofEpochSecond(v.asLong());
            }
            if (v.isObject()) {
                String t = v.asObject().getString("creation_time", null);
                return t == null ? null : java.time.OffsetDateTime.parse(t).toInstant();
            }
        } catch (DateTimeParseException | UnsupportedOperationException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** The metadata of a key from its read answer; versions below min_decryption_version are DISABLED. */
    static KeyMetadata toMetadata(KeyRef ref, JsonObject data) {
        KeySpec spec = specOf(ref, data);
        int latest = data.getInt("latest_version", 0);
        int minDecryption = data.getInt("min_decryption_version", 1);
        Map<Integer, Instant> created = new java.util.TreeMap<>();
        JsonValue keys = data.get("keys");
        if (keys != null && keys.isObject()) {
            for (JsonObject.Member m : keys.asObject()) {
                try {
                    created.put(Integer.parseInt(m.getName()), creationTime(m.getValue()));
                } catch (NumberFormatException e) {
                    // not a version entry
                }
            }
        }
        if (latest <= 0) {
            latest = created.isEmpty() ? 1 : ((java.util.TreeMap<Integer, Instant>) created).lastKey();
        }
        created.putIfAbsent(latest, null);
        List<KeyVersionMetadata> versions = new ArrayList<>();
        for (Map.Entry<Integer, Instant> e : created.entrySet()) {
            KeyState state = e.getKey() < minDecryption ? KeyState.DISABLED : KeyState.ENABLED;
            versions.add(KeyVersionMetadata.of(String.valueOf(e.getKey()), state, e.getValue()));
        }
        Instant first = versions.get(0).createdAt().orElse(null);
        Instant last = latest > 1 ? created.get(latest) : null;
        return KeyMetadata.builder(ref)
                .spec(spec)
                .usage(spec.defaultUsage())
                .state(KeyState.ENABLED)
                .currentVersion(String.valueOf(latest))
                .versions(versions)
                .createdAt(first)
                .rotatedAt(last)
                .capabilities(VaultKeyTypes.capabilities(spec))
                .build();
    }
}
