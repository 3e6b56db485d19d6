package dev.kms4j.local.internal;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeyState;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.internal.random.RandomBytes;
import dev.kms4j.spi.KmsProvider;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local key-management provider (scheme {@code local}): keys live in a {@link KeyRecordStore}
 * (a keystore directory encrypted under a master key, or memory) and all cryptography runs in
 * this process.
 *
 * <p>Behaviour, beyond the {@link KmsProvider} contract:
 * <ul>
 *   <li>Key ids match {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}} without {@code ..}; versions are
 *       "1", "2", ... Unknown versions are {@code NOT_FOUND}, non-numeric ones
 *       {@code INVALID_ARGUMENT}.</li>
 *   <li>Symmetric keys encrypt with AES-GCM or ChaCha20-Poly1305, RSA keys created for
 *       {@code ENCRYPT_DECRYPT} with RSA-OAEP-SHA256; see {@link CiphertextFormat} for the
 *       ciphertext layout and what is authenticated. {@code encrypt} takes up to 1 MiB,
 *       {@code wrap} 1 to 4096 bytes (RSA keys: at most what one OAEP block holds).</li>
 *   <li>An operation the key's spec and usage cannot do is {@code UNSUPPORTED}; an algorithm that
 *       does not fit the key is {@code INVALID_ARGUMENT}.</li>
 *   <li>Lifecycle: a disabled key or version refuses every use with {@code INVALID_KEY_STATE}.
 *       The current version cannot be disabled on its own ({@code INVALID_ARGUMENT}: disable the
 *       key, or rotate first), so the current version of a key is always enabled. Rotation needs
 *       an enabled key. A key pending deletion refuses use and every change but
 *       {@code cancelDeletion}, which leaves it {@code DISABLED}; once its deletion date has come
 *       it is destroyed on next access and is {@code NOT_FOUND} from then on.</li>
 *   <li>{@code rotate}, {@code metadata} accept a versioned reference and act on the key;
 *       {@code scheduleDeletion} and {@code cancelDeletion} refuse one, because deletion is never
 *       per version.</li>
 * </ul>
 *
 * <p>Thread-safe. The hot path (sign, verify, encrypt, decrypt, wrap, unwrap, createDek) reads an
 * immutable in-memory snapshot of the key and takes no lock; writes lock only the key they change.
 * Nothing secret is logged; DEBUG logs name keys and lifecycle operations.
 */
public final class LocalKmsProvider implements KmsProvider {
    /** Largest plaintext {@code encrypt} accepts. */
    public static final int MAX_PLAINTEXT_BYTES = 1024 * 1024;
    /** Largest key {@code wrap} accepts. */
    public static final int MAX_WRAP_KEY_BYTES = 4096;
    /** Longest deletion window accepted. */
    public static final Duration MAX_DELETION_WINDOW = Duration.ofDays(3650);

