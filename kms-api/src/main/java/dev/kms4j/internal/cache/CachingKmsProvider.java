package dev.kms4j.internal.cache;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeyState;
import dev.kms4j.KeyUsage;
import dev.kms4j.KeyVersionMetadata;
import dev.kms4j.KmsException;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.spi.ForwardingKmsProvider;
import dev.kms4j.spi.KmsProvider;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.AlgorithmParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Caches key metadata and public keys for a fixed time, and verifies signatures locally on a
 * cached public key. Never caches anything secret: plaintexts, data keys, signatures and
 * ciphertexts all pass straight through.
 *
 * <p>Every state change made through kms4j (rotate, disable, enable, scheduleDeletion,
 * cancelDeletion, setRotationPolicy, createKey) drops the key's entries, whether it succeeded or
 * failed (a failure may still have changed something). Changes made elsewhere are seen when the
 * entries expire, or after {@link #clearCache()}.
 *
 * <p>Local verification: see {@link #verify}. Thread-safe.
 */
public final class CachingKmsProvider extends ForwardingKmsProvider {
    private final TtlCache<KeyMetadata> metadata;
    private final TtlCache<PublicKey> publicKeys;
    private final boolean remoteVerify;

    public CachingKmsProvider(KmsProvider delegate, Clock clock, Duration ttl, int maxEntries, boolean remoteVerify) {
        super(delegate);
        this.metadata = new TtlCache<>(clock, ttl.toMillis(), maxEntries);
        this.publicKeys = new TtlCache<>(clock, ttl.toMillis(), maxEntries);
        this.remoteVerify = remoteVerify;
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        return metadata.get(ref, () -> super.metadata(ref));
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        return publicKeys.get(ref, () -> super.publicKey(ref));
    }

    /**
     * Verifies on a cached public key where that gives the provider's answer, else asks the
     * provider:
     * <ul>
     *   <li>MACs, remote-verify mode, and providers without metadata or public-key export always
     *       go to the provider.</li>
     *   <li>The (cached) metadata must show the key, and the version used, {@code ENABLED} with a
     *       signing usage and a spec the algorithm fits; otherwise the provider answers (and throws
     *       the right error).</li>
     *   <li>A reference with a version is checked against that version's key: {@code true} and
     *       {@code false} are both final.</li>
     *   <li>A reference without a version accepts a signature by any enabled version, so it is
     *       checked against the current version: {@code true} is final; {@code false} is final only
     *       if the key has a single version, otherwise the provider checks the other versions.</li>
     * </ul>
     */
    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        if (remoteVerify || algorithm.isMac()) {
            return super.verify(ref, algorithm, message, signature);
        }
        LocalAnswer local = verifyLocally(ref, algorithm, message, signature);
        if (local == LocalAnswer.VALID || local == LocalAnswer.INVALID_FINAL) {
            return local == LocalAnswer.VALID;
        }
        return super.verify(ref, algorithm, message, signature);
    }

    private enum LocalAnswer { VALID, INVALID_FINAL, ASK_PROVIDER }

    private LocalAnswer verifyLocally(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        if (!capabilities().contains(Capability.METADATA) || !capabilities().contains(Capability.PUBLIC_KEY)) {
            return LocalAnswer.ASK_PROVIDER;
        }
        KeyMetadata md;
        try {
            md = metadata(ref.withoutVersion());
        } catch (KmsException e) {
            return LocalAnswer.ASK_PROVIDER;
        }
        if (md.state() != KeyState.ENABLED || md.usage() != KeyUsage.SIGN_VERIFY
                || !algorithm.isCompatibleWith(md.spec())) {
            return LocalAnswer.ASK_PROVIDER;
        }
        String version = ref.version().orElse(md.currentVersion().orElse(null));
        if (version != null && !md.versions().isEmpty()) {
            Optional<KeyVersionMetadata> v = md.version(version);
            if (v.isEmpty() || v.get().state() != KeyState.ENABLED) {
                return LocalAnswer.ASK_PROVIDER;
            }
        }
        KeyRef exact = version == null ? ref : ref.withVersion(version);
        PublicKey key;
        try {
            key = publicKey(exact);
        } catch (KmsException e) {
            return LocalAnswer.ASK_PROVIDER;
        }
        Boolean valid = check(key, algorithm, message, signature);
        if (valid == null) {
            return LocalAnswer.ASK_PROVIDER;
        }
        if (valid) {
            return LocalAnswer.VALID;
        }
        boolean onlyOneKey = ref.hasVersion() || (version != null && md.versions().size() == 1);
        return onlyOneKey ? LocalAnswer.INVALID_FINAL : LocalAnswer.ASK_PROVIDER;
    }

    /** The JCA answer, or {@code null} if the JCA cannot decide (then the provider does). */
    private static Boolean check(PublicKey key, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm.jcaName());
            AlgorithmParameterSpec params = algorithm.jcaParameters();
            if (params != null) {
                s.setParameter(params);
            }
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (SignatureException e) {
            // A malformed signature: verify's contract answers false, not an error.
            return Boolean.FALSE;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        try {
            return super.createKey(ref, options);
        } finally {
            invalidate(ref);
        }
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        try {
            return super.rotate(ref);
        } finally {
            invalidate(ref);
        }
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        try {
            super.setRotationPolicy(ref, policy);
        } finally {
            invalidate(ref);
        }
    }

    @Override
    public void disable(KeyRef ref) {
        try {
            super.disable(ref);
        } finally {
            invalidate(ref);
        }
    }

    @Override
    public void enable(KeyRef ref) {
        try {
            super.enable(ref);
        } finally {
            invalidate(ref);
        }
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        try {
            return super.scheduleDeletion(ref, pendingWindow);
        } finally {
            invalidate(ref);
        }
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        try {
            super.cancelDeletion(ref);
        } finally {
            invalidate(ref);
        }
    }

    @Override
    public void clearCache() {
        metadata.clear();
        publicKeys.clear();
        super.clearCache();
    }

    @Override
    public void clearCache(KeyRef ref) {
        invalidate(ref);
        super.clearCache(ref);
    }

    private void invalidate(KeyRef ref) {
        metadata.invalidate(ref);
        publicKeys.invalidate(ref);
    }

    /** Entries held now, metadata plus public keys (for tests and metrics). */
    public int size() {
        return metadata.size() + publicKeys.size();
    }
}
