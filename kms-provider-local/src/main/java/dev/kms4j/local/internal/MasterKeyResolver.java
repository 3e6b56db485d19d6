package dev.kms4j.local.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.local.MasterKey;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a keystore's master key in the provider configuration. The first source configured wins:
 * <ol>
 *   <li>{@code master-key} / {@code KMS4J_LOCAL_MASTER_KEY}: base64 of 32 bytes;</li>
 *   <li>{@code master-key-file} / {@code KMS4J_LOCAL_MASTER_KEY_FILE}: a file holding that base64,
 *       accessible by its owner only;</li>
 *   <li>{@code passphrase} / {@code KMS4J_LOCAL_PASSPHRASE}: stretched with Argon2id; the salt
 *       and cost are chosen when the keystore is created ({@code kdf-memory-kib},
 *       {@code kdf-iterations}, {@code kdf-parallelism}; default 64 MiB, 3, 1) and stored in its
 *       metadata, which later opens use;</li>
 *   <li>{@code generate-master-key=true} / {@code KMS4J_LOCAL_GENERATE_MASTER_KEY}: a random key
 *       kept in {@code <dir>/master.key} (0600), created with a new keystore and reused
 *       afterwards. <b>For development only</b>: the key sits next to the keys it protects, so
 *       anyone who can copy the directory can read every key.</li>
 * </ol>
 * Each setting can also be given as system property {@code kms4j.local.<name>}.
 *
 * <p>The master key, passphrase and key file content are secret and never logged; only the name
 * of the source is. Stateless and thread-safe.
 */
