package dev.kms4j.local.internal;

import dev.kms4j.Capability;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyType;
import dev.kms4j.KeyUsage;
import dev.kms4j.KmsErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * An immutable snapshot of one key, decoded and ready for use: what {@link KeyCache} hands to the
 * hot path so that it reads no file, parses nothing and takes no lock. Every write replaces the
 * snapshot as a whole, so a reader always sees one consistent state of the key.
 *
 * <p>Thread-safe. The versions' keys are <strong>secret</strong>; {@link #toString()} shows none.
 */
final class LoadedKey {
    private final KeyRef ref;
    private final KeySpec spec;
    private final KeyUsage usage;
    private final KeyState state;
    private final Instant deletionDate;
    private final LoadedVersion[] versions;
    private final LoadedVersion current;
    private final List<LoadedVersion> enabledNewestFirst;
    private final Set<Capability> capabilities;
    private final KeyMetadata metadata;

    private LoadedKey(KeyRecord record, LoadedVersion[] versions) {
        this.ref = KeyRef.of(LocalErrors.SCHEME, record.keyId());
        this.spec = record.spec();
        this.usage = record.usage();
        this.state = record.state();
        this.deletionDate = record.deletionDate();
        this.versions = versions;
        this.current = versions[record.currentVersion() - 1];
        List<LoadedVersion> enabled = new ArrayList<>();
        for (int i = versions.length - 1; i >= 0; i--) {
            if (versions[i].isEnabled()) {
                enabled.add(versions[i]);
            }
        }
        this.enabledNewestFirst = Collections.unmodifiableList(enabled);
        this.capabilities = KeyCapabilities.of(spec, usage);
        KeyMetadata.Builder b = KeyMetadata.builder(ref)
                .spec(spec).usage(usage).state(state)
                .currentVersion(current.name())
                .createdAt(record.createdAt())
                .rotatedAt(versions.length > 1 ? versions[versions.length - 1].createdAt() : null)
                .deletionDate(deletionDate)
                .capabilities(capabilities)
                .description(record.description())
                .tags(record.tags());
        for (LoadedVersion v : versions) {
            b.addVersion(v.metadata());
        }
        this.metadata = b.build();
    }

    /**
     * Decodes a record. Versions that {@code previous} (the snapshot being replaced, or
     * {@code null}) already decoded are reused, since a version's material never changes.
     * The record stays owned by the caller.
     *
     * @throws IllegalArgumentException if some version's material is not a valid key of the spec
     */
    static LoadedKey from(KeyRecord record, LoadedKey previous) {
        Byte format = ciphertextFormat(record.spec(), record.usage());
        List<KeyRecord.Version> stored = record.versions();
        LoadedVersion[] versions = new LoadedVersion[stored.size()];
        List<VersionKey> decodedHere = new ArrayList<>();
        try {
            for (int i = 0; i < versions.length; i++) {
                KeyRecord.Version v = stored.get(i);
                VersionKey key;
                if (previous != null && previous.spec == record.spec() && i < previous.versions.length) {
                    key = previous.versions[i].key();
                } else {
                    key = KeyMaterialDecoder.decode(record.spec(), v.material());
                    decodedHere.add(key);
                }
                versions[i] = new LoadedVersion(record.keyId(), v.number(), v.state(), v.createdAt(), key, format);
            }
            return new LoadedKey(record, versions);
        } catch (RuntimeException e) {
            decodedHere.forEach(VersionKey::wipe);
            throw e;
        }
    }

    /** The format byte of this key's ciphertexts, or {@code null} if it does not encrypt. */
    private static Byte ciphertextFormat(KeySpec spec, KeyUsage usage) {
        if (spec.type() == KeyType.SYMMETRIC) {
            return CiphertextFormat.AEAD_V1;
        }
        if (spec.type() == KeyType.RSA && usage == KeyUsage.ENCRYPT_DECRYPT) {
            return CiphertextFormat.RSA_OAEP_V1;
        }
        return null;
    }

    /** The key, without version. */
    KeyRef ref() {
        return ref;
    }

    KeySpec spec() {
        return spec;
    }

    KeyState state() {
        return state;
    }

    KeyMetadata metadata() {
        return metadata;
    }

    /** Whether the key is pending deletion and its deletion date has come (reads the clock only then). */
    boolean isDueForDestruction(Clock clock) {
        return state == KeyState.PENDING_DELETION && !clock.instant().isBefore(deletionDate);
    }

    /** Refuses, with {@code UNSUPPORTED}, an operation outside what this key's spec and usage allow. */
    void requireCapability(Capability capability, String operation) {
        if (!capabilities.contains(capability)) {
            throw LocalErrors.unsupportedByKey(ref, operation, "it is a " + spec + " key with usage " + usage);
        }
    }

    /** Refuses, with {@code INVALID_KEY_STATE}, any use of a key that is not enabled. */
    void requireEnabled(KeyRef requested, String operation) {
        if (state != KeyState.ENABLED) {
            throw LocalErrors.error(KmsErrorCode.INVALID_KEY_STATE, requested,
                    "cannot " + operation + " with key " + ref + ": it is " + state);
        }
    }

    /**
     * The version an operation uses: the requested one, or the current one for
     * {@link VersionNumbers#NONE}. Checks the key and the version are enabled.
     */
    LoadedVersion usableVersion(KeyRef requested, int number, String operation) {
        requireEnabled(requested, operation);
        LoadedVersion v = number == VersionNumbers.NONE ? current : existingVersion(requested, number);
        requireVersionEnabled(requested, v, operation);
        return v;
    }

    /** The version a ciphertext names; one this key never had means the ciphertext is not its own. */
    LoadedVersion versionOfCiphertext(KeyRef requested, int number, String operation) {
        if (number < 1 || number > versions.length) {
            throw LocalErrors.integrity(requested, operation, "the ciphertext names a version this key does not have");
        }
        LoadedVersion v = versions[number - 1];
        requireVersionEnabled(requested, v, operation);
        return v;
    }

    /** The version numbered {@code number}; {@code NOT_FOUND} if there is none. */
    LoadedVersion existingVersion(KeyRef requested, int number) {
        if (number < 1 || number > versions.length) {
            throw LocalErrors.error(KmsErrorCode.NOT_FOUND, requested, "key " + ref + " has no version '"
                    + requested.version().orElse("") + "'");
        }
        return versions[number - 1];
    }

    /** Enabled versions, newest first (the order an unversioned verify tries them in). */
    List<LoadedVersion> enabledVersionsNewestFirst() {
        return enabledNewestFirst;
    }

    /** Overwrites the versions' secret key bytes where possible; only when the key is gone. */
    void wipe() {
        for (LoadedVersion v : versions) {
            v.key().wipe();
        }
    }

    private void requireVersionEnabled(KeyRef requested, LoadedVersion v, String operation) {
        if (!v.isEnabled()) {
            throw LocalErrors.error(KmsErrorCode.INVALID_KEY_STATE, requested,
                    "cannot " + operation + " with version " + v.name() + " of key " + ref + ": it is " + v.state());
        }
    }

    @Override
    public String toString() {
        return "LoadedKey{" + ref + ", " + spec + ", " + usage + ", " + state + ", current=" + current.name()
                + ", versions=" + versions.length + ", keys redacted}";
    }
}
