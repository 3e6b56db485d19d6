package dev.kms4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kms audit}: commands on kms4j audit trails. Runs once; not thread-safe. */
@Command(name = "audit",
        description = "Check audit trails written by kms4j's hash-chained file sink.",
        subcommands = {
            AuditVerifyCommand.class,
        })
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** {@code kms audit} without a subcommand is a usage error. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
