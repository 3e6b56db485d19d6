package dev.kms4j.local.internal;

import dev.kms4j.KeyState;
import dev.kms4j.KeyVersionMetadata;
import java.time.Instant;

/**
 * One key version as the hot path needs it: decoded key, state, and (for encryption keys) the
 * precomputed fixed part of the associated data for each {@link CiphertextFormat.Purpose}.
 * Immutable and thread-safe; the {@link VersionKey} is <strong>secret</strong>.
 */
final class LoadedVersion {
    private final int number;
    private final String name;
    private final KeyState state;
    private final Instant createdAt;
    private final VersionKey key;
    private final byte[] encryptAadPrefix;
    private final byte[] wrapAadPrefix;

    LoadedVersion(String keyId, int number, KeyState state, Instant createdAt, VersionKey key, Byte format) {
        this.number = number;
        this.name = Integer.toString(number);
        this.state = state;
        this.createdAt = createdAt;
        this.key = key;
        this.encryptAadPrefix = format == null ? null
                : CiphertextFormat.associatedDataPrefix(CiphertextFormat.Purpose.ENCRYPT, keyId, format, number);
        this.wrapAadPrefix = format == null ? null
                : CiphertextFormat.associatedDataPrefix(CiphertextFormat.Purpose.WRAP, keyId, format, number);
    }

    /** The version number, 1 for the first. */
    int number() {
        return number;
    }

    /** The version as it appears after {@code #} in a key URI. */
    String name() {
        return name;
    }

    KeyState state() {
        return state;
    }

    boolean isEnabled() {
        return state == KeyState.ENABLED;
    }

    /** The decoded key: <strong>secret</strong>. */
    VersionKey key() {
        return key;
    }

    /** The fixed associated-data prefix for {@code purpose} (encryption keys only; do not modify). */
    byte[] aadPrefix(CiphertextFormat.Purpose purpose) {
        return purpose == CiphertextFormat.Purpose.ENCRYPT ? encryptAadPrefix : wrapAadPrefix;
    }

    KeyVersionMetadata metadata() {
        return KeyVersionMetadata.of(name, state, createdAt);
    }

    Instant createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "LoadedVersion{" + number + ", " + state + ", key redacted}";
    }
}
