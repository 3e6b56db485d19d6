package dev.kms4j.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves configuration values that may be references to secrets kept outside the file:
 * {@code file:/path} (the file's content, without a trailing newline) or {@code env:NAME} (the
 * environment variable). Anything else is taken literally.
 *
 * <p>Errors name the field and the reference, never the resolved value. Thread-safe if the
 * environment map is.
 */
final class SecretReferences {
    private final Map<String, String> environment;

    SecretReferences(Map<String, String> environment) {
        this.environment = environment;
    }

    String resolve(String field, String value) {
        if (value.startsWith("file:")) {
            Path file = Path.of(value.substring("file:".length()));
            try {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                return stripTrailingNewline(content);
            } catch (IOException e) {
                throw ConfigNode.error(field, "cannot read the referenced file " + file
                        + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (value.startsWith("env:")) {
            String name = value.substring("env:".length());
            String resolved = environment.get(name);
            if (resolved == null || resolved.isEmpty()) {
                throw ConfigNode.error(field, "the referenced environment variable " + name + " is not set");
            }
            return resolved;
        }
        return value;
    }

    private static String stripTrailingNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
