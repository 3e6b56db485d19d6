package dev.kms4j.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Runs {@code kms} in-process against one keystore directory, capturing stdout and stderr. */
final class CliRunner {
    private final Path keystore;
    private final Map<String, String> environment;

    /**
     * A runner whose environment holds only a fresh random master key, so a developer's KMS4J_*
     * variables cannot leak in and no development master key note is printed.
     */
    CliRunner(Path keystore) {
        this(keystore, Map.of("KMS4J_LOCAL_MASTER_KEY", randomMasterKey()));
    }

    /** A runner with an empty environment: the tool generates a development master key. */
    static CliRunner withoutMasterKey(Path keystore) {
        return new CliRunner(keystore, Map.of());
    }

    /** Base64 of 32 random bytes. */
    static String randomMasterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    CliRunner(Path keystore, Map<String, String> environment) {
        this.keystore = keystore;
        this.environment = environment;
    }

    /** Runs {@code kms --keystore DIR args...} with empty stdin. */
    Result run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    /** Runs {@code kms --keystore DIR args...} with {@code stdin}. */
    Result runWithStdin(byte[] stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--keystore", keystore.toString()));
        Collections.addAll(all, args);
        return runRaw(stdin, all.toArray(new String[0]));
    }

    /** Runs {@code kms args...} exactly as given (no --keystore added). */
    Result runRaw(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliIo io = CliIo.of(new ByteArrayInputStream(stdin), out, err, environment);
        int exitCode = KmsCli.run(io, args);
        return new Result(exitCode, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** What one run produced. */
    static final class Result {
        final int exitCode;
        final byte[] stdoutBytes;
        final String stderr;

        Result(int exitCode, byte[] stdoutBytes, String stderr) {
            this.exitCode = exitCode;
            this.stdoutBytes = stdoutBytes;
            this.stderr = stderr;
        }

        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        /** Everything printed, for "never printed" checks. */
        String allOutput() {
            return stdout() + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout() + "\n--- stderr ---\n" + stderr;
        }
    }
}
