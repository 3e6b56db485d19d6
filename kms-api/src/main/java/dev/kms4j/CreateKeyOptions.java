package dev.kms4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to create a key: spec, usage, description and tags. Immutable and thread-safe; holds no
 * secret (descriptions and tags are visible to anyone who can read metadata).
 */
public final class CreateKeyOptions {
    /** Longest description accepted. */
    public static final int MAX_DESCRIPTION_LENGTH = 1024;
    /** Most tags accepted. */
    public static final int MAX_TAGS = 50;

    private final KeySpec spec;
    private final KeyUsage usage;
    private final String description;
    private final Map<String, String> tags;

    private CreateKeyOptions(Builder b) {
        this.spec = b.spec;
        this.usage = b.usage != null ? b.usage : b.spec.defaultUsage();
        this.description = b.description;
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    }

    /** Options for a key of {@code spec} with its default usage. */
    public static CreateKeyOptions of(KeySpec spec) {
        return builder(spec).build();
    }

    /** Starts a builder for a key of {@code spec}. */
    public static Builder builder(KeySpec spec) {
        return new Builder(spec);
    }

    public KeySpec spec() {
        return spec;
    }

    public KeyUsage usage() {
        return usage;
    }

    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public String toString() {
        return "CreateKeyOptions{" + spec + ", " + usage + ", tags=" + tags.keySet() + "}";
    }

    /** Builds {@link CreateKeyOptions}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final KeySpec spec;
        private KeyUsage usage;
        private String description;
        private final Map<String, String> tags = new LinkedHashMap<>();

        private Builder(KeySpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        public Builder usage(KeyUsage usage) {
            this.usage = usage;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder tag(String key, String value) {
            this.tags.put(key, value);
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags.putAll(tags);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if the usage does not fit the
         *     spec, or the description or tags are too large or contain nulls
         */
        public CreateKeyOptions build() {
            if (usage != null && !spec.allowedUsages().contains(usage)) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "key spec " + spec + " cannot be created with usage " + usage
                                + "; allowed: " + spec.allowedUsages());
            }
            if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "key description is longer than " + MAX_DESCRIPTION_LENGTH + " characters");
            }
            if (tags.size() > MAX_TAGS) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "more than " + MAX_TAGS + " tags");
            }
            for (Map.Entry<String, String> e : tags.entrySet()) {
                if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                    throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "tag names must be non-empty and values non-null");
                }
            }
            return new CreateKeyOptions(this);
        }
    }
}
