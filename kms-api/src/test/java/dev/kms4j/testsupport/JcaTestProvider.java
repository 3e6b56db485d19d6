package dev.kms4j.testsupport;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyVersionMetadata;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.spi.KmsProvider;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * An in-memory provider doing real JCA cryptography, for decorator tests: versioned EC, RSA,
 * Ed25519 and AES keys, states, and a call counter per operation. {@code verify} without a
 * version accepts any enabled version, as the contract says.
 */
public final class JcaTestProvider implements KmsProvider {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String scheme;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public JcaTestProvider(String scheme) {
        this.scheme = scheme;
    }

    private static final class Version {
        final String id;
        final KeyPair pair;
        final SecretKey secret;
        volatile KeyState state = KeyState.ENABLED;

        Version(String id, KeyPair pair, SecretKey secret) {
            this.id = id;
            this.pair = pair;
            this.secret = secret;
        }
    }

    private static final class Key {
        final KeyRef ref;
        final KeySpec spec;
        final List<Version> versions = new ArrayList<>();
        volatile KeyState state = KeyState.ENABLED;

        Key(KeyRef ref, KeySpec spec) {
            this.ref = ref;
            this.spec = spec;
        }

        synchronized Version current() {
            return versions.get(versions.size() - 1);
        }

        synchronized Version version(KeyRef r) {
            if (!r.hasVersion()) {
                return current();
            }
            for (Version v : versions) {
                if (v.id.equals(r.version().get())) {
                    return v;
                }
            }
            throw new KmsException(KmsErrorCode.NOT_FOUND, "no version " + r);
        }

        synchronized List<Version> snapshot() {
            return List.copyOf(versions);
        }
    }

    /** How many times {@code operation} reached this provider. */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    private void count(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    private Key key(KeyRef ref) {
        Key k = keys.get(ref.keyId());
        if (k == null) {
            throw new KmsException(KmsErrorCode.NOT_FOUND, "no key " + ref.withoutVersion());
        }
        return k;
    }

    private static Version newVersion(KeySpec spec, String id) {
        try {
            switch (spec.type()) {
                case EC: {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                    return new Version(id, g.generateKeyPair(), null);
                }
                case RSA: {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(spec.bits());
                    return new Version(id, g.generateKeyPair(), null);
                }
                case EDWARDS:
                    return new Version(id, KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), null);
                default: {
                    KeyGenerator g = KeyGenerator.getInstance("AES");
                    g.init(256);
                    return new Version(id, null, g.generateKey());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        count("createKey");
        Key k = new Key(ref.withoutVersion(), options.spec());
        k.versions.add(newVersion(options.spec(), "1"));
        if (keys.putIfAbsent(ref.keyId(), k) != null) {
            throw new KmsException(KmsErrorCode.ALREADY_EXISTS, "exists: " + ref);
        }
        return describe(k);
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        count("listKeys");
        List<KeyRef> out = new ArrayList<>();
        keys.keySet().stream().sorted().filter(id -> id.startsWith(scope)).forEach(id -> out.add(KeyRef.of(scheme, id)));
        return out;
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        count("metadata");
        return describe(key(ref));
    }

    private static KeyMetadata describe(Key k) {
        KeyMetadata.Builder b = KeyMetadata.builder(k.ref).spec(k.spec).state(k.state)
                .currentVersion(k.current().id).capabilities(EnumSet.allOf(Capability.class));
        for (Version v : k.snapshot()) {
            b.addVersion(KeyVersionMetadata.of(v.id, v.state, null));
        }
        return b.build();
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        count("rotate");
        Key k = key(ref);
        synchronized (k) {
            Version v = newVersion(k.spec, Integer.toString(k.versions.size() + 1));
            k.versions.add(v);
            return k.ref.withVersion(v.id);
        }
    }

    @Override
    public void disable(KeyRef ref) {
        count("disable");
        Key k = key(ref);
        if (ref.hasVersion()) {
            k.version(ref).state = KeyState.DISABLED;
        } else {
            k.state = KeyState.DISABLED;
        }
    }

    @Override
    public void enable(KeyRef ref) {
        count("enable");
        Key k = key(ref);
        if (ref.hasVersion()) {
            k.version(ref).state = KeyState.ENABLED;
        } else {
            k.state = KeyState.ENABLED;
        }
    }

    private static void requireEnabled(Key k, Version v) {
        if (k.state != KeyState.ENABLED || v.state != KeyState.ENABLED) {
            throw new KmsException(KmsErrorCode.INVALID_KEY_STATE, "disabled: " + k.ref + "#" + v.id);
        }
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        count("getPublicKey");
        return key(ref).version(ref).pair.getPublic();
    }

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        count("sign");
        Key k = key(ref);
        Version v = k.version(ref);
        requireEnabled(k, v);
        try {
            Signature s = Signature.getInstance(algorithm.jcaName());
            AlgorithmParameterSpec p = algorithm.jcaParameters();
            if (p != null) {
                s.setParameter(p);
            }
            s.initSign(v.pair.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "cannot sign: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        count("verify");
        Key k = key(ref);
        if (ref.hasVersion()) {
            Version v = k.version(ref);
            requireEnabled(k, v);
            return check(v.pair.getPublic(), algorithm, message, signature);
        }
        if (k.state != KeyState.ENABLED) {
            throw new KmsException(KmsErrorCode.INVALID_KEY_STATE, "disabled: " + k.ref);
        }
        for (Version v : k.snapshot()) {
            if (v.state == KeyState.ENABLED && check(v.pair.getPublic(), algorithm, message, signature)) {
                return true;
            }
        }
        return false;
    }

    private static boolean check(PublicKey key, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm.jcaName());
            AlgorithmParameterSpec p = algorithm.jcaParameters();
            if (p != null) {
                s.setParameter(p);
            }
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "cannot verify: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        count("encrypt");
        Key k = key(ref);
        Version v = k.version(ref);
        requireEnabled(k, v);
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, v.secret, new GCMParameterSpec(128, iv));
            c.updateAAD(context.toAad());
            byte[] ct = c.doFinal(plaintext);
            byte[] out = new byte[1 + 12 + ct.length];
            out[0] = (byte) Integer.parseInt(v.id);
            System.arraycopy(iv, 0, out, 1, 12);
            System.arraycopy(ct, 0, out, 13, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        count("decrypt");
        Key k = key(ref);
        Version v = k.version(k.ref.withVersion(Integer.toString(ciphertext[0])));
        requireEnabled(k, v);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, v.secret, new GCMParameterSpec(128, ciphertext, 1, 12));
            c.updateAAD(context.toAad());
            return c.doFinal(ciphertext, 13, ciphertext.length - 13);
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INTEGRITY, "ciphertext rejected");
        }
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        count("createDek");
        byte[] dek = new byte[spec.lengthBytes()];
        RANDOM.nextBytes(dek);
        try {
            return DataKey.of(dek, wrap(kek, dek, context));
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        count("wrap");
        byte[] ct = encrypt(kek, key, context);
        return WrappedKey.of(kek.withoutVersion().withVersion(Integer.toString(ct[0])), ct);
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        count("unwrap");
        byte[] key = decrypt(wrapped.kek(), wrapped.ciphertext(), context);
        try {
            return DataKey.of(key, wrapped);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public void close() {
    }
}
