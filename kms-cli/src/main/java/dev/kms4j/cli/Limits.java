package dev.kms4j.cli;

/**
 * How much input the tool reads into memory. Direct encryption sends the whole plaintext to the
 * key, so it is capped the way cloud KMSs cap it; larger data needs envelope encryption.
 */
final class Limits {
    /** Largest plaintext for {@code kms encrypt}. */
    static final int MAX_PLAINTEXT_BYTES = 1024 * 1024;
    /** Largest ciphertext for {@code kms decrypt}: the plaintext limit plus generous room for headers. */
    static final int MAX_CIPHERTEXT_BYTES = MAX_PLAINTEXT_BYTES + 64 * 1024;
    /** Largest base64 ciphertext text (4/3 of the bytes, plus line breaks other tools may add). */
    static final int MAX_CIPHERTEXT_BASE64_CHARS = MAX_CIPHERTEXT_BYTES / 3 * 4 + MAX_CIPHERTEXT_BYTES / 38 + 16;
    /** Largest message for {@code kms sign} and {@code kms verify}. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    /** Largest signature file (RSA-4096 signatures are 512 bytes; base64 or DER of anything kms4j makes fits). */
    static final int MAX_SIGNATURE_BYTES = 64 * 1024;

    static final String PLAINTEXT_TOO_LARGE = "input is larger than 1 MiB: kms encrypt uses the key directly, which"
            + " is limited to 1 MiB; envelope encryption for large files is coming in a later release";
    static final String CIPHERTEXT_TOO_LARGE = "input is larger than any ciphertext kms encrypt makes"
            + " (1 MiB of plaintext at most)";

    private Limits() {
    }
}
