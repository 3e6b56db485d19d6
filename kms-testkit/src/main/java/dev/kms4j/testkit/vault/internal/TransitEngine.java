package dev.kms4j.testkit.vault.internal;

import dev.kms4j.PublicKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One mounted Transit secrets engine (in one namespace): named keys and the operations of
 * Vault's Transit API over them. Each operation takes the request's parameters and returns the
 * {@code data} object of the answer, or throws {@link VaultError} with Vault's status and message.
 *
 * <p>Thread-safe: keys live in a concurrent map, each key guards its own state.
 */
public final class TransitEngine {
    /** Vault's framework.GenericNameRegex for key names. */
    private static final Pattern NAME = Pattern.compile("\\w(([\\w.-]+)?\\w)?");
    private static final Pattern CIPHERTEXT = Pattern.compile("vault:v(\\d{1,9}):(.*)", Pattern.DOTALL);

    private final Map<String, TransitKey> keys = new ConcurrentHashMap<>();
    private final Clock clock;

    public TransitEngine(Clock clock) {
        this.clock = clock;
    }

    public void clear() {
        keys.clear();
    }

    public List<String> keyNames() {
        List<String> names = new ArrayList<>(keys.keySet());
        names.sort(null);
        return names;
    }

    // ---- key management ----------------------------------------------------------------------------

    public Map<String, Object> createKey(String name, Map<String, Object> body) {
        checkName(name);
        TransitKeyType type = type(Params.string(body, "type", "aes256-gcm96"));
        boolean derived = Params.bool(body, "derived", false);
        if (derived && !type.supportsDerivation()) {
            throw VaultError.badRequest("key derivation is not supported for key type " + type.wireName());
        }
        if (derived && type == TransitKeyType.ED25519) {
            throw VaultError.badRequest("derived ed25519 keys are not implemented by the kms4j fake");
        }
        int keySize = Params.integer(body, "key_size", 0);
        if (type == TransitKeyType.HMAC) {
            keySize = keySize == 0 ? 32 : keySize;
            if (keySize < 32 || keySize > 512) {
                throw VaultError.badRequest("invalid key_size: HMAC keys must be between 32 and 512 bytes");
            }
        } else if (keySize != 0) {
            throw VaultError.badRequest("key_size is only valid for hmac keys");
        }
        boolean exportable = Params.bool(body, "exportable", false);
        int size = keySize;
        Long period = autoRotatePeriod(body);
        // An existing key is left as it is, as Vault does: create is an upsert of nothing.
        TransitKey key = keys.computeIfAbsent(name, n -> {
            TransitKey k = new TransitKey(n, type, derived, exportable, size, clock.instant());
            if (period != null) {
                k.setAutoRotatePeriodSeconds(period);
            }
            return k;
        });
        return describe(key);
    }

    public Map<String, Object> readKey(String name) {
        return describe(existing(name, 404, null));
    }

    public List<String> listKeys() {
        List<String> names = keyNames();
        if (names.isEmpty()) {
            throw new VaultError(404); // Vault answers an empty list with 404 {"errors":[]}
        }
        return names;
    }

    public Map<String, Object> configure(String name, Map<String, Object> body) {
        TransitKey key = existing(name, 400, "no existing key named " + name + " could be found");
        Long period = autoRotatePeriod(body);
        key.configure(Params.optionalInteger(body, "min_decryption_version"),
                Params.optionalInteger(body, "min_encryption_version"),
                Params.optionalBool(body, "deletion_allowed"), Params.optionalBool(body, "exportable"));
        if (period != null) {
            key.setAutoRotatePeriodSeconds(period);
        }
        return describe(key);
    }

    private static Long autoRotatePeriod(Map<String, Object> body) {
        Long seconds = Params.durationSeconds(body, "auto_rotate_period");
        if (seconds != null && seconds != 0 && seconds < 3600) {
            throw VaultError.badRequest("auto rotate period must be 0 to disable or at least an hour");
        }
        return seconds;
    }

    public Map<String, Object> rotate(String name) {
        TransitKey key = existing(name, 400, "key not found");
        key.rotate(clock.instant());
        return describe(key);
    }

    public void delete(String name) {
        TransitKey key = existing(name, 400, "could not delete key; not found");
        if (!key.deletionAllowed()) {
            throw VaultError.badRequest("deletion is not allowed for this key");
        }
        keys.remove(name, key);
    }

