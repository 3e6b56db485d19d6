package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    static Path unusedKeystore;

    static CliRunner.Result demo;

    /** The demo is run once; each test checks one part of its story. */
    @BeforeAll
    static void runDemo() {
        demo = new CliRunner(unusedKeystore.resolve("ks")).run("demo");
    }

    @Test
    void exitsWithZero() {
        assertThat(demo.exitCode).as(demo.toString()).isZero();
    }

    @Test
    void tellsEveryStepInOrder() {
        assertThat(demo.stdout()).containsSubsequence(
                "1. Created signing key local://demo-signing (EC_P256, version 1)",
                "2. Created encryption key local://demo-encryption (AES_256, version 1)",
                "3. Signed the message",
                "4. Verified the signature",
                "INVALID, as it must be",
                "5. Encrypted a ",
                "identical to the original",
                "6. Created a data key (DEK)",
                "wrapped by local://demo-encryption#1",
                "equal to the original DEK",
                "7. Rotated local://demo-encryption: current version is now 2",
                "wrapped by local://demo-encryption#2",
                "8. Decrypted the step-5 ciphertext (made with version 1) after the rotation",
                "9. Key metadata after the rotation:",
                "10. Flipped one bit",
                "KmsException INTEGRITY: ",
                "Done in ");
    }

    @Test
    void showsAMetadataTableWithBothKeysAfterRotation() {
        assertThat(demo.stdout())
                .containsPattern("KEY\\s+SPEC\\s+STATE\\s+CURRENT\\s+VERSIONS")
                .containsPattern("local://demo-signing\\s+EC_P256\\s+ENABLED\\s+1\\s+1 ENABLED")
                .containsPattern("local://demo-encryption\\s+AES_256\\s+ENABLED\\s+2\\s+1 ENABLED, 2 ENABLED");
    }

    @Test
    void neverPrintsTheSecretPlaintext() {
        assertThat(demo.allOutput()).doesNotContain(DemoStory.SECRET).doesNotContain("4711");
    }

    @Test
    void deletesItsTemporaryKeystore() {
        Matcher m = Pattern.compile("keystore: (\\S+) ").matcher(demo.stdout());
        assertThat(m.find()).isTrue();

        assertThat(Path.of(m.group(1))).doesNotExist();
        assertThat(Path.of(m.group(1)).getParent()).doesNotExist();
    }

    @Test
    void doesNotTouchTheKeystoreOption() {
        assertThat(unusedKeystore.resolve("ks")).doesNotExist();
    }

    @Test
    void printsNothingOnStderr() {
        assertThat(demo.stderr).isEmpty();
    }
}