    private static final Logger LOG = LoggerFactory.getLogger(LocalKmsProvider.class);
    /** Everything but ROTATION_POLICY: the local provider has no scheduler to rotate keys by itself. */
    public static final Set<Capability> CAPABILITIES =
            Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(Capability.ROTATION_POLICY)));
    private static final int MAX_TAG_NAME_LENGTH = 128;
    private static final int MAX_TAG_VALUE_LENGTH = 1024;

    private final KeyCache keys;
    private final Clock clock;

    /** Uses {@code store} (now owned by this provider and closed with it) and {@code clock} for every time. */
    LocalKmsProvider(KeyRecordStore store, Clock clock) {
        this.keys = new KeyCache(store, clock);
        this.clock = clock;
    }

    /**
     * Opens the store {@code config} names (see {@link KeyRecordStores#open}) and returns a
     * provider over it, using the system clock.
     */
    public static LocalKmsProvider open(ProviderConfig config) {
        return new LocalKmsProvider(KeyRecordStores.open(config), Clock.systemUTC());
    }

    @Override
    public String scheme() {
        return LocalErrors.SCHEME;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    // ---- lifecycle ------------------------------------------------------------------------

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        if (ref.hasVersion()) {
            throw LocalErrors.invalidArgument(ref, "createKey takes a key reference without version, got " + ref);
        }
        if (!KeyCapabilities.isSupported(options.spec(), options.usage())) {
            throw LocalErrors.error(KmsErrorCode.UNSUPPORTED, ref, "the local provider cannot create a "
                    + options.spec() + " key with usage " + options.usage());
        }
        checkTags(ref, options.tags());
        LoadedKey key = keys.create(ref, () -> {
            byte[] material = KeyMaterialGenerator.generate(options.spec());
            return KeyRecord.create(ref.keyId(), options.spec(), options.usage(), options.description().orElse(null),
                    options.tags(), clock.instant(), material);
        });
        LOG.debug("created key {} ({}, {})", key.ref(), options.spec(), options.usage());
        return key.metadata();
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        List<KeyRef> refs = new ArrayList<>();
        for (String id : keys.list(scope)) {
            refs.add(KeyRef.of(LocalErrors.SCHEME, id));
        }
        return refs;
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        int number = VersionNumbers.parse(ref);
        LoadedKey key = keys.get(ref);
        if (number != VersionNumbers.NONE) {
            key.existingVersion(ref, number);
        }
        return key.metadata();
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        VersionNumbers.parse(ref);
        LoadedKey key = keys.update(ref, record -> {
            if (record.state() != KeyState.ENABLED) {
                throw LocalErrors.error(KmsErrorCode.INVALID_KEY_STATE, ref,
                        "cannot rotate key " + ref.withoutVersion() + ": it is " + record.state());
            }
            if (record.versions().size() >= KeyRecordCodec.MAX_VERSIONS) {
                throw LocalErrors.invalidArgument(ref, "key " + ref.withoutVersion() + " already has the maximum of "
                        + KeyRecordCodec.MAX_VERSIONS + " versions");
            }
            return record.withNewVersion(clock.instant(), KeyMaterialGenerator.generate(record.spec()));
        });
        KeyRef rotated = key.metadata().currentRef();
        LOG.debug("rotated key {} to version {}", key.ref(), rotated.version().orElse(""));
        return rotated;
    }

    @Override
    public void disable(KeyRef ref) {
        changeEnabled(ref, false);
    }

    @Override
    public void enable(KeyRef ref) {
        changeEnabled(ref, true);
    }

    private void changeEnabled(KeyRef ref, boolean enable) {
        String operation = enable ? "enable" : "disable";
        KeyState target = enable ? KeyState.ENABLED : KeyState.DISABLED;
        int number = VersionNumbers.parse(ref);
        keys.update(ref, record -> {
            if (number != VersionNumbers.NONE && record.version(number) == null) {
                throw LocalErrors.error(KmsErrorCode.NOT_FOUND, ref, "key " + ref.withoutVersion()
                        + " has no version '" + ref.version().orElse("") + "'");
            }
            if (record.state() == KeyState.PENDING_DELETION) {
                throw LocalErrors.error(KmsErrorCode.INVALID_KEY_STATE, ref, "cannot " + operation + " " + ref
                        + ": the key is pending deletion; cancel the deletion first");
            }
            if (number == VersionNumbers.NONE) {
                return record.state() == target ? record : record.withState(target, null);
            }
            if (!enable && number == record.currentVersion()) {
                throw LocalErrors.invalidArgument(ref, "cannot disable " + ref + " on its own: it is the current"
                        + " version; disable the key, or rotate first");
            }
            return record.version(number).state() == target ? record : record.withVersionState(number, target);
        });
        LOG.debug("{}d {}", operation, ref);
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        requireUnversioned(ref, "scheduleDeletion");
        if (pendingWindow.isNegative() || pendingWindow.compareTo(MAX_DELETION_WINDOW) > 0) {
            throw LocalErrors.invalidArgument(ref, "deletion window must be between 0 and "
                    + MAX_DELETION_WINDOW.toDays() + " days");
        }
        Instant[] when = new Instant[1];
        keys.update(ref, record -> {
            if (record.state() == KeyState.PENDING_DELETION) {
                throw LocalErrors.error(KmsErrorCode.INVALID_KEY_STATE, ref,
                        "key " + ref + " is already pending deletion (on " + record.deletionDate() + ")");
            }
            when[0] = clock.instant().plus(pendingWindow);
            return record.withState(KeyState.PENDING_DELETION, when[0]);
        });
        LOG.debug("scheduled deletion of key {} for {}", ref, when[0]);
        return when[0];
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        requireUnversioned(ref, "cancelDeletion");
        keys.update(ref, record -> {
            if (record.state() != KeyState.PENDING_DELETION) {
                throw LocalErrors.error(KmsErrorCode.INVALID_KEY_STATE, ref,
                        "key " + ref + " is not pending deletion (it is " + record.state() + ")");
            }
            return record.withState(KeyState.DISABLED, null);
        });
        LOG.debug("cancelled deletion of key {}; it is now disabled", ref);
    }

    // ---- signatures and MACs --------------------------------------------------------------

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        int number = VersionNumbers.parse(ref);
        LoadedKey key = keys.get(ref);
        key.requireCapability(Capability.SIGN, "sign");
        requireAlgorithm(key, ref, algorithm);
        LoadedVersion version = key.usableVersion(ref, number, "sign");
        try {
            return KeySignatures.sign(key.spec(), version, algorithm, message);
        } catch (GeneralSecurityException e) {
            throw LocalErrors.jcaFailure("sign", ref, e);
        }
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        int number = VersionNumbers.parse(ref);
        LoadedKey key = keys.get(ref);
        key.requireCapability(Capability.VERIFY, "verify");
        requireAlgorithm(key, ref, algorithm);
        try {
            if (number != VersionNumbers.NONE) {
                return KeySignatures.verify(key.spec(), key.usableVersion(ref, number, "verify"), algorithm, message,
                        signature);
            }
            key.requireEnabled(ref, "verify");
            for (LoadedVersion v : key.enabledVersionsNewestFirst()) {
                if (KeySignatures.verify(key.spec(), v, algorithm, message, signature)) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw LocalErrors.jcaFailure("verify", ref, e);
        }
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        int number = VersionNumbers.parse(ref);
        LoadedKey key = keys.get(ref);
        key.requireCapability(Capability.PUBLIC_KEY, "getPublicKey");
        VersionKey k = key.usableVersion(ref, number, "get the public key").key();
        if (k instanceof EcdsaKeyPair) {
            return ((EcdsaKeyPair) k).jcaPublicKey();
        }
        if (k instanceof Ed25519KeyPair) {
            return ((Ed25519KeyPair) k).jcaPublicKey();
        }
        return ((RsaKeyPair) k).publicKey();
    }

    // ---- encryption -----------------------------------------------------------------------

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        int number = VersionNumbers.parse(ref);
        LoadedKey key = keys.get(ref);
        key.requireCapability(Capability.ENCRYPT, "encrypt");
        KeyEncryption.checkPlaintextSize(key, ref, plaintext.length, 0, MAX_PLAINTEXT_BYTES, "plaintext");
        LoadedVersion version = key.usableVersion(ref, number, "encrypt");
        return KeyEncryption.seal(key, ref, version, CiphertextFormat.Purpose.ENCRYPT, plaintext, context, "encrypt");
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        int number = VersionNumbers.parse(ref);
        LoadedKey key = keys.get(ref);
        key.requireCapability(Capability.DECRYPT, "decrypt");
        return KeyEncryption.open(key, ref, number, CiphertextFormat.Purpose.ENCRYPT, ciphertext, context, "decrypt",
                MAX_PLAINTEXT_BYTES);
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        int number = VersionNumbers.parse(kek);
        LoadedKey key = keys.get(kek);
        key.requireCapability(Capability.DATA_KEY, "createDek");
        LoadedVersion version = key.usableVersion(kek, number, "createDek");
        byte[] dek = RandomBytes.bytes(spec.lengthBytes());
        try {
            byte[] wrapped = KeyEncryption.seal(key, kek, version, CiphertextFormat.Purpose.WRAP, dek, context,
                    "createDek");
            return DataKey.of(dek, WrappedKey.of(key.ref().withVersion(version.name()), wrapped));
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] keyBytes, EncryptionContext context) {
        int number = VersionNumbers.parse(kek);
        LoadedKey key = keys.get(kek);
        key.requireCapability(Capability.WRAP, "wrap");
        KeyEncryption.checkPlaintextSize(key, kek, keyBytes.length, 1, MAX_WRAP_KEY_BYTES, "key to wrap");
        LoadedVersion version = key.usableVersion(kek, number, "wrap");
        byte[] wrapped = KeyEncryption.seal(key, kek, version, CiphertextFormat.Purpose.WRAP, keyBytes, context,
                "wrap");
        return WrappedKey.of(key.ref().withVersion(version.name()), wrapped);
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        KeyRef kek = wrapped.kek();
        int number = VersionNumbers.parse(kek);
        LoadedKey key = keys.get(kek);
        key.requireCapability(Capability.UNWRAP, "unwrap");
        byte[] keyBytes = KeyEncryption.open(key, kek, number, CiphertextFormat.Purpose.WRAP, wrapped.ciphertext(),
                context, "unwrap", MAX_WRAP_KEY_BYTES);
        try {
            return DataKey.of(keyBytes, wrapped);
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
    }

    // ---- checks ---------------------------------------------------------------------------

    private static void requireAlgorithm(LoadedKey key, KeyRef ref, SignatureAlgorithm algorithm) {
        if (!algorithm.isCompatibleWith(key.spec())) {
            throw LocalErrors.invalidArgument(ref, "algorithm " + algorithm + " does not fit key "
                    + ref.withoutVersion() + ", which is a " + key.spec() + " key");
        }
    }

    private static void checkTags(KeyRef ref, Map<String, String> tags) {
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getKey().length() > MAX_TAG_NAME_LENGTH || e.getValue().length() > MAX_TAG_VALUE_LENGTH) {
                throw LocalErrors.invalidArgument(ref, "tag names are limited to " + MAX_TAG_NAME_LENGTH
                        + " characters and values to " + MAX_TAG_VALUE_LENGTH);
            }
        }
    }

    private static void requireUnversioned(KeyRef ref, String operation) {
        if (ref.hasVersion()) {
            throw LocalErrors.invalidArgument(ref, operation + " applies to whole keys; use "
                    + ref.withoutVersion() + " without a version");
        }
    }

    /** Wipes cached keys and closes the store. Idempotent. */
    @Override
    public void close() {
        keys.close();
    }

    @Override
    public String toString() {
        return "LocalKmsProvider";
    }
}
