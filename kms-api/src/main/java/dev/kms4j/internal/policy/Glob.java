package dev.kms4j.internal.policy;

import java.util.regex.Pattern;

/**
 * A compiled glob for key URIs and caller names. Hand-written because kms-api has no dependency
 * to borrow one from, and {@code java.nio.file.PathMatcher} has file-system rules (and
 * platform-specific separators) that key URIs do not follow.
 *
 * <p>For key URIs ({@code segmented}): {@code *} matches any run of characters except {@code /},
 * {@code **} any run including {@code /}, {@code ?} one character except {@code /}. For names,
 * {@code *} and {@code **} both match anything. Everything else matches itself; the whole input
 * must match. Immutable and thread-safe.
 */
public final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /** Compiles {@code glob}; {@code segmented} makes {@code *} and {@code ?} stop at {@code /}. */
    public static Glob compile(String glob, boolean segmented) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                if (c == '?') {
                    regex.append(segmented ? "[^/]" : ".");
                } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                } else {
                    regex.append(segmented ? "[^/]*" : ".*");
                }
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return new Glob(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    /** Whether the whole of {@code input} matches. */
    public boolean matches(String input) {
        return pattern.matcher(input).matches();
    }

    /** The glob as written. */
    @Override
    public String toString() {
        return text;
    }
}