    // ---- encryption ------------------------------------------------------------------------------------

    public Map<String, Object> encrypt(String name, Map<String, Object> body) {
        checkName(name);
        if (!body.containsKey("plaintext")) {
            throw VaultError.badRequest("missing plaintext to encrypt");
        }
        byte[] plaintext = Params.base64(body, "plaintext");
        byte[] context = Params.base64(body, "context");
        TransitKey key = keys.get(name);
        if (key == null) {
            // Vault upserts on encrypt when the token may create the key; so does the fake.
            TransitKeyType type = type(Params.string(body, "type", "aes256-gcm96"));
            if (!type.supportsEncryption()) {
                throw VaultError.badRequest("key type " + type.wireName() + " does not support encryption");
            }
            boolean derived = context != null && context.length > 0;
            key = keys.computeIfAbsent(name, n -> new TransitKey(n, type, derived, false, 0, clock.instant()));
        }
        try {
            return seal(key, plaintext, context, Params.base64(body, "associated_data"),
                    Params.integer(body, "key_version", 0));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    public Map<String, Object> decrypt(String name, Map<String, Object> body) {
        TransitKey key = existing(name, 400, "encryption key not found");
        byte[] plaintext = open(key, Params.string(body, "ciphertext", null), Params.base64(body, "context"),
                Params.base64(body, "associated_data"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("plaintext", Base64.getEncoder().encodeToString(plaintext));
        Arrays.fill(plaintext, (byte) 0);
        return data;
    }

    public Map<String, Object> rewrap(String name, Map<String, Object> body) {
        TransitKey key = existing(name, 400, "encryption key not found");
        byte[] context = Params.base64(body, "context");
        byte[] aad = Params.base64(body, "associated_data");
        byte[] plaintext = open(key, Params.string(body, "ciphertext", null), context, aad);
        try {
            return seal(key, plaintext, context, aad, Params.integer(body, "key_version", 0));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    public Map<String, Object> dataKey(String name, String kind, Map<String, Object> body) {
        if (!"plaintext".equals(kind) && !"wrapped".equals(kind)) {
            throw VaultError.badRequest("invalid type");
        }
        TransitKey key = existing(name, 400, "encryption key not found");
        int bits = Params.integer(body, "bits", 256);
        if (bits != 128 && bits != 256 && bits != 512) {
            throw VaultError.badRequest("invalid bits length");
        }
        byte[] dek = KeyVersion.random(bits / 8);
        try {
            Map<String, Object> data = seal(key, dek, Params.base64(body, "context"),
                    Params.base64(body, "associated_data"), Params.integer(body, "key_version", 0));
            if ("plaintext".equals(kind)) {
                data.put("plaintext", Base64.getEncoder().encodeToString(dek));
            }
            return data;
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    private Map<String, Object> seal(TransitKey key, byte[] plaintext, byte[] context, byte[] aad, int keyVersion) {
        if (!key.type().supportsEncryption()) {
            throw VaultError.badRequest("key type " + key.type().wireName() + " does not support encryption");
        }
        KeyVersion v = key.versionForEncryption(keyVersion, "encryption");
        byte[] aeadKey = aeadKey(key, v, context);
        byte[] blob = TransitAead.encrypt(key.type(), aeadKey, plaintext, aad);
        if (aeadKey != v.secret()) {
            Arrays.fill(aeadKey, (byte) 0);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ciphertext", "vault:v" + v.number() + ":" + Base64.getEncoder().encodeToString(blob));
        data.put("key_version", v.number());
        return data;
    }

    private byte[] open(TransitKey key, String ciphertext, byte[] context, byte[] aad) {
        if (ciphertext == null || ciphertext.isEmpty()) {
            throw VaultError.badRequest("missing ciphertext to decrypt");
        }
        if (!key.type().supportsEncryption()) {
            throw VaultError.badRequest("key type " + key.type().wireName() + " does not support decryption");
        }
        Versioned parsed = parseVersioned(ciphertext, "ciphertext", false);
        KeyVersion v = key.versionForDecryption(parsed.version);
        byte[] aeadKey = aeadKey(key, v, context);
        try {
            return TransitAead.decrypt(key.type(), aeadKey, parsed.bytes, aad);
        } finally {
            if (aeadKey != v.secret()) {
                Arrays.fill(aeadKey, (byte) 0);
            }
        }
    }

    private static byte[] aeadKey(TransitKey key, KeyVersion v, byte[] context) {
        if (!key.derived()) {
            return v.secret();
        }
        if (context == null || context.length == 0) {
            throw VaultError.badRequest("missing 'context' for key derivation; the key was created using a derived key,"
                    + " which means additional, per-request information must be included in order to perform"
                    + " operations with the key");
        }
        return TransitAead.derive(v.secret(), context);
    }

    // ---- signatures and MACs ----------------------------------------------------------------------------

    public Map<String, Object> sign(String name, String pathHash, Map<String, Object> body) {
        TransitKey key = existing(name, 400, "signing key not found");
        if (!key.type().supportsSigning()) {
            throw VaultError.badRequest("key type " + key.type().wireName() + " does not support signing");
        }
        TransitSignatures.Params p = signatureParams(pathHash, body);
        byte[] input = input(body);
        KeyVersion v = key.versionForEncryption(Params.integer(body, "key_version", 0), "signing");
        byte[] signature = TransitSignatures.sign(key.type(), v.keyPair(), input, p);
        Base64.Encoder encoder = "jws".equals(p.marshaling) ? Base64.getUrlEncoder().withoutPadding() : Base64.getEncoder();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("signature", "vault:v" + v.number() + ":" + encoder.encodeToString(signature));
        data.put("key_version", v.number());
        return data;
    }

    public Map<String, Object> hmac(String name, String pathHash, Map<String, Object> body) {
        TransitKey key = existing(name, 400, "HMAC key not found");
        String algorithm = pathHash != null ? pathHash : Params.string(body, "algorithm", "sha2-256");
        byte[] input = input(body);
        KeyVersion v = key.versionForEncryption(Params.integer(body, "key_version", 0), "hmac");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("hmac", "vault:v" + v.number() + ":" + Base64.getEncoder().encodeToString(mac(algorithm, v.hmacKey(), input)));
        return data;
    }

    public Map<String, Object> verify(String name, String pathHash, Map<String, Object> body) {
        TransitKey key = existing(name, 400, "signature verification key not found");
        byte[] input = input(body);
        String signature = Params.string(body, "signature", null);
        String hmac = Params.string(body, "hmac", null);
        if ((signature == null) == (hmac == null)) {
            throw VaultError.badRequest("exactly one of 'signature' or 'hmac' must be given");
        }
        boolean valid;
        if (hmac != null) {
            String algorithm = pathHash != null ? pathHash : Params.string(body, "algorithm",
                    Params.string(body, "hash_algorithm", "sha2-256"));
            Versioned parsed = parseVersioned(hmac, "hmac", false);
            KeyVersion v = key.versionForDecryption(parsed.version);
            valid = MessageDigest.isEqual(mac(algorithm, v.hmacKey(), input), parsed.bytes);
        } else {
            if (!key.type().supportsSigning()) {
                throw VaultError.badRequest("key type " + key.type().wireName() + " does not support verification");
            }
            TransitSignatures.Params p = signatureParams(pathHash, body);
            Versioned parsed = parseVersioned(signature, "signature", "jws".equals(p.marshaling));
            KeyVersion v = key.versionForDecryption(parsed.version);
            valid = TransitSignatures.verify(key.type(), v.keyPair().getPublic(), input, parsed.bytes, p);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("valid", valid);
        return data;
    }

    private static TransitSignatures.Params signatureParams(String pathHash, Map<String, Object> body) {
        TransitSignatures.Params p = new TransitSignatures.Params();
        p.hashAlgorithm = pathHash != null ? pathHash : Params.string(body, "hash_algorithm",
                Params.string(body, "algorithm", "sha2-256"));
        TransitSignatures.jcaHash(p.hashAlgorithm);
        p.prehashed = Params.bool(body, "prehashed", false);
        p.signatureAlgorithm = Params.string(body, "signature_algorithm", "pss");
        if (!Set.of("pss", "pkcs1v15").contains(p.signatureAlgorithm)) {
            throw VaultError.badRequest("unsupported rsa signature algorithm " + p.signatureAlgorithm);
        }
        p.marshaling = Params.string(body, "marshaling_algorithm", "asn1");
        if (!Set.of("asn1", "jws").contains(p.marshaling)) {
            throw VaultError.badRequest("invalid marshaling type " + p.marshaling);
        }
        p.saltLength = Params.string(body, "salt_length", "auto");
        return p;
    }

    private static byte[] input(Map<String, Object> body) {
        byte[] input = Params.base64(body, "input");
        if (input == null) {
            throw VaultError.badRequest("missing input");
        }
        return input;
    }

    private static byte[] mac(String algorithm, byte[] key, byte[] input) {
        String digest = TransitSignatures.jcaHash(algorithm); // SHA-256, SHA3-256, ...
        String jca = digest.startsWith("SHA3-") ? "HmacSHA3-" + digest.substring(5) : "Hmac" + digest.replace("-", "");
        try {
            Mac mac = Mac.getInstance(jca);
            mac.init(new SecretKeySpec(key, "HMAC"));
            return mac.doFinal(input);
        } catch (java.security.GeneralSecurityException e) {
            throw VaultError.badRequest("unsupported algorithm " + algorithm);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static final class Versioned {
        final int version;
        final byte[] bytes;

        Versioned(int version, byte[] bytes) {
            this.version = version;
            this.bytes = bytes;
        }
    }

    /** Parses {@code vault:v<N>:<base64>} with Vault's error messages. */
    private static Versioned parseVersioned(String value, String what, boolean urlSafe) {
        if (!value.startsWith("vault:")) {
            throw VaultError.badRequest("invalid " + what + ": no prefix");
        }
        java.util.regex.Matcher m = CIPHERTEXT.matcher(value);
        if (!m.matches() || m.group(2).contains(":")) {
            throw VaultError.badRequest("invalid " + what + ": wrong number of fields");
        }
        int version;
        try {
            version = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            throw VaultError.badRequest("invalid " + what + ": version number could not be decoded");
        }
        try {
            byte[] bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(m.group(2));
            return new Versioned(version, bytes);
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("invalid " + what + ": could not decode base64");
        }
    }

    private TransitKey existing(String name, int status, String message) {
        checkName(name);
        TransitKey key = keys.get(name);
        if (key == null) {
            throw message == null ? new VaultError(status) : new VaultError(status, message);
        }
        return key;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw VaultError.badRequest("invalid key name");
        }
    }

    private static TransitKeyType type(String wire) {
        return TransitKeyType.fromWire(wire).orElseThrow(() -> VaultError.badRequest("unknown key type " + wire));
    }

    private static Map<String, Object> describe(TransitKey key) {
        TransitKeyType type = key.type();
        Map<String, Object> versions = new LinkedHashMap<>();
        for (KeyVersion v : key.versions()) {
            if (type.isAsymmetric()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("certificate_chain", "");
                entry.put("creation_time", DateTimeFormatter.ISO_INSTANT.format(v.createdAt()));
                entry.put("name", type.versionName());
                entry.put("public_key", publicKeyText(type, v.keyPair().getPublic()));
                versions.put(String.valueOf(v.number()), entry);
            } else {
                versions.put(String.valueOf(v.number()), v.createdAt().getEpochSecond());
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("allow_plaintext_backup", false);
        data.put("auto_rotate_period", key.autoRotatePeriodSeconds());
        data.put("deletion_allowed", key.deletionAllowed());
        data.put("derived", key.derived());
        data.put("exportable", key.exportable());
        data.put("imported_key", false);
        if (key.derived()) {
            data.put("kdf", "hkdf_sha256");
            data.put("convergent_encryption", false);
        }
        if (type == TransitKeyType.HMAC) {
            data.put("key_size", key.hmacKeySize());
        }
        data.put("keys", versions);
        data.put("latest_version", key.latestVersion());
        data.put("min_available_version", 0);
        data.put("min_decryption_version", key.minDecryptionVersion());
        data.put("min_encryption_version", key.minEncryptionVersion());
        data.put("name", key.name());
        data.put("supports_decryption", type.supportsEncryption());
        data.put("supports_derivation", type.supportsDerivation());
        data.put("supports_encryption", type.supportsEncryption());
        data.put("supports_signing", type.supportsSigning());
        data.put("type", type.wireName());
        return data;
    }

    /** Vault shows ed25519 public keys as base64 of the raw 32 bytes, the others as PEM. */
    private static String publicKeyText(TransitKeyType type, PublicKey key) {
        if (type == TransitKeyType.ED25519) {
            byte[] spki = key.getEncoded();
            return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        }
        return PublicKeys.toPem(key);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
