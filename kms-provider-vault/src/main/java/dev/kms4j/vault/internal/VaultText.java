package dev.kms4j.vault.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's versioned text values, {@code vault:v<N>:<base64>} (ciphertexts, signatures, HMACs):
 * checks a caller's ciphertext before it is sent, and splits Vault's answers. Stateless and
 * thread-safe.
 */
final class VaultText {
    private static final Pattern VERSIONED = Pattern.compile("vault:v([1-9][0-9]{0,8}):([A-Za-z0-9+/=_-]*)");
    /** nonce (12) and tag (16) of Transit's AEAD ciphertexts. */
    private static final int MIN_AEAD_BLOB = 28;
    private static final int MAX_CIPHERTEXT_CHARS = VaultTransitKmsProvider.MAX_PLAINTEXT_BYTES * 2;

    private VaultText() {
    }

    /** A ciphertext must be Vault's {@code vault:v<N>:<base64>} of at least nonce plus tag; else INTEGRITY without a call. */
    static String checkCiphertext(String operation, KeyRef ref, byte[] ciphertext) {
        if (ciphertext.length == 0 || ciphertext.length > MAX_CIPHERTEXT_CHARS) {
            throw integrity(operation, ref, "it is not a Vault Transit ciphertext");
        }
        for (byte b : ciphertext) {
            if (b < 0x21 || b > 0x7e) {
                throw integrity(operation, ref, "it is not a Vault Transit ciphertext");
            }
        }
        String text = new String(ciphertext, StandardCharsets.US_ASCII);
        Matcher m = VERSIONED.matcher(text);
        if (!m.matches()) {
            throw integrity(operation, ref, "it is not a Vault Transit ciphertext (vault:v<N>:<base64>)");
        }
        try {
            if (Base64.getDecoder().decode(m.group(2)).length < MIN_AEAD_BLOB) {
                throw integrity(operation, ref, "it is too short to be a Vault Transit ciphertext");
            }
        } catch (IllegalArgumentException e) {
            throw integrity(operation, ref, "its base64 part is malformed");
        }
        if (ref.hasVersion() && !ref.version().get().equals(m.group(1))) {
            throw integrity(operation, ref, "it was made by version " + m.group(1) + ", not by the version the reference names");
        }
        return text;
    }

    static KmsException integrity(String operation, KeyRef ref, String why) {
        return VaultErrors.error(KmsErrorCode.INTEGRITY, ref, operation + " with " + ref + " refused the ciphertext: " + why);
    }

    static final class Versioned {
        final int version;
        final byte[] bytes;

        Versioned(int version, byte[] bytes) {
            this.version = version;
            this.bytes = bytes;
        }
    }

    /** Splits Vault's {@code vault:v<N>:<base64>} answer; anything else is an INTERNAL error. */
    static Versioned versionedBytes(String operation, KeyRef ref, String value) {
        Matcher m = value == null ? null : VERSIONED.matcher(value);
        if (m == null || !m.matches()) {
            throw VaultErrors.error(KmsErrorCode.INTERNAL, ref, operation + ": Vault's answer has no vault:v<N>: value");
        }
        return new Versioned(Integer.parseInt(m.group(1)), decodeBase64(operation, ref, m.group(2)));
    }

    static byte[] decodeBase64(String operation, KeyRef ref, String value) {
        if (value == null) {
            throw VaultErrors.error(KmsErrorCode.INTERNAL, ref, operation + ": Vault's answer lacks a value");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(value);
            } catch (IllegalArgumentException e2) {
                throw VaultErrors.error(KmsErrorCode.INTERNAL, ref, operation + ": Vault's answer is not base64");
            }
        }
    }
}
