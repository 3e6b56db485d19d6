package dev.kms4j.audit;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.internal.audit.AuditChain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a file written by {@link HashChainedFileAuditSink} and reports the first line that was
 * edited, removed, inserted, reordered or cut short.
 *
 * <p>What a hash chain can and cannot show: any change to a record, and removing, inserting or
 * reordering records, breaks the chain at the first changed line. Removing records <em>from the
 * end</em> leaves a shorter valid chain, and someone who can rewrite the file can recompute every
 * hash after their change (SHA-256 has no key). Compare {@link Result#records()} and
 * {@link Result#lastHash()} with a copy kept elsewhere (the {@code kms4j.audit} log, a monitoring
 * system) to catch those.
 *
 * <p>Stateless and thread-safe. Reads records, which hold no secrets.
 */
public final class AuditChainVerifier {
    private AuditChainVerifier() {
    }

    /**
     * Verifies {@code file}.
     *
     * @throws KmsException {@link KmsErrorCode#NOT_FOUND} if the file does not exist,
     *     {@link KmsErrorCode#INTERNAL} if it cannot be read
     */
    public static Result verify(Path file) {
        if (!Files.exists(file)) {
            throw new KmsException(KmsErrorCode.NOT_FOUND, "audit file " + file + " does not exist");
        }
        // Malformed UTF-8 decodes to U+FFFD, which no longer matches the line's hash: reported
        // as an edit of that line.
        try (Reader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            return verify(r);
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "cannot read audit file " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** Verifies a chain read from {@code in} (not closed). */
    public static Result verify(Reader in) throws IOException {
        BufferedReader reader = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
        LineSource lines = new LineSource(reader);
        String header = lines.next();
        if (header == null) {
            return Result.broken(1, 0, null, "the file is empty: no chain header");
        }
        AuditChain.Parsed h = AuditChain.parseHeader(header);
        if (h == null) {
            return Result.broken(1, 0, null, lines.lastUnterminated()
                    ? "the header line is incomplete (file truncated)" : "line 1 is not a kms4j audit chain header");
        }
        if (!h.hashMatches()) {
            return Result.broken(1, 0, null, "the header was edited (its hash does not match)");
        }
        String prev = h.storedHash;
        long expected = 1;
        int lineNo = 1;
        String line;
        while ((line = lines.next()) != null) {
            lineNo++;
            long count = expected - 1;
            AuditChain.Parsed p = AuditChain.parseRecord(line);
            if (p == null) {
                String why = lines.lastUnterminated()
                        ? "the last record is incomplete (file truncated or a write was cut short)"
                        : lines.tooLong() ? "line is too long to be a record (edited or inserted)"
                        : "not a valid chain record (edited or inserted)";
                return Result.broken(lineNo, count, prev, why);
            }
            if (!p.hashMatches()) {
                return Result.broken(lineNo, count, prev, "record " + p.seq + " was edited (its hash does not match its content)");
            }
            if (p.seq > expected) {
                return Result.broken(lineNo, count, prev, "expected record " + expected + " but found record " + p.seq
                        + ": records were removed or reordered");
            }
            if (p.seq < expected) {
                return Result.broken(lineNo, count, prev, "expected record " + expected + " but found record " + p.seq
                        + ": records were reordered, duplicated or inserted");
            }
            if (!p.prev.equals(prev)) {
                return Result.broken(lineNo, count, prev, "record " + p.seq
                        + " does not chain to the line before it: a record was inserted or replaced");
            }
            prev = p.storedHash;
            expected++;
        }
        return Result.ok(expected - 1, prev);
    }

    /** Reads lines, noticing whether the last one had its line break, and bounding their length. */
    private static final class LineSource {
        private final BufferedReader reader;
        private boolean lastUnterminated;
        private boolean tooLong;

        LineSource(BufferedReader reader) {
            this.reader = reader;
        }

        String next() throws IOException {
            StringBuilder sb = new StringBuilder();
            tooLong = false;
            int c;
            while ((c = reader.read()) >= 0) {
                if (c == '\n') {
                    lastUnterminated = false;
                    return sb.toString();
                }
                if (sb.length() < AuditChain.MAX_LINE_CHARS) {
                    sb.append((char) c);
                } else {
                    tooLong = true;
                }
            }
            if (sb.length() == 0 && !tooLong) {
                return null;
            }
            lastUnterminated = true;
            return sb.toString();
        }

        boolean lastUnterminated() {
            return lastUnterminated;
        }

        boolean tooLong() {
            return tooLong;
        }
    }

    /** The outcome of a verification. Immutable and thread-safe. */
    public static final class Result {
        private final boolean ok;
        private final int failedLine;
        private final long records;
        private final String lastHash;
        private final String reason;

        private Result(boolean ok, int failedLine, long records, String lastHash, String reason) {
            this.ok = ok;
            this.failedLine = failedLine;
            this.records = records;
            this.lastHash = lastHash;
            this.reason = reason;
        }

        static Result ok(long records, String lastHash) {
            return new Result(true, 0, records, lastHash, null);
        }

        static Result broken(int line, long records, String lastHash, String reason) {
            return new Result(false, line, records, lastHash, reason);
        }

        /** Whether the whole file is an unbroken chain. */
        public boolean ok() {
            return ok;
        }

        /** The 1-based line number of the first bad line (the header is line 1); 0 when {@link #ok()}. */
        public int failedLine() {
            return failedLine;
        }

        /** Records verified: all of them when ok, those before the bad line otherwise. */
        public long records() {
            return records;
        }

        /** The hash of the last good line (the header's if no record is good); empty if the header is bad. */
        public Optional<String> lastHash() {
            return Optional.ofNullable(lastHash);
        }

        /** Why the chain is broken; empty when ok. */
        public Optional<String> reason() {
            return Optional.ofNullable(reason);
        }

        @Override
        public String toString() {
            return ok ? "OK: " + records + " records, last hash " + lastHash
                    : "BROKEN at line " + failedLine + ": " + reason;
        }
    }
}
