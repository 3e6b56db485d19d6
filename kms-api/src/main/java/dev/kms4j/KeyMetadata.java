package dev.kms4j;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a provider knows about a key: its spec, usage, state, versions and capabilities.
 * Immutable and thread-safe; holds no secret. Build with {@link #builder(KeyRef)}.
 */
public final class KeyMetadata {
    private final KeyRef ref;
    private final KeySpec spec;
    private final KeyUsage usage;
    private final KeyState state;
    private final String currentVersion;
    private final List<KeyVersionMetadata> versions;
    private final Instant createdAt;
    private final Instant rotatedAt;
    private final Instant deletionDate;
    private final Set<Capability> capabilities;
    private final String description;
    private final Map<String, String> tags;
    private final Set<KeyRef> aliases;

    private KeyMetadata(Builder b) {
        this.ref = b.ref.withoutVersion();
        this.spec = Objects.requireNonNull(b.spec, "spec");
        this.usage = b.usage != null ? b.usage : b.spec.defaultUsage();
        this.state = Objects.requireNonNull(b.state, "state");
        this.currentVersion = b.currentVersion;
        this.versions = List.copyOf(b.versions);
        this.createdAt = b.createdAt;
        this.rotatedAt = b.rotatedAt;
        this.deletionDate = b.deletionDate;
        this.capabilities = Collections.unmodifiableSet(
                b.capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(b.capabilities));
        this.description = b.description;
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
        this.aliases = Collections.unmodifiableSet(new LinkedHashSet<>(b.aliases));
    }

    /** Starts a builder for the key {@code ref} (any version in it is dropped). */
    public static Builder builder(KeyRef ref) {
        return new Builder(ref);
    }

    /** The key, without version. */
    public KeyRef ref() {
        return ref;
    }

    /** The key spec. */
    public KeySpec spec() {
        return spec;
    }

    /** The key usage. */
    public KeyUsage usage() {
        return usage;
    }

    /** The state of the key as a whole. */
    public KeyState state() {
        return state;
    }

    /** The version new operations use, if the provider exposes versions. */
    public Optional<String> currentVersion() {
        return Optional.ofNullable(currentVersion);
    }

    /** The key at its current version, or without version if the provider exposes none. */
    public KeyRef currentRef() {
        return currentVersion == null ? ref : ref.withVersion(currentVersion);
    }

    /** Every version the provider reports, oldest first. */
    public List<KeyVersionMetadata> versions() {
        return versions;
    }

    /** One version's metadata, if the provider reports it. */
    public Optional<KeyVersionMetadata> version(String version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst();
    }

    /** When the key was created, if known. */
    public Optional<Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    /** When the key was last rotated, if ever. */
    public Optional<Instant> rotatedAt() {
        return Optional.ofNullable(rotatedAt);
    }

    /** When a key pending deletion will be destroyed. */
    public Optional<Instant> deletionDate() {
        return Optional.ofNullable(deletionDate);
    }

    /** The operations this key supports. */
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** Whether this key supports {@code capability}. */
    public boolean supports(Capability capability) {
        return capabilities.contains(capability);
    }

    /** A human description, if set. */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** Tags set on the key (never secret by contract). */
    public Map<String, String> tags() {
        return tags;
    }

    /**
     * Other references that name this key, such as AWS KMS aliases ({@code aws-kms://alias/name});
     * empty where the provider has no aliases.
     */
    public Set<KeyRef> aliases() {
        return aliases;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyMetadata)) {
            return false;
        }
        KeyMetadata m = (KeyMetadata) o;
        return ref.equals(m.ref) && spec == m.spec && usage == m.usage && state == m.state
                && Objects.equals(currentVersion, m.currentVersion) && versions.equals(m.versions)
                && Objects.equals(createdAt, m.createdAt) && Objects.equals(rotatedAt, m.rotatedAt)
                && Objects.equals(deletionDate, m.deletionDate) && capabilities.equals(m.capabilities)
                && Objects.equals(description, m.description) && tags.equals(m.tags)
                && aliases.equals(m.aliases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ref, spec, usage, state, currentVersion, versions, createdAt, rotatedAt, deletionDate);
    }

    @Override
    public String toString() {
        return "KeyMetadata{" + ref + ", " + spec + ", " + usage + ", " + state
                + ", current=" + currentVersion + ", versions=" + versions.size() + "}";
    }

    /** Builds {@link KeyMetadata}. Not thread-safe. */
    public static final class Builder {
        private final KeyRef ref;
        private KeySpec spec;
        private KeyUsage usage;
        private KeyState state = KeyState.ENABLED;
        private String currentVersion;
        private final List<KeyVersionMetadata> versions = new ArrayList<>();
        private Instant createdAt;
        private Instant rotatedAt;
        private Instant deletionDate;
        private final Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        private String description;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Set<KeyRef> aliases = new LinkedHashSet<>();

        private Builder(KeyRef ref) {
            this.ref = Objects.requireNonNull(ref, "ref");
        }

        public Builder spec(KeySpec spec) {
            this.spec = spec;
            return this;
        }

        public Builder usage(KeyUsage usage) {
            this.usage = usage;
            return this;
        }

        public Builder state(KeyState state) {
            this.state = state;
            return this;
        }

        public Builder currentVersion(String currentVersion) {
            this.currentVersion = currentVersion;
            return this;
        }

        public Builder addVersion(KeyVersionMetadata version) {
            this.versions.add(Objects.requireNonNull(version, "version"));
            return this;
        }

        public Builder versions(List<KeyVersionMetadata> versions) {
            this.versions.clear();
            versions.forEach(this::addVersion);
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder rotatedAt(Instant rotatedAt) {
            this.rotatedAt = rotatedAt;
            return this;
        }

        public Builder deletionDate(Instant deletionDate) {
            this.deletionDate = deletionDate;
            return this;
        }

        public Builder capabilities(Set<Capability> capabilities) {
            this.capabilities.clear();
            this.capabilities.addAll(capabilities);
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags.clear();
            this.tags.putAll(tags);
            return this;
        }

        public Builder aliases(java.util.Collection<KeyRef> aliases) {
            this.aliases.clear();
            aliases.forEach(a -> this.aliases.add(Objects.requireNonNull(a, "alias")));
            return this;
        }

        /**
         * Builds the metadata.
         *
         * @throws NullPointerException if the spec or state is missing
         * @throws IllegalArgumentException if the current version is not among the listed versions
         * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if the current version could not
         *     appear after {@code #} in a key URI
         */
        public KeyMetadata build() {
            if (currentVersion != null) {
                ref.withVersion(currentVersion); // fail here rather than at the first currentRef()
            }
            if (currentVersion != null && !versions.isEmpty()
                    && versions.stream().noneMatch(v -> v.version().equals(currentVersion))) {
                throw new IllegalArgumentException("current version " + currentVersion + " is not among the versions");
            }
            return new KeyMetadata(this);
        }
    }
}
