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
    /**
     * How a glob is matched. The common shapes (an exact name, a prefix followed by {@code **},
     * everything) are matched with string comparisons: the policy runs on every call, and a regex
     * match costs more than a local AES-GCM encryption of a small message.
     */
    private enum Shape { EXACT, PREFIX, ANYTHING, REGEX }

    private final String text;
    private final Shape shape;
    /** The literal for EXACT, the prefix for PREFIX, unused otherwise. */
    private final String literal;
    private final Pattern pattern;

    private Glob(String text, Shape shape, String literal, Pattern pattern) {
        this.text = text;
        this.shape = shape;
        this.literal = literal;
        this.pattern = pattern;
    }

    /** Compiles {@code glob}; {@code segmented} makes {@code *} and {@code ?} stop at {@code /}. */
    public static Glob compile(String glob, boolean segmented) {
        int firstWildcard = firstWildcard(glob);
        if (firstWildcard < 0) {
            return new Glob(glob, Shape.EXACT, glob, null);
        }
        String tail = glob.substring(firstWildcard);
        // "**" matches any run in both modes; a lone "*" does only when not segmented.
        if (tail.equals("**") || (!segmented && tail.equals("*"))) {
            return firstWildcard == 0
                    ? new Glob(glob, Shape.ANYTHING, null, null)
                    : new Glob(glob, Shape.PREFIX, glob.substring(0, firstWildcard), null);
        }
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
        return new Glob(glob, Shape.REGEX, null, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    private static int firstWildcard(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                return i;
            }
        }
        return -1;
    }

    /** Whether the whole of {@code input} matches. */
    public boolean matches(String input) {
        switch (shape) {
            case EXACT:
                return input.equals(literal);
            case PREFIX:
                return input.startsWith(literal);
            case ANYTHING:
                return true;
            default:
                return pattern.matcher(input).matches();
        }
    }

    /** The glob as written. */
    @Override
    public String toString() {
        return text;
    }
}
