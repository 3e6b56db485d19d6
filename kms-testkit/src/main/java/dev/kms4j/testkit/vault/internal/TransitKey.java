package dev.kms4j.testkit.vault.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One named Transit key: its type, flags and versions. Version {@code n} is at index
 * {@code n - 1}; versions are never removed (the fake does not implement {@code trim}).
 *
 * <p>Thread-safe: every method is synchronized on the key. Holds key material; never printed.
 */
final class TransitKey {
    private final String name;
    private final TransitKeyType type;
    private final boolean derived;
    private final int hmacKeySize;
    private final List<KeyVersion> versions = new ArrayList<>();
    private boolean exportable;
    private boolean deletionAllowed;
    private int minDecryptionVersion = 1;
    private int minEncryptionVersion;
    private long autoRotatePeriodSeconds;

    TransitKey(String name, TransitKeyType type, boolean derived, boolean exportable, int hmacKeySize, Instant now) {
        this.name = name;
        this.type = type;
        this.derived = derived;
        this.exportable = exportable;
        this.hmacKeySize = hmacKeySize;
        versions.add(KeyVersion.generate(1, type, hmacKeySize, now));
    }

    String name() {
        return name;
    }

    TransitKeyType type() {
        return type;
    }

    boolean derived() {
        return derived;
    }

    int hmacKeySize() {
        return hmacKeySize;
    }

    synchronized int latestVersion() {
        return versions.size();
    }

    synchronized int minDecryptionVersion() {
        return minDecryptionVersion;
    }

    synchronized int minEncryptionVersion() {
        return minEncryptionVersion;
    }

    /** Stored and shown like Vault does; the fake never rotates on its own. */
    synchronized long autoRotatePeriodSeconds() {
        return autoRotatePeriodSeconds;
    }

    synchronized void setAutoRotatePeriodSeconds(long seconds) {
        autoRotatePeriodSeconds = seconds;
    }

    synchronized boolean exportable() {
        return exportable;
    }

    synchronized boolean deletionAllowed() {
        return deletionAllowed;
    }

    synchronized List<KeyVersion> versions() {
        return List.copyOf(versions);
    }

    /** Adds a new latest version. Generation happens under the lock, so versions stay dense. */
    synchronized int rotate(Instant now) {
        versions.add(KeyVersion.generate(versions.size() + 1, type, hmacKeySize, now));
        return versions.size();
    }

    /**
     * Applies a config update after checking all of it, so a rejected update changes nothing.
     * {@code null} leaves a field as it is.
     */
    synchronized void configure(Integer minDecryption, Integer minEncryption, Boolean deletion, Boolean export) {
        int newMinDecryption = minDecryption == null ? minDecryptionVersion : minDecryption;
        int newMinEncryption = minEncryption == null ? minEncryptionVersion : minEncryption;
        int latest = versions.size();
        if (minDecryption != null) {
            if (newMinDecryption <= 0) {
                newMinDecryption = 1; // Vault treats 0 (and below) as "the first version"
            }
            if (newMinDecryption > latest) {
                throw VaultError.badRequest("cannot set min decryption version of " + newMinDecryption
                        + ", latest key version is " + latest);
            }
        }
        if (newMinEncryption < 0 || newMinEncryption > latest) {
            throw VaultError.badRequest("cannot set min encryption version of " + newMinEncryption
                    + ", latest key version is " + latest);
        }
        if (newMinEncryption != 0 && newMinEncryption < newMinDecryption) {
            throw VaultError.badRequest("cannot set min encryption/decryption values; min encryption version must be"
                    + " greater than or equal to min decryption version");
        }
        if (export != null && !export && exportable) {
            throw VaultError.badRequest("export cannot be disabled on a key that already has it enabled");
        }
        minDecryptionVersion = newMinDecryption;
        minEncryptionVersion = newMinEncryption;
        if (deletion != null) {
            deletionAllowed = deletion;
        }
        if (export != null) {
            exportable = export;
        }
    }

    /** The version to encrypt or sign with: {@code requested} (0 = latest), checked like Vault does. */
    synchronized KeyVersion versionForEncryption(int requested, String what) {
        int latest = versions.size();
        int v = requested == 0 ? latest : requested;
        if (v < 0) {
            throw VaultError.badRequest("requested version for " + what + " is negative");
        }
        if (v > latest) {
            throw VaultError.badRequest("requested version for " + what + " is higher than the latest key version");
        }
        if (v < minEncryptionVersion) {
            throw VaultError.badRequest("requested version for " + what
                    + " is less than the minimum encryption key version");
        }
        return versions.get(v - 1);
    }

    /** The version a ciphertext or signature names, checked against min_decryption_version. */
    synchronized KeyVersion versionForDecryption(int version) {
        if (version <= 0 || version > versions.size()) {
            throw VaultError.badRequest("invalid key version");
        }
        if (version < minDecryptionVersion) {
            throw VaultError.badRequest("ciphertext or signature version is disallowed by policy (too old)");
        }
        return versions.get(version - 1);
    }

    @Override
    public String toString() {
        return "TransitKey[" + name + ", " + type.wireName() + "]";
    }
}
