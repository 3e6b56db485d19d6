package dev.kms4j.vault.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Vault's versioned text values, {@code vault:v<N>:<base64>} (ciphertexts, signatures, HMACs):
 * checks a caller's ciphertext before it is sent, and splits Vault's answers. Stateless and
 * thread-safe.
 */
final class VaultText {
    private static final String PREFIX = "vault:v";
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
        Split split = split(text);
        if (split == null) {
            throw integrity(operation, ref, "it is not a Vault Transit ciphertext (vault:v<N>:<base64>)");
        }
        try {
            if (Base64.getDecoder().decode(split.payload(text)).length < MIN_AEAD_BLOB) {
                throw integrity(operation, ref, "it is too short to be a Vault Transit ciphertext");
            }
        } catch (IllegalArgumentException e) {
            throw integrity(operation, ref, "its base64 part is malformed");
        }
        if (ref.hasVersion() && !ref.version().get().equals(split.versionText)) {
            throw integrity(operation, ref, "it was made by version " + split.versionText
                    + ", not by the version the reference names");
        }
        return text;
    }

    /**
     * {@code vault:v<N>:<payload>} taken apart: N is 1 to 9 digits without a leading zero, the
     * payload is base64 or base64url characters. Written out rather than as a regex because every
     * encrypt, decrypt and sign answer goes through it, and a regex over a kilobyte of base64 costs
     * tens of microseconds, a tenth of a whole call to a local Vault.
     *
     * @return the parts, or null if {@code value} does not have that form
     */
    private static Split split(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return null;
        }
        int n = value.length();
        int start = PREFIX.length();
        int i = start;
        if (i >= n || value.charAt(i) < '1' || value.charAt(i) > '9') {
            return null;
        }
        int version = 0;
        while (i < n && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
            if (i - start == 9) {
                return null;
            }
            version = version * 10 + (value.charAt(i) - '0');
            i++;
        }
        if (i >= n || value.charAt(i) != ':') {
            return null;
        }
        for (int j = i + 1; j < n; j++) {
            if (!isPayloadChar(value.charAt(j))) {
                return null;
            }
        }
        return new Split(version, value.substring(start, i), i + 1);
    }

    private static boolean isPayloadChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
    }

    private static final class Split {
        final int version;
        final String versionText;
        final int payloadStart;

        Split(int version, String versionText, int payloadStart) {
            this.version = version;
            this.versionText = versionText;
            this.payloadStart = payloadStart;
        }

        String payload(String value) {
            return value.substring(payloadStart);
        }
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
        Split split = versioned(operation, ref, value);
        return new Versioned(split.version, decodeBase64(operation, ref, split.payload(value)));
    }

    /**
     * Checks that Vault's answer is a {@code vault:v<N>:<base64>} value and returns N, without
     * decoding the payload (for answers passed on as they are, such as ciphertexts).
     */
    static int checkVersioned(String operation, KeyRef ref, String value) {
        return versioned(operation, ref, value).version;
    }

    private static Split versioned(String operation, KeyRef ref, String value) {
        Split split = split(value);
        if (split == null) {
            throw VaultErrors.error(KmsErrorCode.INTERNAL, ref, operation + ": Vault's answer has no vault:v<N>: value");
        }
        return split;
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
