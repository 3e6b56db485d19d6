package dev.kms4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Metadata of one key version. Immutable and thread-safe; holds no secret. */
public final class KeyVersionMetadata {
    private final String version;
    private final KeyState state;
    private final Instant createdAt;

    private KeyVersionMetadata(String version, KeyState state, Instant createdAt) {
        this.version = Objects.requireNonNull(version, "version");
        this.state = Objects.requireNonNull(state, "state");
        this.createdAt = createdAt;
    }

    /**
     * Creates version metadata.
     *
     * @param createdAt when the version was created, or {@code null} if the provider does not say
     */
    public static KeyVersionMetadata of(String version, KeyState state, Instant createdAt) {
        return new KeyVersionMetadata(version, state, createdAt);
    }

    /** The provider's version identifier, as used after {@code #} in a key URI. */
    public String version() {
        return version;
    }

    /** The state of this version. */
    public KeyState state() {
        return state;
    }

    /** When this version was created, if the provider says. */
    public Optional<Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyVersionMetadata)) {
            return false;
        }
        KeyVersionMetadata other = (KeyVersionMetadata) o;
        return version.equals(other.version) && state == other.state && Objects.equals(createdAt, other.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, state, createdAt);
    }

    @Override
    public String toString() {
        return "KeyVersion{" + version + ", " + state + (createdAt == null ? "" : ", created " + createdAt) + "}";
    }
}
