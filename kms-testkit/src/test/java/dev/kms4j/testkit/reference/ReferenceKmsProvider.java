package dev.kms4j.testkit.reference;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyType;
import dev.kms4j.KeyVersionMetadata;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.spi.KmsProvider;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A small, honest in-memory provider (scheme {@code "ref"}) that exists only to test the TCK:
 * AES-GCM for encryption and wrapping, ECDSA, Ed25519, RSA and HMAC through the JCE, numbered
 * versions, key and version states. It is not for production: keys live on the heap unencrypted.
 *
 * <p>{@link Flaw}s switch on single deliberate bugs so tests can show that the contract catches
 * them. Thread-safe: the key table is guarded by this object's monitor; cryptography runs
 * outside it on immutable key material.
 */
final class ReferenceKmsProvider implements KmsProvider {
    static final String SCHEME = "ref";

    /** Deliberate bugs, one per flaw, for the tests that show the contract fails them. */
    enum Flaw {
        /** Leaves the encryption context out of the authenticated data. */
        IGNORES_CONTEXT,
        /** Returns IEEE P1363 {@code r||s} ECDSA signatures instead of DER. */
        P1363_SIGNATURES,
        /** Lets disabled keys encrypt and decrypt. */
        IGNORES_DISABLED_STATE,
        /** Puts the plaintext, in hex, into the message of an "unsupported operation" error. */
        LEAKS_PLAINTEXT_IN_ERRORS,
        /** Replaces the key material on rotation, so old ciphertexts no longer decrypt. */
        FORGETS_OLD_VERSIONS,
        /** Accepts any signature. */
        VERIFY_ALWAYS_TRUE,
        /** Reports an unknown key as INVALID_ARGUMENT instead of NOT_FOUND. */
        WRONG_NOT_FOUND_CODE
    }

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Set<KeySpec> SPECS = EnumSet.of(
            KeySpec.AES_128, KeySpec.AES_256,
            KeySpec.HMAC_SHA256, KeySpec.HMAC_SHA384, KeySpec.HMAC_SHA512,
            KeySpec.EC_P256, KeySpec.EC_P384, KeySpec.EC_P521, KeySpec.ED25519,
            KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096);

    private final SecureRandom random = new SecureRandom();
    private final Set<Flaw> flaws;
    private final Map<String, Key> keys = new TreeMap<>();

    ReferenceKmsProvider(Set<Flaw> flaws) {
        this.flaws = flaws.isEmpty() ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(flaws);
    }

    /** One key: spec, state and versions. Mutable; guarded by the provider's monitor. */
    private static final class Key {
        final KeySpec spec;
        final Instant createdAt = Instant.now();
        final List<Version> versions = new ArrayList<>();
        KeyState state = KeyState.ENABLED;
        Instant rotatedAt;
        Instant deletionDate;

        Key(KeySpec spec) {
            this.spec = spec;
        }
    }

    /** One version's key material: a secret key or a key pair. */
    private static final class Version {
        final int number;
        final Instant createdAt = Instant.now();
        volatile SecretKey secret;
        volatile KeyPair pair;
        KeyState state = KeyState.ENABLED;

        Version(int number) {
            this.number = number;
        }
    }

    /** What an operation needs, taken under the lock. */
    private static final class Use {
        final KeySpec spec;
        final int version;
        final SecretKey secret;
        final KeyPair pair;

        Use(KeySpec spec, Version v) {
            this.spec = spec;
            this.version = v.number;
            this.secret = v.secret;
            this.pair = v.pair;
        }
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    /** Everything but automatic rotation, which a reference in memory has no scheduler for. */
    static final Set<Capability> CAPABILITIES = EnumSet.complementOf(EnumSet.of(Capability.ROTATION_POLICY));

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    // ---- key management ----

    @Override
    public synchronized KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        if (ref.hasVersion()) {
            throw error(KmsErrorCode.INVALID_ARGUMENT, "createKey takes a key without version", ref);
        }
        if (!SPECS.contains(options.spec()) || options.usage() != options.spec().defaultUsage()) {
            throw error(KmsErrorCode.UNSUPPORTED, "key spec " + options.spec() + " with usage " + options.usage(), ref);
        }
        if (keys.containsKey(ref.keyId())) {
            throw error(KmsErrorCode.ALREADY_EXISTS, "key already exists", ref);
        }
        Key key = new Key(options.spec());
        key.versions.add(newVersion(options.spec(), 1));
        keys.put(ref.keyId(), key);
        return metadata(ref);
    }

