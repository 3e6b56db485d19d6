package dev.kms4j.envelope.store;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.WrappedKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One entry of a {@link DekStore}: the wrapped DEK of one entity, with what is needed to use it
 * later. Not secret: the DEK is wrapped under a KEK whose exact reference (and version, where
 * the provider exposes versions) is part of {@link #wrapped()}.
 *
 * <ul>
 *   <li>{@link #entityId()}: the entity (see {@link EntityIds} for the syntax);</li>
 *   <li>{@link #wrapped()}: the wrapped DEK, stored as {@link WrappedKey#toBytes()};</li>
 *   <li>{@link #algorithm()}: what the DEK is used with;</li>
 *   <li>{@link #createdAt()}: when the DEK was generated (millisecond precision), kept by
 *       re-wrapping;</li>
 *   <li>{@link #generation()}: the DEK's generation for this entity, starting at 1. It is
 *       written into every ciphertext so that a ciphertext made under another DEK of the entity
 *       is reported as such. Re-wrapping under a new KEK keeps the DEK and so the generation.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}. {@link #toString()} leaves the
 * wrapped bytes out.
 */
public final class DekEntry {
    private final String entityId;
    private final WrappedKey wrapped;
    private final DekAlgorithm algorithm;
    private final Instant createdAt;
    private final int generation;

    private DekEntry(Builder b) {
        this.entityId = b.entityId;
        this.wrapped = b.wrapped;
        this.algorithm = b.algorithm;
        this.createdAt = b.createdAt;
        this.generation = b.generation;
    }

    /** Starts a builder; {@link DekAlgorithm#AES_256_GCM} and generation 1 are the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this entry. */
    public Builder toBuilder() {
        return new Builder().entityId(entityId).wrapped(wrapped).algorithm(algorithm)
                .createdAt(createdAt).generation(generation);
    }

    /** The same entry with its DEK wrapped differently (for example under a new KEK). */
    public DekEntry withWrapped(WrappedKey newWrapped) {
        return toBuilder().wrapped(newWrapped).build();
    }

    /** The entity id. */
    public String entityId() {
        return entityId;
    }

    /** The wrapped DEK, naming the KEK (and its version) that wrapped it. */
    public WrappedKey wrapped() {
        return wrapped;
    }

    /** The DEK's algorithm. */
    public DekAlgorithm algorithm() {
        return algorithm;
    }

    /** When the DEK was generated. */
    public Instant createdAt() {
        return createdAt;
    }

    /** The DEK's generation for this entity (1 for its first DEK). */
    public int generation() {
        return generation;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DekEntry)) {
            return false;
        }
        DekEntry other = (DekEntry) o;
        return generation == other.generation && entityId.equals(other.entityId) && wrapped.equals(other.wrapped)
                && algorithm == other.algorithm && createdAt.equals(other.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityId, wrapped, algorithm, createdAt, generation);
    }

    @Override
    public String toString() {
        return "DekEntry{entity=" + entityId + ", generation=" + generation + ", algorithm=" + algorithm
                + ", kek=" + wrapped.kek() + ", created=" + createdAt + "}";
    }

    /** Builds a {@link DekEntry}; every field is checked at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private String entityId;
        private WrappedKey wrapped;
        private DekAlgorithm algorithm = DekAlgorithm.AES_256_GCM;
        private Instant createdAt;
        private int generation = 1;

        private Builder() {
        }

        /** The entity id (required). */
        public Builder entityId(String entityId) {
            this.entityId = entityId;
            return this;
        }

        /** The wrapped DEK (required). */
        public Builder wrapped(WrappedKey wrapped) {
            this.wrapped = wrapped;
            return this;
        }

        /** The DEK algorithm. */
        public Builder algorithm(DekAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** When the DEK was generated (required); truncated to milliseconds. */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** The DEK generation, at least 1. */
        public Builder generation(int generation) {
            this.generation = generation;
            return this;
        }

        /**
         * Builds the entry.
         *
         * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if a field is missing or invalid
         */
        public DekEntry build() {
            EntityIds.require(entityId);
            if (wrapped == null || algorithm == null || createdAt == null) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "a DEK entry needs a wrapped key, an algorithm and a creation time");
            }
            if (generation < 1) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "DEK generation must be at least 1, got " + generation);
            }
            createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
            return new DekEntry(this);
        }
    }
}
