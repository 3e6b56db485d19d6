package dev.kms4j.envelope;

import java.util.Optional;

/**
 * The payload encryption of an envelope message, as recorded in its header (one byte).
 * Both use a 256-bit data-encryption key (DEK) from which the payload key is derived with
 * HKDF-SHA256; see {@code docs/envelope-format.md}. Immutable and thread-safe.
 */
public enum PayloadAlgorithm {
    /** One-shot AES-256-GCM with a random 96-bit nonce (Tink's AES-GCM). */
    AES_256_GCM(1, false),
    /** Tink's streaming AEAD AES-GCM-HKDF (256-bit keys, HKDF-SHA256), segmented. */
    AES_256_GCM_HKDF_STREAMING(2, true);

    private final int id;
    private final boolean streaming;

    PayloadAlgorithm(int id, boolean streaming) {
        this.id = id;
        this.streaming = streaming;
    }

    /** The byte written in the header. */
    public int id() {
        return id;
    }

    /** Whether the payload is segmented (written and read as a stream). */
    public boolean isStreaming() {
        return streaming;
    }

    /** The algorithm with the given header id, if this version of kms4j knows it. */
    public static Optional<PayloadAlgorithm> fromId(int id) {
        for (PayloadAlgorithm a : values()) {
            if (a.id == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
