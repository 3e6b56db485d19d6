package dev.kms4j.cli;

import dev.kms4j.server.config.DevelopmentSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kms server init DIR}: writes a working development set-up (local CA, server and client
 * certificates, a keystore with the token-signing key, one client, a Unix socket path, an admin
 * role) and prints where the config and the client's secret are. The secret itself is written
 * once to an owner-only file and never printed. Not thread-safe.
 */
@Command(name = "init",
        description = {"Write a development server set-up into DIR: CA, server and client certificates, a local "
                + "keystore with the token key, one client (secret in an owner-only file), config kms4j-server.yaml.",
            "For development only: the CA key and the keystore master key are kept in DIR."})
final class ServerInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory to write (created; must not hold a config).")
    Path dir;

    @Option(names = "--tcp-port", paramLabel = "PORT", defaultValue = "7443",
            description = "TCP port in the config (0 = a free port at each start; default: ${DEFAULT-VALUE}).")
    int tcpPort;

    @Override
    public Integer call() {
        KmsCli root = (KmsCli) spec.root().userObject();
        PrintWriter out = root.io().out();
        if (tcpPort < 0 || tcpPort > 65535) {
            root.io().err().println("kms: error: USAGE: --tcp-port must be between 0 and 65535");
            return ExitCodes.USAGE;
        }
        DevelopmentSetup.Result r = DevelopmentSetup.write(dir, tcpPort);
        out.println("config        " + r.config());
        out.println("client id     " + r.clientId());
        out.println("client secret " + r.clientSecretFile() + " (owner-only; read it once, keep it secret)");
        out.println("unix socket   " + r.unixSocket());
        out.println("http socket   " + r.httpUnixSocket() + " (seed-002 HTTP endpoints)");
        out.println("run it with:  kms server --config " + r.config());
        out.flush();
        return ExitCodes.OK;
    }
}
