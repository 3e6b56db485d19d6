package dev.kms4j.cli;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Short previews of ciphertexts and signatures for the demo. Only for non-secret bytes:
 * never pass key material or plaintext. Stateless and thread-safe.
 */
final class Previews {
    private static final int PREVIEW_BYTES = 12;

    private Previews() {
    }

    /** "3045022100ab12cd34ef56... (71 bytes)". */
    static String hex(byte[] nonSecret) {
        byte[] head = Arrays.copyOf(nonSecret, Math.min(PREVIEW_BYTES, nonSecret.length));
        return HexFormat.of().formatHex(head) + (nonSecret.length > head.length ? "..." : "")
                + " (" + nonSecret.length + " bytes)";
    }

    /** "MEUCIQCrEs0...". */
    static String base64(byte[] nonSecret) {
        String b64 = Base64.getEncoder().encodeToString(nonSecret);
        return b64.length() > 24 ? b64.substring(0, 24) + "..." : b64;
    }
}
