package dev.kms4j.vault.internal;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyType;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.PublicKeys;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.vault.VaultTransitProvider;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vault Transit provider (scheme {@code vault-transit}): a plain translator between kms4j calls
 * and Transit's HTTP API through vault-java-driver's logical API.
 *
 * <p>Behaviour, beyond the {@link dev.kms4j.spi.KmsProvider} contract:
 * <ul>
 *   <li>Key ids are {@code <host>:<port>/<mount>/<name>} and must name the configured Vault;
 *       versions are Transit's key versions ({@code #3}). Ciphertexts, wrapped keys and data keys
 *       are Vault's {@code vault:v<N>:...} text as UTF-8, and wrapped keys name the exact version.</li>
 *   <li>The encryption context is bound as Transit {@code associated_data} (its canonical
 *       {@link EncryptionContext#toAad()} bytes); for derived keys it is the derivation
 *       {@code context} instead. If Vault answers that it ignored a parameter the provider relies
 *       on ({@code associated_data}, {@code salt_length}, {@code prehashed}), the result is
 *       discarded and the call fails with {@code UNSUPPORTED}: kms4j never silently drops a
 *       context.</li>
 *   <li>Before the first use of a key the provider reads it once (type, derivation) and caches
 *       that, so operations on a missing key are {@code NOT_FOUND} and never create it (Transit's
 *       {@code encrypt} would otherwise create a missing key), and operations the key type cannot
 *       do are {@code UNSUPPORTED} without a call.</li>
 *   <li>{@code sign} hashes locally and sends only the digest ({@code prehashed=true}), except for
 *       Ed25519, which signs the message. RSA-PSS asks for {@code salt_length=hash}. ECDSA output is
 *       ASN.1 DER. {@code verify} tries the versions from the latest down to
 *       {@code min_decryption_version} (or just the version in the reference).</li>
 *   <li>Rotation policies are Transit's {@code auto_rotate_period} (whole seconds, at least an
 *       hour).</li>
 *   <li>Transit has no disable: {@code ENABLE_DISABLE} is not offered. Deletion is immediate and
 *       irreversible, so {@code SCHEDULE_DELETION} is offered only with
 *       {@code allow-key-deletion=true} and only with a zero pending window;
 *       {@code cancelDeletion} is {@code UNSUPPORTED}.</li>
 * </ul>
 *
 * <p>Thread-safe. Logs key references and operations at DEBUG, never plaintext, key bytes or tokens.
 */
public final class VaultTransitKmsProvider implements VaultTransitProvider {
    /** Largest plaintext (or key to wrap) sent to Transit in one call; Vault's request limit is 32 MiB of JSON. */
    public static final int MAX_PLAINTEXT_BYTES = 4 * 1024 * 1024;

    /** Vault's shortest automatic rotation period. */
    private static final Duration MIN_ROTATION_PERIOD = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(VaultTransitKmsProvider.class);

    /** What the provider caches per key: its type never changes after creation. */
    private static final class KeyInfo {
        final KeySpec spec;
        final boolean derived;

        KeyInfo(KeySpec spec, boolean derived) {
            this.spec = spec;
            this.derived = derived;
        }
    }

    private final VaultTransitSettings settings;
    private final VaultSession session;
    private final Set<Capability> capabilities;
    private final Map<String, KeyInfo> known = new ConcurrentHashMap<>();
    /** Key ids already parsed and validated (key ids are not secret); see parts(). */
    private final Map<String, VaultKeyIds.Parts> parsedIds = new ConcurrentHashMap<>();
    private static final int MAX_PARSED_IDS = 1024;

    public VaultTransitKmsProvider(VaultTransitSettings settings, Clock clock) {
        this.settings = settings;
        this.session = new VaultSession(settings, clock);
        this.capabilities = capabilities(settings.allowKeyDeletion());
    }

    /** The provider's capabilities; deletion only when allowed by configuration. */
    public static Set<Capability> capabilities(boolean deletion) {
        Set<Capability> c = EnumSet.of(Capability.CREATE, Capability.LIST, Capability.METADATA, Capability.ROTATE,
                Capability.ROTATION_POLICY, Capability.SIGN, Capability.VERIFY, Capability.PUBLIC_KEY, Capability.ENCRYPT, Capability.DECRYPT,
                Capability.WRAP, Capability.UNWRAP, Capability.DATA_KEY);
        if (deletion) {
            c.add(Capability.SCHEDULE_DELETION);
        }
        return Collections.unmodifiableSet(c);
    }

    @Override
    public String scheme() {
        return VaultErrors.SCHEME;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    // ---- key management -------------------------------------------------------------------------------------

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        requireUnversioned(ref, "createKey");
        VaultKeyIds.Parts parts = parts(ref);
        KeySpec spec = options.spec();
        String type = VaultKeyTypes.toVault(spec).orElseThrow(() -> VaultErrors.error(KmsErrorCode.UNSUPPORTED, ref,
                "Vault Transit (through kms4j) cannot create " + spec + " keys; supported: " + VaultKeyTypes.supported()));
        if (options.usage() != spec.defaultUsage()) {
            throw VaultErrors.error(KmsErrorCode.UNSUPPORTED, ref, "the kms4j Vault Transit provider creates "
                    + spec + " keys for " + spec.defaultUsage() + " only, not " + options.usage());
        }
        if (options.description().isPresent() || !options.tags().isEmpty()) {
            throw VaultErrors.error(KmsErrorCode.UNSUPPORTED, ref, "Vault Transit keys have no description or tags");
        }
        // Transit's create leaves an existing key as it is and answers success: look first.
        VaultSession.Answer existing = session.read("createKey", ref, keyPath(parts));
        if (existing.ok()) {
            throw VaultErrors.error(KmsErrorCode.ALREADY_EXISTS, ref, "key " + ref + " already exists");
        }
        if (existing.status() != 404) {
            existing.orThrow("createKey", ref);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        if (spec.type() == KeyType.HMAC) {
            body.put("key_size", VaultKeyTypes.hmacKeySize(spec));
        }
        if (settings.derivedKeys() && spec.type() == KeyType.SYMMETRIC) {
            body.put("derived", Boolean.TRUE);
        }
        session.write("createKey", ref, keyPath(parts), body).orThrow("createKey", ref);
        LOG.debug("created Vault Transit key {} ({})", ref, type);
        return metadata(ref);
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        String mount = settings.mount();
        String prefix = "";
        if (!scope.isEmpty()) {
            int slash = scope.indexOf('/');
            String authority = slash < 0 ? scope : scope.substring(0, slash);
            if (!authority.equalsIgnoreCase(settings.authority())) {
                throw VaultErrors.error(KmsErrorCode.INVALID_ARGUMENT, null, "listKeys: '" + authority
                        + "' is not the Vault this provider is configured for (" + settings.authority() + ")");
            }
            String rest = slash < 0 ? "" : scope.substring(slash + 1);
            if (rest.endsWith("/")) {
                mount = rest.substring(0, rest.length() - 1);
            } else if (rest.contains("/")) {
                mount = rest.substring(0, rest.lastIndexOf('/'));
                prefix = rest.substring(rest.lastIndexOf('/') + 1);
            } else if (!rest.isEmpty()) {
                mount = rest;
            }
            // Validated like a key id, so nothing odd reaches the path.
            VaultKeyIds.parse(KeyRef.of(VaultErrors.SCHEME, settings.authority() + "/" + (mount.isEmpty() ? "x" : mount) + "/x"),
                    settings.authority());
            if (mount.isEmpty()) {
                mount = settings.mount();
            }
        }
        VaultSession.Answer answer = session.list("listKeys", mount + "/keys");
        if (answer.status() == 404) {
            return List.of();
        }
        answer.orThrow("listKeys", null);
        List<KeyRef> refs = new ArrayList<>();
        JsonValue keys = answer.data().get("keys");
        if (keys != null && keys.isArray()) {
            for (JsonValue v : keys.asArray()) {
                if (v.isString() && v.asString().startsWith(prefix) && VaultKeyIds.isValidName(v.asString())) {
                    refs.add(KeyRef.of(VaultErrors.SCHEME, settings.authority() + "/" + mount + "/" + v.asString()));
                }
            }
        }
        refs.sort((a, b) -> a.keyId().compareTo(b.keyId()));
        return refs;
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        VaultKeyIds.Parts parts = parts(ref);
        JsonObject data = readKey("metadata", ref, parts);
        KeyMetadata md = VaultKeyData.toMetadata(ref.withoutVersion(), data);
        known.put(parts.cacheKey(), new KeyInfo(md.spec(), data.getBoolean("derived", false)));
        return md;
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        requireUnversioned(ref, "rotate");
        VaultKeyIds.Parts parts = parts(ref);
        info("rotate", ref, parts);
        VaultSession.Answer answer = session.write("rotate", ref, keyPath(parts) + "/rotate", Map.of()).orThrow("rotate", ref);
        int latest = answer.data().getInt("latest_version", 0);
        if (latest <= 0) {
            latest = readKey("rotate", ref, parts).getInt("latest_version", 0); // Vault before 1.13 answers 204
        }
        LOG.debug("rotated {} to version {}", ref, latest);
        return ref.withVersion(String.valueOf(latest));
    }

    /** Transit's {@code auto_rotate_period}: whole seconds, zero for manual, at least an hour otherwise. */
    @Override
    public RotationPolicy rotationPolicy(KeyRef ref) {
        requireUnversioned(ref, "rotationPolicy");
        return VaultKeyData.rotationPolicyOf(readKey("rotationPolicy", ref, parts(ref)));
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        requireUnversioned(ref, "setRotationPolicy");
        VaultKeyIds.Parts parts = parts(ref);
        long seconds = 0;
        if (policy.isAutomatic()) {
            Duration period = policy.period().orElseThrow();
            seconds = period.getSeconds();
            if (period.getNano() != 0 || seconds < MIN_ROTATION_PERIOD.getSeconds()) {
                throw VaultErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "Vault Transit rotation periods are whole"
                        + " seconds of at least one hour, got " + period);
            }
        }
        info("setRotationPolicy", ref, parts);
        session.write("setRotationPolicy", ref, keyPath(parts) + "/config", Map.of("auto_rotate_period", seconds + "s"))
                .orThrow("setRotationPolicy", ref);
        LOG.debug("set auto_rotate_period of {} to {}s", ref, seconds);
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        requireUnversioned(ref, "scheduleDeletion");
        if (!settings.allowKeyDeletion()) {
            throw unsupported("scheduleDeletion", ref);
        }
        if (!pendingWindow.isZero()) {
            throw VaultErrors.error(KmsErrorCode.UNSUPPORTED, ref, "scheduleDeletion on " + ref + " refused: Vault"
                    + " Transit cannot schedule a deletion, it deletes at once and for good; pass a zero pending window"
                    + " to delete now");
        }
        VaultKeyIds.Parts parts = parts(ref);
        info("scheduleDeletion", ref, parts);
        session.write("scheduleDeletion", ref, keyPath(parts) + "/config", Map.of("deletion_allowed", Boolean.TRUE))
                .orThrow("scheduleDeletion", ref);
        session.delete("scheduleDeletion", ref, keyPath(parts)).orThrow("scheduleDeletion", ref);
        known.remove(parts.cacheKey());
        LOG.debug("deleted Vault Transit key {}", ref);
        return Instant.now();
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        throw VaultErrors.error(KmsErrorCode.UNSUPPORTED, ref, "cancelDeletion on " + ref
                + ": Vault Transit deletes keys at once, so there is nothing to cancel");
    }

    @Override
    public void retireVersionsBefore(KeyRef ref, int minDecryptionVersion) {
        requireUnversioned(ref, "retireVersionsBefore");
        VaultKeyIds.Parts parts = parts(ref);
        info("retireVersionsBefore", ref, parts);
        if (minDecryptionVersion < 1) {
            throw VaultErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, "min decryption version must be at least 1");
        }
        session.write("retireVersionsBefore", ref, keyPath(parts) + "/config",
                Map.of("min_decryption_version", minDecryptionVersion)).orThrow("retireVersionsBefore", ref);
        LOG.debug("set min_decryption_version of {} to {}", ref, minDecryptionVersion);
    }

    // ---- signatures -----------------------------------------------------------------------------------------

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        VaultKeyIds.Parts parts = parts(ref);
        KeyInfo info = info("sign", ref, parts);
        checkAlgorithm("sign", ref, info, algorithm);
        int version = VaultKeyIds.version(ref);
        Map<String, Object> body = signingBody(algorithm, message);
        if (version > 0) {
            body.put("key_version", version);
        }
        String path = algorithm.isMac() ? parts.path("hmac") + "/" + VaultKeyTypes.hashAlgorithm(algorithm) : parts.path("sign");
        VaultSession.Answer answer = session.write("sign", ref, path, body);
        if (!answer.ok()) {
            throw failure("sign", ref, parts, answer, version);
        }
        checkWarnings("sign", ref, answer, body.keySet());
        String field = algorithm.isMac() ? "hmac" : "signature";
        return VaultText.versionedBytes("sign", ref, answer.data().getString(field, null)).bytes;
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        VaultKeyIds.Parts parts = parts(ref);
        KeyInfo info = info("verify", ref, parts);
        checkAlgorithm("verify", ref, info, algorithm);
        if (signature.length == 0 || signature.length > 16 * 1024) {
            return false;
        }
        List<Integer> versions = new ArrayList<>();
        int pinned = VaultKeyIds.version(ref);
        if (pinned > 0) {
            versions.add(pinned);
        } else {
            JsonObject data = readKey("verify", ref, parts);
            int min = Math.max(1, data.getInt("min_decryption_version", 1));
            for (int v = data.getInt("latest_version", 1); v >= min; v--) {
                versions.add(v);
            }
        }
        String encoded = Base64.getEncoder().encodeToString(signature);
        String path = algorithm.isMac() ? parts.path("verify") + "/" + VaultKeyTypes.hashAlgorithm(algorithm) : parts.path("verify");
        for (int v : versions) {
            Map<String, Object> body = signingBody(algorithm, message);
            body.put(algorithm.isMac() ? "hmac" : "signature", "vault:v" + v + ":" + encoded);
            VaultSession.Answer answer = session.write("verify", ref, path, body);
            if (answer.status() == 400) {
                continue; // a signature Vault cannot even parse for this version is not valid for it
            }
            if (answer.status() == 404) {
                throw failure("verify", ref, parts, answer, pinned);
            }
            answer.orThrow("verify", ref);
            checkWarnings("verify", ref, answer, body.keySet());
            if (answer.data().getBoolean("valid", false)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Object> signingBody(SignatureAlgorithm algorithm, byte[] message) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (algorithm.isMac() || algorithm.digestAlgorithm() == null) {
            // MACs and pure Ed25519 work on the message itself.
            body.put("input", Base64.getEncoder().encodeToString(message));
            return body;
        }
        body.put("input", Base64.getEncoder().encodeToString(digest(algorithm, message)));
        body.put("prehashed", Boolean.TRUE);
        body.put("hash_algorithm", VaultKeyTypes.hashAlgorithm(algorithm));
        if (algorithm.keyType() == KeyType.RSA) {
            body.put("signature_algorithm", algorithm.isPss() ? "pss" : "pkcs1v15");
            if (algorithm.isPss()) {
                body.put("salt_length", "hash"); // kms4j's PSS: salt as long as the hash
            }
        } else {
            body.put("marshaling_algorithm", "asn1");
        }
        return body;
    }

    private static void checkAlgorithm(String operation, KeyRef ref, KeyInfo info, SignatureAlgorithm algorithm) {
        KeySpec spec = info.spec;
        if (spec.type() == KeyType.SYMMETRIC) {
            throw VaultErrors.error(KmsErrorCode.UNSUPPORTED, ref, "key " + ref + " does not support " + operation
                    + ": it is a " + spec + " encryption key");
        }
        if (!algorithm.isCompatibleWith(spec)) {
            throw VaultErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, operation + " with " + algorithm
                    + " does not fit key " + ref + " (" + spec + ")");
        }
    }

    private static byte[] digest(SignatureAlgorithm algorithm, byte[] message) {
        try {
            return MessageDigest.getInstance(algorithm.digestAlgorithm()).digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "the JDK has no " + algorithm.digestAlgorithm(), e);
        }
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        VaultKeyIds.Parts parts = parts(ref);
        KeyInfo info = info("getPublicKey", ref, parts);
        if (!info.spec.isAsymmetric()) {
            throw VaultErrors.error(KmsErrorCode.UNSUPPORTED, ref, "key " + ref + " (" + info.spec + ") has no public key");
        }
        JsonObject data = readKey("getPublicKey", ref, parts);
        int version = ref.hasVersion() ? VaultKeyIds.version(ref) : data.getInt("latest_version", 0);
        String text = VaultKeyData.publicKeyText(data, version);
        if (text == null) {
            throw VaultErrors.error(KmsErrorCode.NOT_FOUND, ref, "key " + ref.withoutVersion() + " has no version " + version);
        }
        try {
            if (text.startsWith("-----BEGIN")) {
                return PublicKeys.fromPem(text);
            }
            return PublicKeys.fromDer(VaultKeyData.ed25519Spki(Base64.getDecoder().decode(text.trim())));
        } catch (IllegalArgumentException | KmsException e) {
            throw VaultErrors.error(KmsErrorCode.INTERNAL, ref, "the public key Vault gave for " + ref
                    + " is not a key this JDK can read", e);
        }
    }

    // ---- encryption ------------------------------------------------------------------------------------------

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        return seal("encrypt", ref, plaintext, context).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        return open("decrypt", ref, ciphertext, context);
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        requireUnversioned(kek, "createDek");
        VaultKeyIds.Parts parts = parts(kek);
        KeyInfo info = info("createDek", kek, parts);
        requireEncryptionKey("createDek", kek, info);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bits", spec.lengthBytes() * 8);
        bindContext(body, info, context);
        VaultSession.Answer answer = session.write("createDek", kek, parts.path("datakey/plaintext"), body);
        if (!answer.ok()) {
            throw failure("createDek", kek, parts, answer, 0);
        }
        checkWarnings("createDek", kek, answer, body.keySet());
        String ciphertext = answer.data().getString("ciphertext", null);
        VaultText.Versioned v = VaultText.versionedBytes("createDek", kek, ciphertext);
        byte[] plaintext = VaultText.decodeBase64("createDek", kek, answer.data().getString("plaintext", null));
        try {
            if (plaintext.length != spec.lengthBytes()) {
                throw VaultErrors.error(KmsErrorCode.INTERNAL, kek, "createDek: Vault returned a data key of the wrong length");
            }
            return DataKey.of(plaintext, WrappedKey.of(kek.withVersion(String.valueOf(v.version)),
                    ciphertext.getBytes(StandardCharsets.UTF_8)));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        if (key.length == 0) {
            throw VaultErrors.error(KmsErrorCode.INVALID_ARGUMENT, kek, "wrap: the key to wrap is empty");
        }
        requireUnversioned(kek, "wrap");
        String ciphertext = seal("wrap", kek, key, context);
        int version = VaultText.checkVersioned("wrap", kek, ciphertext);
        return WrappedKey.of(kek.withVersion(String.valueOf(version)), ciphertext.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        byte[] plaintext = open("unwrap", wrapped.kek(), wrapped.ciphertext(), context);
        try {
            return DataKey.of(plaintext, wrapped);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public byte[] rewrap(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        requireUnversioned(ref, "rewrap");
        return rewrapText("rewrap", ref, ciphertext, context).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public WrappedKey rewrap(WrappedKey wrapped, EncryptionContext context) {
        KeyRef kek = wrapped.kek().withoutVersion();
        String ciphertext = rewrapText("rewrap", wrapped.kek(), wrapped.ciphertext(), context);
        int version = VaultText.checkVersioned("rewrap", kek, ciphertext);
        return WrappedKey.of(kek.withVersion(String.valueOf(version)), ciphertext.getBytes(StandardCharsets.UTF_8));
    }

    private String rewrapText(String operation, KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        VaultKeyIds.Parts parts = parts(ref);
        KeyInfo info = info(operation, ref, parts);
        requireEncryptionKey(operation, ref, info);
        String text = VaultText.checkCiphertext(operation, ref, ciphertext);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ciphertext", text);
        bindContext(body, info, context);
        VaultSession.Answer answer = session.write(operation, ref.withoutVersion(), parts.path("rewrap"), body);
        if (!answer.ok()) {
            throw decryptFailure(operation, ref, parts, answer);
        }
        checkWarnings(operation, ref, answer, body.keySet());
        return answer.data().getString("ciphertext", "");
    }

    private String seal(String operation, KeyRef ref, byte[] plaintext, EncryptionContext context) {
        VaultKeyIds.Parts parts = parts(ref);
        KeyInfo info = info(operation, ref, parts);
        requireEncryptionKey(operation, ref, info);
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw VaultErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, operation + " takes at most " + MAX_PLAINTEXT_BYTES
                    + " bytes per call through kms4j, got " + plaintext.length + "; use envelope encryption for more");
        }
        int version = VaultKeyIds.version(ref);
        Map<String, Object> body = new LinkedHashMap<>();
        // The driver takes string values only, so the base64 form of the plaintext lives in an
        // immutable String (and in the request buffer) until collected; its API leaves no way to wipe it.
        body.put("plaintext", Base64.getEncoder().encodeToString(plaintext));
        bindContext(body, info, context);
        if (version > 0) {
            body.put("key_version", version);
        }
        VaultSession.Answer answer = session.write(operation, ref, parts.path("encrypt"), body);
        if (!answer.ok()) {
            throw failure(operation, ref, parts, answer, version);
        }
        checkWarnings(operation, ref, answer, body.keySet());
        String ciphertext = answer.data().getString("ciphertext", null);
        VaultText.checkVersioned(operation, ref, ciphertext);
        return ciphertext;
    }

    private byte[] open(String operation, KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        VaultKeyIds.Parts parts = parts(ref);
        KeyInfo info = info(operation, ref, parts);
        requireEncryptionKey(operation, ref, info);
        String text = VaultText.checkCiphertext(operation, ref, ciphertext);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ciphertext", text);
        bindContext(body, info, context);
        VaultSession.Answer answer = session.write(operation, ref, parts.path("decrypt"), body);
        if (!answer.ok()) {
            throw decryptFailure(operation, ref, parts, answer);
        }
        checkWarnings(operation, ref, answer, body.keySet());
        // Returned without a further copy: the caller owns the plaintext. The base64 text in the
        // driver's response is an immutable String and cannot be wiped.
        return VaultText.decodeBase64(operation, ref, answer.data().getString("plaintext", null));
    }

    /** Binds the context: Transit associated_data, or the derivation context of a derived key. */
    private static void bindContext(Map<String, Object> body, KeyInfo info, EncryptionContext context) {
        String aad = Base64.getEncoder().encodeToString(context.toAad());
        body.put(info.derived ? "context" : "associated_data", aad);
    }

    private static void requireEncryptionKey(String operation, KeyRef ref, KeyInfo info) {
        if (info.spec.type() != KeyType.SYMMETRIC) {
            throw VaultErrors.error(KmsErrorCode.UNSUPPORTED, ref, "key " + ref + " does not support " + operation
                    + ": it is a " + info.spec + " key");
        }
    }

    // ---- failures ---------------------------------------------------------------------------------------------

    /**
     * Refines a failed encrypt, sign or data-key answer. Vault answers most refusals with 400, so a
     * 400 is looked into: a key that has gone is NOT_FOUND, a version above the latest is NOT_FOUND,
     * one below the minimum is INVALID_KEY_STATE; anything else stays INVALID_ARGUMENT.
     */
    private KmsException failure(String operation, KeyRef ref, VaultKeyIds.Parts parts, VaultSession.Answer answer,
                                 int version) {
        if (answer.status() != 400) {
            return VaultErrors.fromAnswer(operation, ref, answer.status(), answer.errors());
        }
        VaultSession.Answer key = session.read(operation, ref, keyPath(parts));
        if (key.status() == 404) {
            known.remove(parts.cacheKey());
            return VaultErrors.error(KmsErrorCode.NOT_FOUND, ref, "key " + ref.withoutVersion() + " does not exist");
        }
        if (key.ok() && version > 0) {
            JsonObject data = key.data();
            if (version > data.getInt("latest_version", Integer.MAX_VALUE)) {
                return VaultErrors.fromAnswer(operation, ref, 400, answer.errors(), KmsErrorCode.NOT_FOUND);
            }
            if (version < data.getInt("min_encryption_version", 0) || version < data.getInt("min_decryption_version", 0)) {
                return VaultErrors.fromAnswer(operation, ref, 400, answer.errors(), KmsErrorCode.INVALID_KEY_STATE);
            }
        }
        return VaultErrors.fromAnswer(operation, ref, answer.status(), answer.errors());
    }

    /**
     * Refines a failed decrypt: a 400 means the ciphertext (or its context) was refused, which is
     * INTEGRITY, unless the key has gone (NOT_FOUND) or the version was retired by
     * min_decryption_version (INVALID_KEY_STATE).
     */
    private KmsException decryptFailure(String operation, KeyRef ref, VaultKeyIds.Parts parts, VaultSession.Answer answer) {
        if (answer.status() != 400) {
            return VaultErrors.fromAnswer(operation, ref, answer.status(), answer.errors());
        }
        String text = String.join(" ", answer.errors()).toLowerCase(Locale.ROOT);
        if (text.contains("disallowed by policy")) {
            return VaultErrors.fromAnswer(operation, ref, 400, answer.errors(), KmsErrorCode.INVALID_KEY_STATE);
        }
        if (text.contains("not found")) {
            VaultSession.Answer key = session.read(operation, ref, keyPath(parts));
            if (key.status() == 404) {
                known.remove(parts.cacheKey());
                return VaultErrors.error(KmsErrorCode.NOT_FOUND, ref, "key " + ref.withoutVersion() + " does not exist");
            }
        }
        return VaultErrors.fromAnswer(operation, ref, 400, answer.errors(), KmsErrorCode.INTEGRITY);
    }

    /**
     * Fails closed when Vault says it ignored a parameter we sent: an older Vault that does not
     * know {@code associated_data} would otherwise encrypt without binding the context.
     */
    private static void checkWarnings(String operation, KeyRef ref, VaultSession.Answer answer, Set<String> sent) {
        for (String warning : answer.warnings()) {
            if (warning.contains("ignored these unrecognized parameters")) {
                for (String p : sent) {
                    if (warning.contains(p)) {
                        throw VaultErrors.error(KmsErrorCode.UNSUPPORTED, ref, operation + " with " + ref
                                + " refused: this Vault ignored the parameter '" + p + "', which kms4j relies on"
                                + " (upgrade Vault); the result was discarded");
                    }
                }
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private VaultKeyIds.Parts parts(KeyRef ref) {
        // Key ids are validated with regular expressions; an application names few keys, and
        // parsing one again on every call costs microseconds. Bounded: emptied when full.
        VaultKeyIds.Parts parts = parsedIds.get(ref.keyId());
        if (parts == null) {
            parts = VaultKeyIds.parse(ref, settings.authority());
            if (parsedIds.size() >= MAX_PARSED_IDS) {
                parsedIds.clear();
            }
            parsedIds.put(ref.keyId(), parts);
        }
        return parts;
    }

    private static String keyPath(VaultKeyIds.Parts parts) {
        return parts.mount() + "/keys/" + parts.name();
    }

    /** The cached type of a key, read from Vault on first use; NOT_FOUND if it does not exist. */
    private KeyInfo info(String operation, KeyRef ref, VaultKeyIds.Parts parts) {
        KeyInfo cached = known.get(parts.cacheKey());
        if (cached != null) {
            return cached;
        }
        JsonObject data = readKey(operation, ref, parts);
        KeySpec spec = VaultKeyData.specOf(ref, data);
        KeyInfo info = new KeyInfo(spec, data.getBoolean("derived", false));
        known.put(parts.cacheKey(), info);
        return info;
    }

    private JsonObject readKey(String operation, KeyRef ref, VaultKeyIds.Parts parts) {
        VaultSession.Answer answer = session.read(operation, ref, keyPath(parts));
        if (answer.status() == 404) {
            known.remove(parts.cacheKey());
            throw VaultErrors.error(KmsErrorCode.NOT_FOUND, ref, "key " + ref.withoutVersion() + " does not exist");
        }
        return answer.orThrow(operation, ref).data();
    }

    private static void requireUnversioned(KeyRef ref, String operation) {
        if (ref.hasVersion()) {
            throw VaultErrors.error(KmsErrorCode.INVALID_ARGUMENT, ref, operation + " takes a key without #version, got " + ref);
        }
    }

    @Override
    public void close() {
        session.close();
    }

    /** Address, namespace, mount and auth method only. */
    @Override
    public String toString() {
        return "VaultTransitProvider[" + settings + "]";
    }
}
