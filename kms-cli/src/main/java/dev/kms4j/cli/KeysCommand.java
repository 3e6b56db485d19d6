package dev.kms4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kms keys}: the key-management commands. Runs once; not thread-safe. */
@Command(name = "keys",
        description = "Create, list, inspect, rotate, disable, enable and delete keys.",
        subcommands = {
            KeysCreateCommand.class,
            KeysListCommand.class,
            KeysShowCommand.class,
            KeysRotateCommand.class,
            KeysDisableCommand.class,
            KeysEnableCommand.class,
            KeysDeleteCommand.class,
        })
final class KeysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** {@code kms keys} without a subcommand is a usage error. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
