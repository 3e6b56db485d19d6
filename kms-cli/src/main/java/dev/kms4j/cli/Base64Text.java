package dev.kms4j.cli;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Base64 as the tool writes it ({@code --base64}): standard alphabet, padded, one line plus a
 * newline. Reading ignores whitespace (line breaks from other tools) but nothing else.
 * Used for signatures and ciphertexts, never for plaintext. Stateless and thread-safe.
 */
final class Base64Text {
    private Base64Text() {
    }

    /** The base64 text of {@code data} plus a newline, as bytes. */
    static byte[] encodeLine(byte[] data) {
        return (Base64.getEncoder().encodeToString(data) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Decodes base64 text.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if it is not valid base64
     */
    static byte[] decode(byte[] text, String what) {
        byte[] compact = new byte[text.length];
        int n = 0;
        for (byte b : text) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                compact[n++] = b;
            }
        }
        try {
            return Base64.getDecoder().decode(Arrays.copyOf(compact, n));
        } catch (IllegalArgumentException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "the " + what + " is not valid base64");
        }
    }

    /** Whether {@code text} looks like base64 text rather than raw bytes (for a hint, not a decision). */
    static boolean looksLikeBase64(byte[] text) {
        if (text.length < 4) {
            return false;
        }
        for (byte b : text) {
            boolean ok = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                    || b == '+' || b == '/' || b == '=' || b == '\n' || b == '\r';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
