package dev.kms4j.local.internal;

import dev.kms4j.internal.files.DirectoryLock;
import dev.kms4j.internal.files.AtomicFiles;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.local.MasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-encrypts every key file of a keystore under a new master key, crash-safely and resumably.
 *
 * <p>States of the keystore directory (generation {@code g} is the one the metadata names):
 * <pre>
 *  state                   | on disk                                   | metadata     | open with
 *  ------------------------+-------------------------------------------+--------------+----------
 *  S0 idle                 | keys.g (old key)                          | g, old check | old key
 *  S1 staging              | keys.g, keys.g+1 partial (new key)        | g, old check | old key:
 *                          |                                           |              |  rolls back
 *  S2 staged and verified  | keys.g, keys.g+1 complete, verified       | g, old check | old key:
 *                          |                                           |              |  rolls back
 *  ---- commit point: atomic rename of keystore.properties ---------------------------------------
 *  S3 committed            | keys.g (backup), keys.g+1 (new key)       | g+1, new     | new key:
 *                          |                                           |              |  finishes
 *  S4 done                 | keys.g+1 (new key)                        | g+1, new     | new key
 * </pre>
 * A crash in any state leaves either S0-S2 (the old master key opens the keystore, and opening
 * removes {@code keys.g+1}) or S3-S4 (the new key opens it, and opening removes the backup
 * {@code keys.g}); see {@link KeystoreRecovery}. Re-running the rotation with the same keys
 * restarts it from S0 or finishes it from S3. The old files stay untouched until every new file
 * has been read back, decrypted and compared with the old record, and the metadata is committed.
 *
 * <p>The steps are reported to a {@link StepListener}, so that tests can stop the rotation after
 * any step as a crash would. The listener's exceptions are not caught: no clean-up runs for them.
 *
 * <p>Records are decrypted only for the copy and comparison, and zeroed right after. Stateless
 * and thread-safe; the keystore lock serializes rotations with each other and with open stores.
 */
