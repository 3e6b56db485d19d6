package dev.kms4j.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store lock against a real second process, and its release when that process dies. */
class FileDekStoreCrossProcessLockTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void storeHeldByAnotherProcessIsUnavailableUntilThatProcessDies() throws Exception {
        Path dir = tmp.resolve("store");
        Process holder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
                "-cp", System.getProperty("java.class.path"),
                FileDekStoreLockHolder.class.getName(), dir.toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.equals("READY")) {
                line = out.readLine();
            }
            assertThat(line).as("the holder opened the store").isEqualTo("READY");

            assertThatThrownBy(() -> FileDekStore.open(dir)).isInstanceOfSatisfying(KmsException.class, e -> {
                assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
                assertThat(e.isRetryable()).isFalse();
            });

            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            try (FileDekStore store = FileDekStore.open(dir)) {
                assertThat(store.ids()).isEmpty();
            }
        } finally {
            holder.destroyForcibly();
        }
    }
}
