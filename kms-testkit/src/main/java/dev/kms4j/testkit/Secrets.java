package dev.kms4j.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds secret bytes in text: exception messages, {@code toString()} output, log lines.
 *
 * <p>A secret leaks in many shapes, so each secret is searched for as raw characters (ISO-8859-1
 * and, when it is valid UTF-8, UTF-8), lower- and upper-case hex, standard and URL-safe base64
 * (at each of the three byte alignments it can have inside a larger encoded blob) and the body of
 * {@link Arrays#toString(byte[])}. Secrets longer than {@value #WINDOW} bytes are also searched
 * for window by window, so a partial leak of {@value #WINDOW} consecutive bytes is found too.
 *
 * <p>Use secrets of at least {@value #WINDOW} random bytes: short or low-entropy "secrets" match
 * by accident. A failure message says which rendering of which secret was found where, but never
 * repeats the secret. Stateless and thread-safe.
 */
public final class Secrets {
    /** Length of the consecutive byte runs searched for in secrets longer than this. */
    public static final int WINDOW = 16;
    /** Shortest base64 or hex fragment worth searching for. */
    private static final int MIN_TEXT = 8;

    private Secrets() {
    }

    /**
     * Describes where {@code secret} occurs in {@code text}, for example {@code "hex at index 40"},
     * or empty if it does not occur in any known rendering.
     */
    public static Optional<String> findLeak(String text, byte[] secret) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(secret, "secret");
        if (secret.length == 0 || text.isEmpty()) {
            return Optional.empty();
        }
        for (byte[] window : windows(secret)) {
            for (Map.Entry<String, String> rendering : renderings(window).entrySet()) {
                int at = text.indexOf(rendering.getValue());
                if (at >= 0) {
                    String part = window.length == secret.length ? "" : " (" + window.length + "-byte part)";
                    return Optional.of(rendering.getKey() + part + " at index " + at);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Fails with an {@link AssertionError} if {@code text} contains any of {@code secrets} in any
     * rendering. The error names {@code where}, the secret's position in the argument list and
     * the rendering, never the secret.
     */
    public static void assertNoLeak(String where, String text, byte[]... secrets) {
        for (int i = 0; i < secrets.length; i++) {
            Optional<String> leak = findLeak(text == null ? "" : text, secrets[i]);
            if (leak.isPresent()) {
                throw new AssertionError(where + " contains secret #" + i + " as " + leak.get());
            }
        }
    }

    /**
     * Everything a throwable would show in a log: {@code toString()}, message and localized
     * message of it, its causes and its suppressed exceptions.
     */
    public static String describe(Throwable throwable) {
        StringBuilder sb = new StringBuilder();
        describe(throwable, sb, new ArrayList<>());
        return sb.toString();
    }

    private static void describe(Throwable t, StringBuilder sb, List<Throwable> seen) {
        if (t == null || seen.stream().anyMatch(s -> s == t)) {
            return;
        }
        seen.add(t);
        sb.append(t).append('\n').append(t.getMessage()).append('\n').append(t.getLocalizedMessage()).append('\n');
        for (Throwable s : t.getSuppressed()) {
            describe(s, sb, seen);
        }
        describe(t.getCause(), sb, seen);
    }

    private static List<byte[]> windows(byte[] secret) {
        List<byte[]> windows = new ArrayList<>();
        windows.add(secret);
        if (secret.length > WINDOW) {
            for (int i = 0; i + WINDOW <= secret.length; i++) {
                windows.add(Arrays.copyOfRange(secret, i, i + WINDOW));
            }
        }
        return windows;
    }

    private static Map<String, String> renderings(byte[] bytes) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("raw ISO-8859-1 text", new String(bytes, StandardCharsets.ISO_8859_1));
        strictUtf8(bytes).ifPresent(s -> r.put("raw UTF-8 text", s));
        r.put("lower-case hex", HexFormat.of().formatHex(bytes));
        r.put("upper-case hex", HexFormat.of().withUpperCase().formatHex(bytes));
        String arrays = Arrays.toString(bytes);
        r.put("Arrays.toString", arrays.substring(1, arrays.length() - 1));
        for (int align = 0; align < 3; align++) {
            String offset = align == 0 ? "" : " (at byte offset " + align + " of a 3-byte group)";
            base64Core(Base64.getEncoder(), bytes, align).ifPresent(s -> r.put("base64" + offset, s));
            base64Core(Base64.getUrlEncoder(), bytes, align).ifPresent(s -> r.put("url-safe base64" + offset, s));
        }
        return r;
    }

    /**
     * The base64 characters that depend only on {@code bytes} when they sit {@code align} bytes
     * after a 3-byte group boundary inside a longer encoded blob: the complete 4-character groups
     * made of the secret's bytes alone.
     */
    private static Optional<String> base64Core(Base64.Encoder encoder, byte[] bytes, int align) {
        byte[] shifted = new byte[align + bytes.length];
        System.arraycopy(bytes, 0, shifted, align, bytes.length);
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        int start = align == 0 ? 0 : 4;
        int end = ((align + bytes.length) / 3) * 4;
        if (end - start < MIN_TEXT) {
            return Optional.empty();
        }
        return Optional.of(encoded.substring(start, end));
    }

    private static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
