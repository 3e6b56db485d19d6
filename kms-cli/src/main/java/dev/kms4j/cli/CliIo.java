package dev.kms4j.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The process's standard streams and environment, passed in rather than read from
 * {@link System} so that tests run commands in-process with captured output.
 *
 * <p>Standard output is used both for text ({@link #out()}) and for binary data
 * ({@link #writeStdout(byte[])}, for example a decrypted file); the text writer is flushed before
 * binary bytes are written so the two never interleave out of order.
 *
 * <p>Not thread-safe: one command runs at a time. Holds no secret itself; bytes passed to
 * {@link #writeStdout(byte[])} are written through, not kept.
 */
final class CliIo {
    private final InputStream stdin;
    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> environment;
    private final boolean system;

    private CliIo(InputStream stdin, OutputStream stdout, OutputStream stderr, Charset textCharset,
                  Map<String, String> environment, boolean system) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.out = new PrintWriter(new OutputStreamWriter(stdout, textCharset), false);
        this.err = new PrintWriter(new OutputStreamWriter(stderr, textCharset), true);
        this.environment = Map.copyOf(environment);
        this.system = system;
    }

    /**
     * The real process streams and environment. Standard output is the unbuffered file
     * descriptor rather than {@link System#out}, whose buffer would keep a copy of decrypted
     * bytes after they are written.
     */
    static CliIo system() {
        return new CliIo(System.in, new FileOutputStream(FileDescriptor.out), System.err, terminalCharset(),
                System.getenv(), true);
    }

    /** Captured streams and a fixed environment (UTF-8 text), for tests and embedding. */
    static CliIo of(InputStream stdin, OutputStream stdout, OutputStream stderr, Map<String, String> environment) {
        return new CliIo(stdin, stdout, stderr, StandardCharsets.UTF_8, environment, false);
    }

    /** Standard input, as bytes. */
    InputStream stdin() {
        return stdin;
    }

    /** Text for standard output. */
    PrintWriter out() {
        return out;
    }

    /** Text for standard error: notes and error messages. Auto-flushing. */
    PrintWriter err() {
        return err;
    }

    /** The environment variables the command sees. */
    Map<String, String> environment() {
        return environment;
    }

    /** Whether these are the real process streams (then the tool may also configure logging). */
    boolean isSystem() {
        return system;
    }

    /** Writes raw bytes to standard output, after any pending text. */
    void writeStdout(byte[] bytes) {
        out.flush();
        try {
            stdout.write(bytes);
            stdout.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to standard output", e);
        }
    }

    /** Flushes both text writers. */
    void flush() {
        out.flush();
        err.flush();
    }

    /** Java 17 has no stdout.encoding property yet; native.encoding is what the terminal uses. */
    private static Charset terminalCharset() {
        for (String property : new String[] {"stdout.encoding", "native.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return Charset.defaultCharset();
    }
}
