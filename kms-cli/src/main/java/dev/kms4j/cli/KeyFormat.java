package dev.kms4j.cli;

import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyVersionMetadata;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the tool shows key metadata (which holds no secret). Stateless and thread-safe. */
final class KeyFormat {
    private KeyFormat() {
    }

    /** A time to the second, ISO-8601 UTC, or "-". */
    static String time(Optional<Instant> instant) {
        return instant.map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("-");
    }

    /** The current version, or "-" for providers without versions. */
    static String current(KeyMetadata key) {
        return key.currentVersion().orElse("-");
    }

    /** Versions with their states, oldest first: "1 ENABLED, 2 DISABLED". */
    static String versions(KeyMetadata key) {
        if (key.versions().isEmpty()) {
            return "-";
        }
        return key.versions().stream().map(KeyFormat::version).collect(Collectors.joining(", "));
    }

    private static String version(KeyVersionMetadata v) {
        return v.version() + " " + v.state();
    }
}
