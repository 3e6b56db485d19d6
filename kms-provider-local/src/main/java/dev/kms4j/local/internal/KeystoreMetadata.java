package dev.kms4j.local.internal;

import dev.kms4j.internal.files.AtomicFiles;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.local.MasterKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keystore's metadata file, {@code keystore.properties}: format version, the current key
 * generation, the check value of the master key every key file of that generation is encrypted
 * under, and the Argon2id parameters if the master key comes from a passphrase. Nothing in it is
 * secret.
 *
 * <p>The file is only ever replaced atomically ({@link AtomicFiles#write}); replacing it is the
 * single commit point of a master-key rotation, because it switches generation and check value in
 * one step. It is not authenticated: an edited check value or salt only makes the real master key
 * be refused, and key files are authenticated on their own.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeystoreMetadata {
    static final int FORMAT_VERSION = 1;
    private static final String FORMAT_NAME = "kms4j-local-keystore";
    private static final int MAX_SIZE = 8 * 1024;

    private final long generation;
    private final byte[] checkValue;
    private final KdfParameters kdf;

    private KeystoreMetadata(long generation, byte[] checkValue, KdfParameters kdf) {
        this.generation = generation;
        this.checkValue = checkValue;
        this.kdf = kdf;
    }

    /** Metadata for generation {@code generation} under the master key with {@code checkValue}. */
    public static KeystoreMetadata of(long generation, byte[] checkValue, Optional<KdfParameters> kdf) {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be positive");
        }
        if (checkValue.length != MasterKeyDerivation.CHECK_VALUE_LENGTH) {
            throw new IllegalArgumentException("bad check value length");
        }
        return new KeystoreMetadata(generation, checkValue.clone(), kdf.orElse(null));
    }

    /** The metadata of the next generation, under another master key. */
    public KeystoreMetadata nextGeneration(byte[] nextCheckValue, Optional<KdfParameters> nextKdf) {
        return of(generation + 1, nextCheckValue, nextKdf);
    }

    /** The generation whose directory holds the current key files. */
    public long generation() {
        return generation;
    }

    /** How a passphrase became the master key, if it did. */
    public Optional<KdfParameters> kdf() {
        return Optional.ofNullable(kdf);
    }

    /** The check value as lower-case hex. */
    public String checkValueHex() {
        return HexFormat.of().formatHex(checkValue);
    }

    /** Whether {@code key} is the master key this metadata names (constant-time comparison). */
    public boolean matches(MasterKey key) {
        byte[] other = HexFormat.of().parseHex(key.checkValue());
        return MessageDigest.isEqual(other, checkValue);
    }

    /**
     * Reads the metadata of the keystore at {@code layout}; empty if the file does not exist
     * (a new keystore, or one whose creation was interrupted before it committed).
     *
     * @throws KmsException {@code INTEGRITY} if the file is damaged, {@code UNSUPPORTED} if it was
     *     written by a newer format version
     */
    public static Optional<KeystoreMetadata> read(KeystoreLayout layout) {
        byte[] content;
        try (InputStream in = Files.newInputStream(layout.metadataFile())) {
            content = in.readNBytes(MAX_SIZE + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "could not read keystore metadata " + layout.metadataFile(), e);
        }
        if (content.length > MAX_SIZE) {
            throw damaged(layout, "it is too large");
        }
        return Optional.of(parse(layout, new String(content, StandardCharsets.UTF_8)));
    }

    private static KeystoreMetadata parse(KeystoreLayout layout, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String rawLine : text.split("\n", -1)) {
            String line = rawLine.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || values.putIfAbsent(line.substring(0, eq), line.substring(eq + 1)) != null) {
                throw damaged(layout, "a line is malformed or repeated");
            }
        }
        if (!FORMAT_NAME.equals(values.get("format"))) {
            throw damaged(layout, "it is not kms4j keystore metadata");
        }
        int version = (int) number(layout, values, "format-version", Integer.MAX_VALUE);
        if (version != FORMAT_VERSION) {
            throw new KmsException(KmsErrorCode.UNSUPPORTED, "keystore " + layout + " has format version " + version
                    + "; this kms4j reads version " + FORMAT_VERSION);
        }
        long generation = number(layout, values, "generation", Long.MAX_VALUE);
        if (generation < 1) {
            throw damaged(layout, "generation is not positive");
        }
        byte[] check;
        try {
            check = HexFormat.of().parseHex(required(layout, values, "master-key-check"));
        } catch (IllegalArgumentException e) {
            throw damaged(layout, "master-key-check is not hex");
        }
        if (check.length != MasterKeyDerivation.CHECK_VALUE_LENGTH) {
            throw damaged(layout, "master-key-check has the wrong length");
        }
        KdfParameters kdf = null;
        if (values.containsKey("kdf")) {
            if (!"argon2id".equals(values.get("kdf"))) {
                throw damaged(layout, "kdf is not argon2id");
            }
            byte[] salt;
            try {
                salt = Base64.getDecoder().decode(required(layout, values, "kdf-salt"));
            } catch (IllegalArgumentException e) {
                throw damaged(layout, "kdf-salt is not base64");
            }
            try {
                kdf = KdfParameters.of(
                        (int) number(layout, values, "kdf-memory-kib", Integer.MAX_VALUE),
                        (int) number(layout, values, "kdf-iterations", Integer.MAX_VALUE),
                        (int) number(layout, values, "kdf-parallelism", Integer.MAX_VALUE),
                        salt);
            } catch (KmsException e) {
                throw damaged(layout, "its KDF parameters are out of bounds (" + e.getMessage() + ")");
            }
        }
        return new KeystoreMetadata(generation, check, kdf);
    }

    /** Replaces the metadata file atomically and durably. */
    public void write(KeystoreLayout layout) throws IOException {
        StringBuilder text = new StringBuilder()
                .append("# kms4j local keystore metadata. Do not edit: the key files depend on it.\n")
                .append("format=").append(FORMAT_NAME).append('\n')
                .append("format-version=").append(FORMAT_VERSION).append('\n')
                .append("generation=").append(generation).append('\n')
                .append("master-key-check=").append(checkValueHex()).append('\n');
        if (kdf != null) {
            text.append("kdf=argon2id\n")
                    .append("kdf-salt=").append(kdf.saltBase64()).append('\n')
                    .append("kdf-memory-kib=").append(kdf.memoryKib()).append('\n')
                    .append("kdf-iterations=").append(kdf.iterations()).append('\n')
                    .append("kdf-parallelism=").append(kdf.parallelism()).append('\n');
        }
        AtomicFiles.write(layout.metadataFile(), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String required(KeystoreLayout layout, Map<String, String> values, String name) {
        String v = values.get(name);
        if (v == null) {
            throw damaged(layout, name + " is missing");
        }
        return v;
    }

    private static long number(KeystoreLayout layout, Map<String, String> values, String name, long max) {
        String v = required(layout, values, name);
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > max) {
                throw damaged(layout, name + " is out of range");
            }
            return n;
        } catch (NumberFormatException e) {
            throw damaged(layout, name + " is not a number");
        }
    }

    private static KmsException damaged(KeystoreLayout layout, String why) {
        return new KmsException(KmsErrorCode.INTEGRITY,
                "keystore metadata " + layout.metadataFile() + " is damaged: " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeystoreMetadata
                && ((KeystoreMetadata) o).generation == generation
                && MessageDigest.isEqual(((KeystoreMetadata) o).checkValue, checkValue)
                && Objects.equals(((KeystoreMetadata) o).kdf, kdf);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(generation) * 31 + checkValueHex().hashCode();
    }

    @Override
    public String toString() {
        return "KeystoreMetadata[generation=" + generation + ", check=" + checkValueHex()
                + (kdf == null ? "" : ", kdf=" + kdf) + "]";
    }
}
