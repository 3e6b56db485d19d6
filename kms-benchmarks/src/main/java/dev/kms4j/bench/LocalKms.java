package dev.kms4j.bench;

import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * Opens the local provider the way the benchmarks measure it. Settings are fixed: system
 * properties and environment variables are ignored, so a developer's {@code KMS4J_LOCAL_*}
 * variables cannot change what is measured. Not thread-safe; used in {@code @Setup} only.
 */
final class LocalKms {
    private LocalKms() {
    }

    /** The local provider over {@code :memory:}: the hot path without any file I/O at all. */
    static KmsManager inMemory() {
        return open(Map.of("path", ":memory:"));
    }

    /**
     * The local provider over a keystore directory, with a random master key for this run only.
     * Operations on existing keys should not touch the disk; this variant shows whether they do.
     */
    static KmsManager onDisk(Path dir) {
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        // A throwaway key for a throwaway keystore; the String cannot be wiped, which is
        // acceptable here and nowhere else.
        String base64 = Base64.getEncoder().encodeToString(masterKey);
        java.util.Arrays.fill(masterKey, (byte) 0);
        return open(Map.of("path", dir.toString(), "master-key", base64));
    }

    private static KmsManager open(Map<String, String> settings) {
        ProviderConfig config = ProviderConfig.builder()
                .setAll(settings)
                .systemProperties(new Properties())
                .environment(Map.of())
                .build();
        return KmsManager.builder().enable("local", config).build();
    }

    /** Makes a fresh temporary directory for an on-disk keystore. */
    static Path tempDirectory() {
        try {
            return Files.createTempDirectory("kms4j-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree made by {@link #tempDirectory()}. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code length} random bytes: benchmark input, not secret. */
    static byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
