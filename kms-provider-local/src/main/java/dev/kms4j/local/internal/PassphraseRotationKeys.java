package dev.kms4j.local.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.local.MasterKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The keys of a passphrase change: the current key is derived with the salt in the metadata, the
 * new one with a fresh salt and the same Argon2id cost. To recognise a change that already
 * committed, the new passphrase is tried with the salt then in the metadata.
 *
 * <p>Holds copies of both passphrases (secret) and every key it derived, all zeroed by
 * {@link #close()}. Not thread-safe; used by one rotation.
 */
public final class PassphraseRotationKeys implements MasterKeyRotation.Keys {
    private final char[] currentPassphrase;
    private final char[] nextPassphrase;
    private final List<MasterKey> derived = new ArrayList<>();
    private KdfParameters nextKdf;

    /** Copies both passphrases; the caller keeps (and should zero) its arrays. */
    public PassphraseRotationKeys(char[] currentPassphrase, char[] nextPassphrase) {
        if (currentPassphrase.length == 0 || nextPassphrase.length == 0) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "a keystore passphrase must not be empty");
        }
        this.currentPassphrase = currentPassphrase.clone();
        this.nextPassphrase = nextPassphrase.clone();
    }

    @Override
    public MasterKey current(KeystoreMetadata metadata) {
        return derive(currentPassphrase, kdfOf(metadata));
    }

    @Override
    public MasterKey next(KeystoreMetadata metadata) {
        nextKdf = kdfOf(metadata).withNewSalt();
        return derive(nextPassphrase, nextKdf);
    }

    @Override
    public Optional<KdfParameters> nextKdf() {
        return Optional.ofNullable(nextKdf);
    }

    @Override
    public boolean alreadyUnderNext(KeystoreMetadata metadata) {
        return metadata.kdf().isPresent() && metadata.matches(derive(nextPassphrase, metadata.kdf().get()));
    }

    private static KdfParameters kdfOf(KeystoreMetadata metadata) {
        return metadata.kdf().orElseThrow(() -> new KmsException(KmsErrorCode.UNAUTHENTICATED,
                "the keystore is not protected by a passphrase; rotate its master key instead"));
    }

    private MasterKey derive(char[] passphrase, KdfParameters kdf) {
        MasterKey key = PassphraseKdf.derive(passphrase, kdf);
        derived.add(key);
        return key;
    }

    @Override
    public void close() {
        Arrays.fill(currentPassphrase, (char) 0);
        Arrays.fill(nextPassphrase, (char) 0);
        derived.forEach(MasterKey::close);
        derived.clear();
    }
}
