package dev.kms4j.internal.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hash-chained audit file format, shared by the writer and the verifier.
 *
 * <p>Line 1, the header: {@code {"kms4j_audit_chain":1,"file_id":"<32 hex>","created":"<ISO time>","hash":"<64 hex>"}}.
 * Every further line: {@code {"seq":N,"prev":"<64 hex>","record":{...},"hash":"<64 hex>"}}, with
 * {@code seq} counting from 1. A line's <em>body</em> is the line without its
 * {@code ,"hash":"..."} field; its hash is the lower-case hex SHA-256 of the UTF-8 body. Each
 * record's {@code prev} is the hash of the line before it (the header for record 1), so the body,
 * and with it the hash, covers the previous hash and the canonical record. Every line ends with
 * {@code \n}. Stateless and thread-safe.
 */
public final class AuditChain {
    /** Format version in the header. */
    public static final int VERSION = 1;
    /** Longest line the verifier reads; real lines are a few hundred bytes. */
    public static final int MAX_LINE_CHARS = 64 * 1024;

    private static final Pattern HASH_SUFFIX = Pattern.compile(",\"hash\":\"([0-9a-f]{64})\"\\}$");
    private static final Pattern HEADER_BODY = Pattern.compile(
            "^\\{\"kms4j_audit_chain\":" + VERSION + ",\"file_id\":\"[0-9a-f]{32}\",\"created\":\"[0-9T:.Z-]{1,40}\"\\}$");
    private static final Pattern RECORD_BODY = Pattern.compile(
            "^\\{\"seq\":([1-9][0-9]{0,18}),\"prev\":\"([0-9a-f]{64})\",\"record\":\\{.*\\}\\}$", Pattern.DOTALL);

    private AuditChain() {
    }

    /** The header line (without line break) for a new file. */
    public static String header(String fileId, String created) {
        return withHash(new JsonLine().number("kms4j_audit_chain", VERSION).string("file_id", fileId)
                .string("created", created).close());
    }

    /** The record line (without line break) following the line whose hash is {@code prev}. */
    public static String recordLine(long seq, String prev, String recordJson) {
        return withHash(new JsonLine().number("seq", seq).string("prev", prev).raw("record", recordJson).close());
    }

    private static String withHash(String body) {
        return body.substring(0, body.length() - 1) + ",\"hash\":\"" + sha256(body) + "\"}";
    }

    /** Lower-case hex SHA-256 of the UTF-8 text. */
    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** One line taken apart; {@code null} fields where it did not parse. */
    public static final class Parsed {
        /** The body (line without its hash field), or null if the line has no hash field. */
        public final String body;
        /** The stored hash. */
        public final String storedHash;
        /** seq, or -1 for a header or an unparsable body. */
        public final long seq;
        /** prev, or null. */
        public final String prev;

        private Parsed(String body, String storedHash, long seq, String prev) {
            this.body = body;
            this.storedHash = storedHash;
            this.seq = seq;
            this.prev = prev;
        }

        /** Whether the stored hash is the hash of the body (compared in constant time). */
        public boolean hashMatches() {
            return MessageDigest.isEqual(sha256(body).getBytes(StandardCharsets.US_ASCII),
                    storedHash.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Parses a header line; {@code null} if it is not one. */
    public static Parsed parseHeader(String line) {
        Parsed p = split(line);
        if (p == null || !HEADER_BODY.matcher(p.body).matches()) {
            return null;
        }
        return p;
    }

    /** Parses a record line; {@code null} if it is not one. */
    public static Parsed parseRecord(String line) {
        Parsed p = split(line);
        if (p == null) {
            return null;
        }
        Matcher m = RECORD_BODY.matcher(p.body);
        if (!m.matches()) {
            return null;
        }
        long seq;
        try {
            seq = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        return new Parsed(p.body, p.storedHash, seq, m.group(2));
    }

    private static Parsed split(String line) {
        Matcher m = HASH_SUFFIX.matcher(line);
        if (!m.find()) {
            return null;
        }
        String body = line.substring(0, m.start()) + "}";
        return new Parsed(body, m.group(1), -1, null);
    }
}
