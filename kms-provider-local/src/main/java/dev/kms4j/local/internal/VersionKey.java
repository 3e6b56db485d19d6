package dev.kms4j.local.internal;

/**
 * The decoded, ready-to-use key of one key version, kept in memory by {@link KeyCache} so the hot
 * path does no parsing and no storage access. <strong>Secret</strong> (except the public halves).
 *
 * <p>Implementations are immutable (apart from {@link #wipe()}) and thread-safe; they never show
 * key material in {@code toString()}.
 */
sealed interface VersionKey permits SecretKeyMaterial, EcdsaKeyPair, Ed25519KeyPair, RsaKeyPair {
    /**
     * Overwrites whatever secret bytes this object owns. Private keys held as {@code BigInteger}
     * (EC, RSA) or inside Bouncy Castle parameter objects cannot be overwritten in Java; for those
     * this only drops what can be dropped and the garbage collector does the rest.
     */
    void wipe();
}
