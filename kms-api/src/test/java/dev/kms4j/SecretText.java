package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Test helper: asserts that text contains no common rendering of a secret byte array. */
final class SecretText {
    private SecretText() {
    }

    static void assertNoTraceOf(String text, byte[] secret) {
        assertThat(text)
                .doesNotContain(HexFormat.of().formatHex(secret))
                .doesNotContain(HexFormat.of().withUpperCase().formatHex(secret))
                .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(secret))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                .doesNotContain(Arrays.toString(secret).replace("[", "").replace("]", ""))
                .doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
    }
}
