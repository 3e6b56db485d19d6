package dev.kms4j.cli;

import dev.kms4j.HealthReport;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderHealth;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kms health}: checks every provider and prints one row each; exits with 9 (UNAVAILABLE)
 * when any is DOWN. The reasons come from {@link ProviderHealth}, which never holds secrets.
 * Runs once; not thread-safe.
 */
@Command(name = "health",
        description = {"Check that the keystore's provider can serve: status, latency and reason per provider.",
            "Exits with 9 (UNAVAILABLE) when a provider is DOWN; DEGRADED and UNKNOWN still exit 0."})
final class HealthCommand extends KeystoreCommand {
    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "How long to wait for the providers, in all (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Override
    protected int run(KmsManager kms) {
        if (timeoutMillis <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout-ms must be positive");
        }
        return print(kms.health(Duration.ofMillis(timeoutMillis)), io());
    }

    /** Prints the report as a table; returns the exit code. */
    static int print(HealthReport report, CliIo io) {
        TextTable table = new TextTable("PROVIDER", "STATUS", "LATENCY", "CHECKED", "REASON");
        for (ProviderHealth p : report.providers()) {
            table.row(p.scheme(), p.status(), p.latency().toMillis() + " ms",
                    p.checkedAt().truncatedTo(ChronoUnit.SECONDS), p.reason().orElse(null));
        }
        table.print(io.out(), "");
        if (!report.anyDown()) {
            return ExitCodes.OK;
        }
        List<String> down = report.providers().stream()
                .filter(p -> p.status() == ProviderHealth.Status.DOWN)
                .map(ProviderHealth::scheme).collect(Collectors.toList());
        io.err().println("kms: error: UNAVAILABLE: " + (down.size() == 1 ? "provider " : "providers ")
                + String.join(", ", down) + (down.size() == 1 ? " is" : " are") + " DOWN");
        return ExitCodes.UNAVAILABLE;
    }
}
