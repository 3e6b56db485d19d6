package dev.kms4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void findsLowerAndUpperCaseHex() {
        byte[] secret = random(32);

        assertThat(Secrets.findLeak("key=" + HexFormat.of().formatHex(secret), secret)).hasValueSatisfying(
                where -> assertThat(where).startsWith("lower-case hex"));
        assertThat(Secrets.findLeak("KEY=" + HexFormat.of().withUpperCase().formatHex(secret), secret)).hasValueSatisfying(
                where -> assertThat(where).startsWith("upper-case hex"));
    }

    @Test
    void findsStandardAndUrlSafeBase64() {
        byte[] secret = random(32);

        assertThat(Secrets.findLeak("k=" + Base64.getEncoder().encodeToString(secret), secret)).isPresent();
        assertThat(Secrets.findLeak("k=" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret), secret)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void findsBase64OfASecretEmbeddedAtAnyOffsetOfALargerBlob(int offset) {
        byte[] secret = random(32);
        byte[] blob = new byte[offset + secret.length + 7];
        RANDOM.nextBytes(blob);
        System.arraycopy(secret, 0, blob, offset, secret.length);

        assertThat(Secrets.findLeak("blob " + Base64.getEncoder().encodeToString(blob), secret)).isPresent();
    }

    @Test
    void findsRawIso88591Text() {
        byte[] secret = random(24);

        assertThat(Secrets.findLeak("x" + new String(secret, StandardCharsets.ISO_8859_1) + "y", secret)).isPresent();
    }

    @Test
    void findsRawUtf8Text() {
        byte[] secret = "pässwörd-für-den-schlüssel".getBytes(StandardCharsets.UTF_8);

        assertThat(Secrets.findLeak("the password is pässwörd-für-den-schlüssel!", secret)).hasValueSatisfying(
                where -> assertThat(where).startsWith("raw UTF-8 text"));
    }

    @Test
    void findsArraysToString() {
        byte[] secret = random(20);

        assertThat(Secrets.findLeak("bytes " + Arrays.toString(secret), secret)).isPresent();
    }

    @Test
    void findsAPartialLeakOfAWindow() {
        byte[] secret = random(64);
        byte[] part = Arrays.copyOfRange(secret, 10, 10 + Secrets.WINDOW);

        assertThat(Secrets.findLeak("..." + HexFormat.of().formatHex(part) + "...", secret)).hasValueSatisfying(
                where -> assertThat(where).contains("part"));
    }

    @Test
    void findsNothingInUnrelatedText() {
        byte[] secret = random(32);

        assertThat(Secrets.findLeak("KmsException[INTEGRITY]: ciphertext does not authenticate " + HexFormat.of().formatHex(random(32)), secret))
                .isEmpty();
    }

    @Test
    void findsNothingForEmptyInputs() {
        assertThat(Secrets.findLeak("", random(16))).isEmpty();
        assertThat(Secrets.findLeak("text", new byte[0])).isEmpty();
    }

    @Test
    void assertNoLeakNamesTheRenderingButNotTheSecret() {
        byte[] secret = random(32);
        String hex = HexFormat.of().formatHex(secret);

        assertThatThrownBy(() -> Secrets.assertNoLeak("a log line", "leak " + hex, random(16), secret))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a log line").hasMessageContaining("secret #1").hasMessageContaining("hex")
                .hasMessageNotContaining(hex);
    }

    @Test
    void assertNoLeakPassesCleanText() {
        assertThatCode(() -> Secrets.assertNoLeak("clean", "nothing to see", random(32))).doesNotThrowAnyException();
    }

    @Test
    void describeCoversCausesAndSuppressedExceptions() {
        RuntimeException cause = new RuntimeException("cause-text");
        IllegalStateException top = new IllegalStateException("top-text", cause);
        top.addSuppressed(new IllegalArgumentException("suppressed-text"));

        assertThat(Secrets.describe(top)).contains("top-text", "cause-text", "suppressed-text", "IllegalStateException");
    }

    @Test
    void describeSurvivesCauseCycles() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        assertThat(Secrets.describe(a)).contains("a", "b");
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