public final class MasterKeyResolver {
    public static final String MASTER_KEY = "master-key";
    public static final String MASTER_KEY_ENV = "KMS4J_LOCAL_MASTER_KEY";
    public static final String MASTER_KEY_FILE = "master-key-file";
    public static final String MASTER_KEY_FILE_ENV = "KMS4J_LOCAL_MASTER_KEY_FILE";
    public static final String PASSPHRASE = "passphrase";
    public static final String PASSPHRASE_ENV = "KMS4J_LOCAL_PASSPHRASE";
    public static final String GENERATE_MASTER_KEY = "generate-master-key";
    public static final String GENERATE_MASTER_KEY_ENV = "KMS4J_LOCAL_GENERATE_MASTER_KEY";
    public static final String KDF_MEMORY_KIB = "kdf-memory-kib";
    public static final String KDF_ITERATIONS = "kdf-iterations";
    public static final String KDF_PARALLELISM = "kdf-parallelism";

    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyResolver.class);

    private MasterKeyResolver() {
    }

    /**
     * A resolved master key (owned by the holder, which must close it) and, for a new
     * passphrase-protected keystore, the KDF parameters to record in its metadata.
     */
    public static final class Resolved implements AutoCloseable {
        private final MasterKey key;
        private final KdfParameters kdf;

        Resolved(MasterKey key, KdfParameters kdf) {
            this.key = key;
            this.kdf = kdf;
        }

        /** The master key; secret. */
        public MasterKey key() {
            return key;
        }

        /** How a passphrase was stretched into {@link #key()}, if it was. */
        public Optional<KdfParameters> kdf() {
            return Optional.ofNullable(kdf);
        }

        /** Zeroes the key. */
        @Override
        public void close() {
            key.close();
        }
    }

    /**
     * Resolves the master key of the keystore at {@code layout}. May create
     * {@code <dir>/master.key} when {@code existing} is empty and {@code generate-master-key} is
     * the source; callers hold the keystore lock.
     *
     * @param existing the keystore's metadata, empty for a keystore being created
     * @throws KmsException {@code INVALID_ARGUMENT} if no source is configured or a value is
     *     malformed; {@code UNAUTHENTICATED} if the source cannot work for this keystore
     */
    public static Resolved resolve(ProviderConfig config, KeystoreLayout layout, Optional<KeystoreMetadata> existing) {
        Objects.requireNonNull(config, "config");
        Optional<String> base64 = config.get(MASTER_KEY, MASTER_KEY_ENV);
        if (base64.isPresent()) {
            LOG.debug("keystore {}: master key from setting {}", layout, MASTER_KEY);
            return new Resolved(MasterKey.fromBase64(base64.get()), null);
        }
        Optional<String> file = config.get(MASTER_KEY_FILE, MASTER_KEY_FILE_ENV);
        if (file.isPresent()) {
            LOG.debug("keystore {}: master key from setting {}", layout, MASTER_KEY_FILE);
            return new Resolved(MasterKey.fromFile(Path.of(file.get())), null);
        }
        Optional<String> passphrase = config.get(PASSPHRASE, PASSPHRASE_ENV);
        if (passphrase.isPresent()) {
            LOG.debug("keystore {}: master key from setting {}", layout, PASSPHRASE);
            return fromPassphrase(config, layout, existing, passphrase.get());
        }
        if (config.getBoolean(GENERATE_MASTER_KEY, false, GENERATE_MASTER_KEY_ENV)) {
            return generated(layout, existing);
        }
        throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "no master key configured for local keystore " + layout
                + ": set one of '" + MASTER_KEY + "' (env " + MASTER_KEY_ENV + ", base64 of 32 bytes), '"
                + MASTER_KEY_FILE + "' (env " + MASTER_KEY_FILE_ENV + ", a file with that base64, mode 0600), '"
                + PASSPHRASE + "' (env " + PASSPHRASE_ENV + ", stretched with Argon2id), or '"
                + GENERATE_MASTER_KEY + "=true' (env " + GENERATE_MASTER_KEY_ENV
                + ", development only: the key is stored in the keystore directory)");
    }

    private static Resolved fromPassphrase(ProviderConfig config, KeystoreLayout layout,
                                           Optional<KeystoreMetadata> existing, String passphrase) {
        if (passphrase.isEmpty()) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "the keystore passphrase is empty");
        }
        KdfParameters kdf;
        if (existing.isPresent()) {
            kdf = existing.get().kdf().orElseThrow(() -> new KmsException(KmsErrorCode.UNAUTHENTICATED,
                    "keystore " + layout + " is not protected by a passphrase; configure its master key with '"
                            + MASTER_KEY + "' or '" + MASTER_KEY_FILE + "'"));
        } else {
            kdf = KdfParameters.withNewSalt(
                    config.getInt(KDF_MEMORY_KIB).orElse(KdfParameters.DEFAULT_MEMORY_KIB),
                    config.getInt(KDF_ITERATIONS).orElse(KdfParameters.DEFAULT_ITERATIONS),
                    config.getInt(KDF_PARALLELISM).orElse(KdfParameters.DEFAULT_PARALLELISM));
        }
        char[] chars = passphrase.toCharArray();
        try {
            return new Resolved(PassphraseKdf.derive(chars, kdf), kdf);
        } finally {
            Arrays.fill(chars, (char) 0);
        }
    }

    private static Resolved generated(KeystoreLayout layout, Optional<KeystoreMetadata> existing) {
        Path file = layout.generatedMasterKeyFile();
        boolean present = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (present) {
            LOG.debug("keystore {}: master key from {} (generate-master-key)", layout, file);
            return new Resolved(MasterKey.fromFile(file), null);
        }
        if (existing.isPresent()) {
            throw new KmsException(KmsErrorCode.UNAUTHENTICATED, "keystore " + layout
                    + " exists but its generated master key file " + file + " is missing");
        }
        LOG.warn("keystore {}: generating a master key in {}; this is for development only, since anyone who can"
                + " read the directory can read every key", layout, file);
        MasterKey key = MasterKey.generate();
        try {
            key.writeTo(file);
        } catch (RuntimeException e) {
            key.close();
            throw e;
        }
        return new Resolved(key, null);
    }
}
