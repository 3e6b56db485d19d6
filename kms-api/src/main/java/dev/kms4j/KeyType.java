package dev.kms4j;

/** The family a {@link KeySpec} belongs to; decides which operations a key can do at all. */
public enum KeyType {
    /** A symmetric authenticated-encryption key (AES-GCM, ChaCha20-Poly1305). */
    SYMMETRIC,
    /** A symmetric MAC key (HMAC). */
    HMAC,
    /** An elliptic-curve key pair for ECDSA. */
    EC,
    /** An Edwards-curve key pair (EdDSA). */
    EDWARDS,
    /** An RSA key pair. */
    RSA
}
