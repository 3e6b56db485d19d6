package dev.kms4j;

/** What a key is created for; providers refuse operations outside a key's usage. */
public enum KeyUsage {
    /** Encrypt, decrypt, wrap, unwrap and data-key creation. */
    ENCRYPT_DECRYPT,
    /** Digital signatures: sign, verify, public key export. */
    SIGN_VERIFY,
    /** Message authentication codes, produced by {@code sign} and checked by {@code verify}. */
    GENERATE_VERIFY_MAC
}