public final class MasterKeyRotation {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyRotation.class);

    /** The observable steps, in order ({@link #KEY_REENCRYPTED} once per key). */
    public enum Step {
        /** The lock is held and the metadata read; nothing changed yet. */
        LOCKED,
        /** An interrupted earlier attempt was rolled back and the empty staging directory made. */
        STAGING_CREATED,
        /** One more key file was written, under the new key, to the staging directory. */
        KEY_REENCRYPTED,
        /** Every staged file decrypted to the same record as its old file. */
        STAGING_VERIFIED,
        /** The metadata names the new generation and master key: the commit point has passed. */
        COMMITTED,
        /** The old generation (the backup) is gone; the rotation is complete. */
        BACKUP_REMOVED
    }

    /** Observes the steps; tests throw from it to simulate a crash. */
    @FunctionalInterface
    public interface StepListener {
        /** Does nothing. */
        StepListener NONE = step -> { };

        /** Called after {@code step} has completed durably. */
        void after(Step step);
    }

    /** What a call did. */
    public enum Outcome {
        /** All keys were re-encrypted in this call. */
        ROTATED,
        /** The keystore was already under the new key; leftovers of that rotation were removed. */
        FINISHED_EARLIER_ROTATION
    }

    /**
     * The keys of a rotation, derived from the keystore metadata where need be (a passphrase
     * needs the stored salt). Implementations own the keys they return and zero them on close.
     */
    public interface Keys extends AutoCloseable {
        /** The key the keystore should be under now. */
        MasterKey current(KeystoreMetadata metadata);

        /** The key to rotate to. Called only once {@link #current} matched. */
        MasterKey next(KeystoreMetadata metadata);

        /** The KDF parameters to record with {@link #next}, if it comes from a passphrase. */
        Optional<KdfParameters> nextKdf();

        /** Whether the keystore is already under the key this rotation moves to. */
        boolean alreadyUnderNext(KeystoreMetadata metadata);

        @Override
        void close();
    }

    /** Keys given directly; the caller keeps ownership. */
    public static Keys keys(MasterKey current, MasterKey next) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(next, "next");
        return new Keys() {
            @Override
            public MasterKey current(KeystoreMetadata metadata) {
                return current;
            }

            @Override
            public MasterKey next(KeystoreMetadata metadata) {
                return next;
            }

            @Override
            public Optional<KdfParameters> nextKdf() {
                return Optional.empty();
            }

            @Override
            public boolean alreadyUnderNext(KeystoreMetadata metadata) {
                return metadata.matches(next);
            }

            @Override
            public void close() {
                // The caller owns the keys.
            }
        };
    }

    private MasterKeyRotation() {
    }

    /**
     * Rotates the keystore at {@code layout} from {@code keys.current} to {@code keys.next}, or
     * finishes such a rotation interrupted after its commit point.
     *
     * @throws KmsException {@code NOT_FOUND} if there is no keystore; {@code UNAVAILABLE} if it is
     *     locked; {@code UNAUTHENTICATED} if it is under neither key; {@code INVALID_ARGUMENT} if
     *     both keys are the same; {@code INTEGRITY} naming the key if a key file does not decrypt
     *     (nothing is changed then)
     */
    public static Outcome rotate(KeystoreLayout layout, Keys keys, Duration lockWait, StepListener listener) {
        if (!Files.isDirectory(layout.dir())) {
            throw new KmsException(KmsErrorCode.NOT_FOUND, "no keystore at " + layout);
        }
        try (DirectoryLock lock = layout.lock(lockWait)) {
            KeystoreMetadata metadata = KeystoreMetadata.read(layout)
                    .orElseThrow(() -> new KmsException(KmsErrorCode.NOT_FOUND, "no keystore at " + layout));
            listener.after(Step.LOCKED);
            MasterKey current = keys.current(metadata);
            if (metadata.matches(current)) {
                MasterKey next = keys.next(metadata);
                if (metadata.matches(next)) {
                    throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                            "the new master key is the keystore's current master key");
                }
                KeystoreRecovery.recover(layout, metadata);
                reencrypt(layout, metadata, current, next, keys.nextKdf(), listener);
                LOG.info("keystore {}: master key rotated", layout);
                return Outcome.ROTATED;
            }
            if (keys.alreadyUnderNext(metadata)) {
                KeystoreRecovery.recover(layout, metadata);
                listener.after(Step.BACKUP_REMOVED);
                LOG.info("keystore {}: already under the new master key; finished that rotation", layout);
                return Outcome.FINISHED_EARLIER_ROTATION;
            }
            throw FileKeyRecordStore.wrongMasterKey(layout);
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "could not rotate the master key of keystore " + layout, e);
        } finally {
            keys.close();
        }
    }

    private static void reencrypt(KeystoreLayout layout, KeystoreMetadata metadata, MasterKey current, MasterKey next,
                                  Optional<KdfParameters> nextKdf, StepListener listener) throws IOException {
        Path oldDir = layout.generationDir(metadata.generation());
        KeystoreMetadata committed = metadata.nextGeneration(
                RecordCipher.create(next).checkValue(), nextKdf);
        Path newDir = layout.generationDir(committed.generation());
        RecordCipher oldCipher = RecordCipher.create(current);
        RecordCipher newCipher = RecordCipher.create(next);
        List<String> ids = FileKeyRecordStore.listKeyIds(oldDir);

        boolean commitAttempted = false;
        try {
            AtomicFiles.createDirectory(newDir);
            listener.after(Step.STAGING_CREATED);
            for (String id : ids) {
                byte[] record = oldCipher.open(id, FileKeyRecordStore.readKeyFile(layout.keyFile(metadata.generation(), id), id));
                try {
                    AtomicFiles.write(layout.keyFile(committed.generation(), id), newCipher.seal(id, record));
                } finally {
                    Arrays.fill(record, (byte) 0);
                }
                listener.after(Step.KEY_REENCRYPTED);
            }
            verify(layout, metadata.generation(), committed.generation(), ids, oldCipher, newCipher);
            AtomicFiles.fsyncDirectory(newDir);
            listener.after(Step.STAGING_VERIFIED);
            commitAttempted = true;
            committed.write(layout);
        } catch (KmsException | IOException e) {
            // Before the commit the staging directory is worthless: drop it now rather than at the
            // next open. Once the commit was attempted it may be the live generation: keep it.
            if (!commitAttempted) {
                discardQuietly(newDir, e);
            }
            throw e;
        }
        listener.after(Step.COMMITTED);
        AtomicFiles.deleteRecursively(oldDir);
        listener.after(Step.BACKUP_REMOVED);
    }

    /** Every staged file exists, decrypts under the new key, and holds exactly the old record. */
    private static void verify(KeystoreLayout layout, long oldGeneration, long newGeneration, List<String> ids,
                               RecordCipher oldCipher, RecordCipher newCipher) throws IOException {
        List<String> staged = FileKeyRecordStore.listKeyIds(layout.generationDir(newGeneration));
        if (!staged.equals(ids)) {
            throw new KmsException(KmsErrorCode.INTERNAL, "master-key rotation of keystore " + layout
                    + " failed verification: the new key files do not match the old ones");
        }
        for (String id : ids) {
            byte[] before = oldCipher.open(id, FileKeyRecordStore.readKeyFile(layout.keyFile(oldGeneration, id), id));
            byte[] after = null;
            try {
                after = newCipher.open(id, FileKeyRecordStore.readKeyFile(layout.keyFile(newGeneration, id), id));
                if (!MessageDigest.isEqual(before, after)) {
                    throw new KmsException(KmsErrorCode.INTERNAL, "master-key rotation of keystore " + layout
                            + " failed verification of key '" + id + "'");
                }
            } finally {
                Arrays.fill(before, (byte) 0);
                if (after != null) {
                    Arrays.fill(after, (byte) 0);
                }
            }
        }
    }

    private static void discardQuietly(Path stagingDir, Exception cause) {
        try {
            AtomicFiles.deleteRecursively(stagingDir);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
