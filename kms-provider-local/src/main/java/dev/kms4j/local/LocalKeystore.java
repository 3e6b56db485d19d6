package dev.kms4j.local;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.local.internal.KeyRecordStores;
import dev.kms4j.local.internal.KeystoreLayout;
import dev.kms4j.local.internal.KeystoreMetadata;
import dev.kms4j.local.internal.MasterKeyResolver;
import dev.kms4j.local.internal.MasterKeyRotation;
import dev.kms4j.local.internal.PassphraseRotationKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Administration of an on-disk local keystore: master-key rotation, passphrase change, and
 * inspection. Used by the {@code kms} tool and by operators' scripts; applications use the keys
 * through {@code KmsManager}.
 *
 * <p>Rotation and passphrase change take the keystore's lock, so they fail with
 * {@code UNAVAILABLE} while a provider (in any process) has the keystore open; the read-only
 * methods take no lock.
 *
 * <p><b>Master-key rotation</b> re-encrypts every key file under the new master key. It is
 * crash-safe and resumable: the new files are written beside the old ones, each is read back and
 * compared with its old record, and only then does one atomic rename of the metadata file switch
 * the keystore to the new key; the old files (the backup) are removed after that. If the process
 * dies at any point, the keystore opens with the old master key (and the rotation is rolled back)
 * or with the new one (and it is finished); calling the same rotation again completes it. After a
 * rotation the keystore must be opened with the new key, so update the configuration
 * ({@code master-key}, {@code master-key-file}, {@code passphrase}) right after it. A keystore
 * using {@code generate-master-key=true} keeps its key in {@code master.key}, which rotation
 * does not rewrite: rotate such a (development) keystore only to move it to an explicit key.
 *
 * <p>Stateless and thread-safe. Master keys and passphrases passed in stay owned by the caller.
 */
public final class LocalKeystore {
    private LocalKeystore() {
    }

    /**
     * Re-encrypts every key of the keystore at {@code dir} from {@code current} to {@code next}.
     * If a previous call with the same keys was interrupted after its commit point (the keystore
     * is already under {@code next}), this finishes it. The keystore's metadata no longer records
     * a passphrase afterwards: open it with {@code next} as {@code master-key} or
     * {@code master-key-file}.
     *
     * @throws KmsException {@code NOT_FOUND} if there is no keystore at {@code dir};
     *     {@code UNAVAILABLE} if it is open elsewhere; {@code UNAUTHENTICATED} if it is under
     *     neither key; {@code INVALID_ARGUMENT} if both keys are equal; {@code INTEGRITY} naming the
     *     key if a key file is damaged, in which case nothing is changed
     */
    public static void rotateMasterKey(Path dir, MasterKey current, MasterKey next) {
        Objects.requireNonNull(dir, "dir");
        MasterKeyRotation.rotate(new KeystoreLayout(dir), MasterKeyRotation.keys(current, next), Duration.ZERO,
                MasterKeyRotation.StepListener.NONE);
    }

    /**
     * Changes the passphrase of a passphrase-protected keystore: a fresh salt, the same Argon2id
     * cost, and every key re-encrypted exactly as {@link #rotateMasterKey} does (crash-safe and
     * resumable with the same two passphrases). The caller keeps, and should zero, both arrays.
     *
     * @throws KmsException as {@link #rotateMasterKey}; {@code UNAUTHENTICATED} also if the
     *     keystore is not protected by a passphrase
     */
    public static void changePassphrase(Path dir, char[] currentPassphrase, char[] newPassphrase) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(currentPassphrase, "currentPassphrase");
        Objects.requireNonNull(newPassphrase, "newPassphrase");
        MasterKeyRotation.rotate(new KeystoreLayout(dir), new PassphraseRotationKeys(currentPassphrase, newPassphrase),
                Duration.ZERO, MasterKeyRotation.StepListener.NONE);
    }

    /**
     * The check value (not secret) of the master key the keystore at {@code dir} is under,
     * comparable with {@link MasterKey#checkValue()}. Reads the metadata only; takes no lock.
     *
     * @throws KmsException {@code NOT_FOUND} if there is no keystore at {@code dir}
     */
    public static String masterKeyCheckValue(Path dir) {
        return metadata(new KeystoreLayout(dir)).checkValueHex();
    }

    /**
     * Resolves the master key of an existing keystore from {@code config} exactly as the local
     * provider does (settings {@code path}, {@code master-key}, {@code master-key-file},
     * {@code passphrase}, {@code generate-master-key}, their system properties and environment
     * variables), and checks that it is the keystore's key. Creates nothing. The caller owns the
     * returned key and must close it.
     *
     * @throws KmsException {@code NOT_FOUND} if there is no keystore at the configured path;
     *     {@code INVALID_ARGUMENT} if no master key is configured; {@code UNAUTHENTICATED} if the
     *     configured key is not the keystore's
     */
    public static MasterKey resolveMasterKey(ProviderConfig config) {
        Objects.requireNonNull(config, "config");
        String path = config.require("path", "KMS4J_LOCAL_PATH");
        if (path.equals(KeyRecordStores.IN_MEMORY)) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "an in-memory keystore has no master key");
        }
        KeystoreLayout layout = new KeystoreLayout(Path.of(path));
        KeystoreMetadata metadata = metadata(layout);
        MasterKeyResolver.Resolved resolved = MasterKeyResolver.resolve(config, layout, Optional.of(metadata));
        if (!metadata.matches(resolved.key())) {
            resolved.close();
            throw new KmsException(KmsErrorCode.UNAUTHENTICATED, "master key does not match the keystore at " + layout);
        }
        return resolved.key();
    }

    private static KeystoreMetadata metadata(KeystoreLayout layout) {
        return KeystoreMetadata.read(layout)
                .orElseThrow(() -> new KmsException(KmsErrorCode.NOT_FOUND, "no keystore at " + layout));
    }
}
