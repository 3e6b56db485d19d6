package dev.kms4j.local.internal;

import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the local provider stores about one key: id, spec, usage, description, tags,
 * creation time, state, deletion date, current version and every version with its material
 * (serialized by {@link KeyRecordCodec}).
 *
 * <p>Invariants (checked on construction): versions are numbered 1..n without gaps, the current
 * version is one of them and is {@code ENABLED}; versions are {@code ENABLED} or {@code DISABLED};
 * a deletion date is present exactly when the key is {@code PENDING_DELETION}.
 *
 * <p><strong>Secret:</strong> the versions' material. Records are immutable apart from
 * {@link #wipe()}; the {@code with...} methods return new records that share the (unchanged)
 * material of the versions they keep, so wipe a record only when it and every record derived from
 * it are done with. Not meant to be shared between threads. {@link #toString()} shows no material.
 */
final class KeyRecord {
    private final String keyId;
    private final KeySpec spec;
    private final KeyUsage usage;
    private final String description;
    private final Map<String, String> tags;
    private final Instant createdAt;
    private final KeyState state;
    private final Instant deletionDate;
    private final int currentVersion;
    private final List<Version> versions;

    KeyRecord(String keyId, KeySpec spec, KeyUsage usage, String description, Map<String, String> tags,
              Instant createdAt, KeyState state, Instant deletionDate, int currentVersion, List<Version> versions) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.description = description;
        this.tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.state = Objects.requireNonNull(state, "state");
        this.deletionDate = deletionDate;
        this.currentVersion = currentVersion;
        this.versions = List.copyOf(versions);
        checkInvariants();
    }

    /** A new key with one enabled version "1" holding {@code material} (not copied). */
    static KeyRecord create(String keyId, KeySpec spec, KeyUsage usage, String description,
                            Map<String, String> tags, Instant now, byte[] material) {
        return new KeyRecord(keyId, spec, usage, description, tags, now, KeyState.ENABLED, null, 1,
                List.of(new Version(1, KeyState.ENABLED, now, material)));
    }

    private void checkInvariants() {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a key record needs at least one version");
        }
        for (int i = 0; i < versions.size(); i++) {
            Version v = versions.get(i);
            if (v.number != i + 1) {
                throw new IllegalArgumentException("key versions must be numbered 1.." + versions.size());
            }
            if (v.state != KeyState.ENABLED && v.state != KeyState.DISABLED) {
                throw new IllegalArgumentException("a key version is ENABLED or DISABLED, not " + v.state);
            }
        }
        if (currentVersion < 1 || currentVersion > versions.size()) {
            throw new IllegalArgumentException("current version " + currentVersion + " does not exist");
        }
        if (versions.get(currentVersion - 1).state != KeyState.ENABLED) {
            throw new IllegalArgumentException("the current version must be enabled");
        }
        if (state == KeyState.DESTROYED) {
            throw new IllegalArgumentException("destroyed keys have no record");
        }
        if ((state == KeyState.PENDING_DELETION) != (deletionDate != null)) {
            throw new IllegalArgumentException("a deletion date is set exactly when the key is pending deletion");
        }
    }

    /** The same key in another state ({@code deletionDate} only with {@code PENDING_DELETION}). */
    KeyRecord withState(KeyState newState, Instant newDeletionDate) {
        return new KeyRecord(keyId, spec, usage, description, tags, createdAt, newState, newDeletionDate,
                currentVersion, versions);
    }

    /** The same key with one version in another state. */
    KeyRecord withVersionState(int number, KeyState newState) {
        List<Version> changed = new ArrayList<>(versions);
        changed.set(number - 1, versions.get(number - 1).withState(newState));
        return new KeyRecord(keyId, spec, usage, description, tags, createdAt, state, deletionDate,
                currentVersion, changed);
    }

    /** The same key with a new, enabled, current version holding {@code material} (not copied). */
    KeyRecord withNewVersion(Instant now, byte[] material) {
        List<Version> changed = new ArrayList<>(versions);
        int number = versions.size() + 1;
        changed.add(new Version(number, KeyState.ENABLED, now, material));
        return new KeyRecord(keyId, spec, usage, description, tags, createdAt, state, deletionDate, number, changed);
    }

    String keyId() {
        return keyId;
    }

    KeySpec spec() {
        return spec;
    }

    KeyUsage usage() {
        return usage;
    }

    /** The description, or {@code null}. */
    String description() {
        return description;
    }

    /** Tags sorted by name. */
    Map<String, String> tags() {
        return tags;
    }

    Instant createdAt() {
        return createdAt;
    }

    KeyState state() {
        return state;
    }

    /** When the key is destroyed, or {@code null} unless pending deletion. */
    Instant deletionDate() {
        return deletionDate;
    }

    int currentVersion() {
        return currentVersion;
    }

    /** Versions, oldest (number 1) first. */
    List<Version> versions() {
        return versions;
    }

    /** The version numbered {@code number}, or {@code null}. */
    Version version(int number) {
        return number >= 1 && number <= versions.size() ? versions.get(number - 1) : null;
    }

    /** Whether the key is pending deletion and its deletion date has come. */
    boolean isDueForDestruction(Instant now) {
        return state == KeyState.PENDING_DELETION && !now.isBefore(deletionDate);
    }

    /** Overwrites every version's material with zeros. */
    void wipe() {
        versions.forEach(Version::wipe);
    }

    @Override
    public String toString() {
        return "KeyRecord{" + keyId + ", " + spec + ", " + usage + ", " + state + ", current=" + currentVersion
                + ", versions=" + versions.size() + ", material redacted}";
    }

    /** One key version. <strong>Secret:</strong> its material. */
    static final class Version {
        private final int number;
        private final KeyState state;
        private final Instant createdAt;
        private final byte[] material;

        /** @param material key material, not copied: raw bytes, or PKCS#8 DER for private keys */
        Version(int number, KeyState state, Instant createdAt, byte[] material) {
            this.number = number;
            this.state = Objects.requireNonNull(state, "state");
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            this.material = Objects.requireNonNull(material, "material");
        }

        Version withState(KeyState newState) {
            return new Version(number, newState, createdAt, material);
        }

        int number() {
            return number;
        }

        KeyState state() {
            return state;
        }

        Instant createdAt() {
            return createdAt;
        }

        /** The material itself, not a copy: <strong>secret</strong>, read it and do not keep or change it. */
        byte[] material() {
            return material;
        }

        void wipe() {
            java.util.Arrays.fill(material, (byte) 0);
        }

        @Override
        public String toString() {
            return "Version{" + number + ", " + state + ", created " + createdAt + ", material redacted}";
        }
    }
}