    @Override
    public synchronized List<KeyRef> listKeys(String scope) {
        return keys.keySet().stream().filter(id -> id.startsWith(scope)).map(id -> KeyRef.of(SCHEME, id)).toList();
    }

    @Override
    public synchronized KeyMetadata metadata(KeyRef ref) {
        Key key = find(ref);
        KeyMetadata.Builder b = KeyMetadata.builder(ref).spec(key.spec).state(key.state)
                .createdAt(key.createdAt).rotatedAt(key.rotatedAt).deletionDate(key.deletionDate)
                .capabilities(keyCapabilities(key.spec))
                .currentVersion(String.valueOf(current(key).number));
        for (Version v : key.versions) {
            b.addVersion(KeyVersionMetadata.of(String.valueOf(v.number), v.state, v.createdAt));
        }
        return b.build();
    }

    @Override
    public synchronized KeyRef rotate(KeyRef ref) {
        Key key = find(ref);
        requireNotPendingDeletion(key, ref);
        Version next = newVersion(key.spec, current(key).number + 1);
        if (flaws.contains(Flaw.FORGETS_OLD_VERSIONS)) {
            for (Version v : key.versions) {
                v.secret = next.secret;
                v.pair = next.pair;
            }
        }
        key.versions.add(next);
        key.rotatedAt = Instant.now();
        return ref.withVersion(String.valueOf(next.number));
    }

    @Override
    public synchronized void disable(KeyRef ref) {
        setState(ref, KeyState.DISABLED);
    }

    @Override
    public synchronized void enable(KeyRef ref) {
        setState(ref, KeyState.ENABLED);
    }

    private void setState(KeyRef ref, KeyState state) {
        Key key = find(ref);
        requireNotPendingDeletion(key, ref);
        if (ref.hasVersion()) {
            version(key, ref, ref.version().get()).state = state;
        } else {
            key.state = state;
        }
    }

    @Override
    public synchronized Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        Key key = find(ref);
        requireNotPendingDeletion(key, ref);
        key.state = KeyState.PENDING_DELETION;
        key.deletionDate = Instant.now().plus(pendingWindow);
        return key.deletionDate;
    }

    @Override
    public synchronized void cancelDeletion(KeyRef ref) {
        Key key = find(ref);
        if (key.state != KeyState.PENDING_DELETION) {
            throw error(KmsErrorCode.INVALID_KEY_STATE, "key is not pending deletion", ref);
        }
        key.state = KeyState.DISABLED;
        key.deletionDate = null;
    }

    // ---- cryptography ----

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        Use use = use(ref, KeyType.SYMMETRIC, null, "encrypt", plaintext);
        return seal(ref.keyId(), use, plaintext, context);
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        return open(ref, ciphertext, context, null);
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        Use use = use(kek, KeyType.SYMMETRIC, null, "wrap", key);
        return WrappedKey.of(kek.withoutVersion().withVersion(String.valueOf(use.version)),
                seal(kek.keyId(), use, key, context));
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        byte[] key = open(wrapped.kek().withoutVersion(), wrapped.ciphertext(), context, wrapped.kek().version().orElse(null));
        try {
            return DataKey.of(key, wrapped);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        byte[] key = new byte[spec.lengthBytes()];
        random.nextBytes(key);
        try {
            return DataKey.of(key, wrap(kek, key, context));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        Use use = use(ref, null, algorithm, "sign", message);
        try {
            if (algorithm.isMac()) {
                Mac mac = Mac.getInstance(algorithm.jcaName());
                mac.init(use.secret);
                return mac.doFinal(message);
            }
            String jcaName = flaws.contains(Flaw.P1363_SIGNATURES) && algorithm.keyType() == KeyType.EC
                    ? algorithm.jcaName() + "inP1363Format" : algorithm.jcaName();
            Signature signer = Signature.getInstance(jcaName);
            if (algorithm.jcaParameters() != null) {
                signer.setParameter(algorithm.jcaParameters());
            }
            signer.initSign(use.pair.getPrivate(), random);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw error(KmsErrorCode.INTERNAL, "sign failed", ref);
        }
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        List<Use> candidates = candidates(ref, algorithm);
        if (flaws.contains(Flaw.VERIFY_ALWAYS_TRUE)) {
            return true;
        }
        for (Use use : candidates) {
            if (verifyWith(use, algorithm, message, signature, ref)) {
                return true;
            }
        }
        return false;
    }

    private boolean verifyWith(Use use, SignatureAlgorithm algorithm, byte[] message, byte[] signature, KeyRef ref) {
        try {
            if (algorithm.isMac()) {
                Mac mac = Mac.getInstance(algorithm.jcaName());
                mac.init(use.secret);
                return MessageDigest.isEqual(mac.doFinal(message), signature); // constant time
            }
            Signature verifier = Signature.getInstance(algorithm.jcaName());
            if (algorithm.jcaParameters() != null) {
                verifier.setParameter(algorithm.jcaParameters());
            }
            verifier.initVerify(use.pair.getPublic());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false; // malformed signature
        } catch (GeneralSecurityException e) {
            throw error(KmsErrorCode.INTERNAL, "verify failed", ref);
        }
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        Use use = use(ref, null, null, "getPublicKey", null);
        if (use.pair == null) {
            throw error(KmsErrorCode.UNSUPPORTED, "a " + use.spec + " key has no public key", ref);
        }
        return use.pair.getPublic();
    }

    @Override
    public void close() {
        synchronized (this) {
            keys.clear();
        }
    }

    // ---- internals ----

    /** Ciphertext: 4-byte version, 12-byte nonce, AES-GCM output; AAD binds key id, version and context. */
    private byte[] seal(String keyId, Use use, byte[] plaintext, EncryptionContext context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, use.secret, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(keyId, use.version, context));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(4 + NONCE_BYTES + sealed.length).putInt(use.version).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "AES-GCM encryption failed");
        }
    }

    private byte[] open(KeyRef ref, byte[] ciphertext, EncryptionContext context, String expectedVersion) {
        if (ciphertext.length < 4 + NONCE_BYTES + TAG_BITS / 8) {
            use(ref, KeyType.SYMMETRIC, null, "decrypt", null); // unknown or unusable keys win over short input
            throw error(KmsErrorCode.INTEGRITY, "ciphertext is too short", ref);
        }
        int version = ByteBuffer.wrap(ciphertext).getInt();
        if (expectedVersion != null && !expectedVersion.equals(String.valueOf(version))) {
            use(ref, KeyType.SYMMETRIC, null, "unwrap", null);
            throw error(KmsErrorCode.INTEGRITY, "wrapped key does not match its KEK version", ref);
        }
        Use use;
        try {
            use = use(ref.withVersion(String.valueOf(version)), KeyType.SYMMETRIC, null, "decrypt", null);
        } catch (KmsException e) {
            if (e.code() == KmsErrorCode.NOT_FOUND && find(ref) != null) {
                throw error(KmsErrorCode.INTEGRITY, "ciphertext names no version of this key", ref);
            }
            throw e;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, use.secret, new GCMParameterSpec(TAG_BITS, ciphertext, 4, NONCE_BYTES));
            cipher.updateAAD(aad(ref.keyId(), version, context));
            return cipher.doFinal(ciphertext, 4 + NONCE_BYTES, ciphertext.length - 4 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw error(KmsErrorCode.INTEGRITY, "ciphertext or context does not authenticate", ref);
        } catch (GeneralSecurityException e) {
            throw error(KmsErrorCode.INTERNAL, "AES-GCM decryption failed", ref);
        }
    }

    private byte[] aad(String keyId, int version, EncryptionContext context) {
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        byte[] ctx = flaws.contains(Flaw.IGNORES_CONTEXT) ? new byte[0] : context.toAad();
        return ByteBuffer.allocate(4 + id.length + 4 + ctx.length).putInt(id.length).put(id).putInt(version).put(ctx).array();
    }

    /**
     * Resolves the key version an operation uses and checks state and usage. {@code type} or
     * {@code algorithm} says what the operation needs; {@code input} is only for the
     * LEAKS_PLAINTEXT_IN_ERRORS flaw.
     */
    private synchronized Use use(KeyRef ref, KeyType type, SignatureAlgorithm algorithm, String operation, byte[] input) {
        Key key = find(ref);
        boolean ignoreState = flaws.contains(Flaw.IGNORES_DISABLED_STATE) && key.state == KeyState.DISABLED;
        if (key.state != KeyState.ENABLED && !ignoreState) {
            throw error(KmsErrorCode.INVALID_KEY_STATE, operation + " with a key that is " + key.state, ref);
        }
        if ((type != null && key.spec.type() != type) || (type == null && algorithm == null && !key.spec.isAsymmetric())
                || (algorithm != null && key.spec.type() == KeyType.SYMMETRIC)) {
            String leak = flaws.contains(Flaw.LEAKS_PLAINTEXT_IN_ERRORS) && input != null
                    ? " of input " + HexFormat.of().formatHex(input) : "";
            throw error(KmsErrorCode.UNSUPPORTED, "a " + key.spec + " key cannot " + operation + leak, ref);
        }
        if (algorithm != null && !algorithm.isCompatibleWith(key.spec)) {
            throw error(KmsErrorCode.UNSUPPORTED, "a " + key.spec + " key cannot use " + algorithm, ref);
        }
        Version v = ref.hasVersion() ? version(key, ref, ref.version().get()) : current(key);
        if (v.state != KeyState.ENABLED && !flaws.contains(Flaw.IGNORES_DISABLED_STATE)) {
            throw error(KmsErrorCode.INVALID_KEY_STATE, operation + " with version " + v.number + " that is " + v.state, ref);
        }
        return new Use(key.spec, v);
    }

    /** Versions a verify may accept: the given one, or every enabled one. */
    private synchronized List<Use> candidates(KeyRef ref, SignatureAlgorithm algorithm) {
        Use first = use(ref, null, algorithm, "verify", null);
        if (ref.hasVersion()) {
            return List.of(first);
        }
        Key key = find(ref);
        List<Use> uses = new ArrayList<>();
        for (Version v : key.versions) {
            if (v.state == KeyState.ENABLED) {
                uses.add(new Use(key.spec, v));
            }
        }
        return uses;
    }

    private Key find(KeyRef ref) {
        Key key;
        synchronized (this) {
            key = keys.get(ref.keyId());
        }
        if (key == null) {
            throw error(flaws.contains(Flaw.WRONG_NOT_FOUND_CODE) ? KmsErrorCode.INVALID_ARGUMENT : KmsErrorCode.NOT_FOUND,
                    "no such key", ref);
        }
        return key;
    }

    private static Version current(Key key) {
        return key.versions.get(key.versions.size() - 1);
    }

    private static Version version(Key key, KeyRef ref, String version) {
        for (Version v : key.versions) {
            if (String.valueOf(v.number).equals(version)) {
                return v;
            }
        }
        throw error(KmsErrorCode.NOT_FOUND, "no version " + version, ref);
    }

    private static void requireNotPendingDeletion(Key key, KeyRef ref) {
        if (key.state == KeyState.PENDING_DELETION) {
            throw error(KmsErrorCode.INVALID_KEY_STATE, "key is pending deletion", ref);
        }
    }

    private Version newVersion(KeySpec spec, int number) {
        Version v = new Version(number);
        try {
            switch (spec.type()) {
                case SYMMETRIC:
                case HMAC:
                    KeyGenerator generator = KeyGenerator.getInstance(spec.type() == KeyType.HMAC ? "Hmac" + "SHA" + spec.bits() : "AES");
                    generator.init(spec.bits(), random);
                    v.secret = generator.generateKey();
                    break;
                case EC:
                    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
                    ec.initialize(new ECGenParameterSpec("secp" + spec.bits() + "r1"), random);
                    v.pair = ec.generateKeyPair();
                    break;
                case EDWARDS:
                    v.pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                    break;
                default:
                    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                    rsa.initialize(spec.bits(), random);
                    v.pair = rsa.generateKeyPair();
            }
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "key generation for " + spec + " failed", e);
        }
        return v;
    }

    private static Set<Capability> keyCapabilities(KeySpec spec) {
        switch (spec.defaultUsage()) {
            case ENCRYPT_DECRYPT:
                return EnumSet.of(Capability.ENCRYPT, Capability.DECRYPT, Capability.WRAP, Capability.UNWRAP,
                        Capability.DATA_KEY, Capability.ROTATE);
            case SIGN_VERIFY:
                return EnumSet.of(Capability.SIGN, Capability.VERIFY, Capability.PUBLIC_KEY, Capability.ROTATE);
            default:
                return EnumSet.of(Capability.SIGN, Capability.VERIFY, Capability.ROTATE);
        }
    }

    private static KmsException error(KmsErrorCode code, String message, KeyRef ref) {
        return KmsException.builder(code, message + " (" + ref + ")").provider(SCHEME).keyRef(ref).build();
    }
}
