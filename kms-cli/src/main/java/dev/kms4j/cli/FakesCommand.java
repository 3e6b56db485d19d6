package dev.kms4j.cli;

import dev.kms4j.testkit.aws.AwsKmsFake;
import dev.kms4j.testkit.aws.AwsKmsFakeServer;
import dev.kms4j.testkit.azure.AzureKeyVaultFake;
import dev.kms4j.testkit.azure.AzureKeyVaultFakeServer;
import dev.kms4j.testkit.vault.VaultTransitFake;
import dev.kms4j.testkit.vault.VaultTransitFakeServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kms fakes}: runs the testkit's stateful KMS fakes on {@code 127.0.0.1} for clients in
 * any language, until SIGTERM/SIGINT (a shutdown hook stops the servers) or, in-process, until
 * the running thread is interrupted.
 *
 * <p>Prints one {@code <service> <url>} line per fake, then {@code ready}, and flushes, so a
 * script can wait for {@code ready}. The fake's credentials are test values given on the command
 * line; they are not printed. Runs once; not thread-safe.
 */
@Command(name = "fakes",
        description = {"Run the stateful KMS fakes (for tests, any language) until stopped with Ctrl-C or SIGTERM.",
            "Prints 'aws-kms http://127.0.0.1:PORT', 'azure-kv https://127.0.0.1:PORT',",
            "'vault-transit http://127.0.0.1:PORT', then 'ready'. Listens on 127.0.0.1 only."})
final class FakesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--aws-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the AWS KMS fake (0 = a free port; default: ${DEFAULT-VALUE}).")
    int awsPort;

    @Option(names = "--aws-access-key-id", paramLabel = "ID", defaultValue = "test",
            description = "Access key id the AWS fake accepts (default: ${DEFAULT-VALUE}).")
    String awsAccessKeyId;

    @Option(names = "--aws-secret-access-key", paramLabel = "SECRET", defaultValue = "test",
            description = "Secret access key the AWS fake checks SigV4 signatures with (default: test).")
    String awsSecretAccessKey;

    @Option(names = "--aws-region", paramLabel = "REGION", defaultValue = "us-east-1",
            description = "Region in the AWS fake's ARNs (default: ${DEFAULT-VALUE}).")
    String awsRegion;

    @Option(names = "--azure-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the Azure Key Vault fake, HTTPS only (0 = a free port; default: ${DEFAULT-VALUE}).")
    int azurePort;

    @Option(names = "--azure-cert-out", paramLabel = "FILE",
            description = "Write the Azure fake's self-signed certificate (PEM) here, for clients to trust.")
    Path azureCertOut;

    @Option(names = "--vault-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the Vault Transit fake (0 = a free port; default: ${DEFAULT-VALUE}).")
    int vaultPort;

    @Option(names = "--vault-token", paramLabel = "TOKEN", defaultValue = "root",
            description = "Root token the Vault fake accepts in X-Vault-Token (default: root).")
    String vaultToken;

    @Override
    public Integer call() {
        KmsCli root = (KmsCli) spec.root().userObject();
        PrintWriter out = root.io().out();
        PrintWriter err = root.io().err();
        if (awsPort < 0 || awsPort > 65535) {
            err.println("kms: error: USAGE: --aws-port must be between 0 and 65535");
            return ExitCodes.USAGE;
        }
        if (azurePort < 0 || azurePort > 65535) {
            err.println("kms: error: USAGE: --azure-port must be between 0 and 65535");
            return ExitCodes.USAGE;
        }
        if (vaultPort < 0 || vaultPort > 65535) {
            err.println("kms: error: USAGE: --vault-port must be between 0 and 65535");
            return ExitCodes.USAGE;
        }
        if (vaultToken.isBlank()) {
            err.println("kms: error: USAGE: --vault-token must not be empty");
            return ExitCodes.USAGE;
        }
        List<RunningFake> running = new ArrayList<>();
        try {
            running.add(startAws());
            running.add(startAzure());
            running.add(startVault());
        } catch (StartFailure e) {
            stopAll(running);
            err.println("kms: error: UNAVAILABLE: " + e.getMessage());
            err.flush();
            return ExitCodes.UNAVAILABLE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopAll(running);
            stopped.countDown();
        }, "kms-fakes-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean interrupted = false;
        try {
            for (RunningFake f : running) {
                out.println(f.service() + " " + f.endpoint());
            }
            out.println("ready");
            out.flush();
            stopped.await();
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            // Stop before restoring the interrupt flag: the servers' shutdown waits on their threads.
            stopAll(running);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting: the hook is running or has run already.
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return ExitCodes.OK;
    }

    private RunningFake startAws() throws StartFailure {
        AwsKmsFake fake = AwsKmsFake.builder().accessKeyId(awsAccessKeyId).secretAccessKey(awsSecretAccessKey)
                .region(awsRegion).build();
        AwsKmsFakeServer server = new AwsKmsFakeServer(fake);
        try {
            server.start(awsPort);
        } catch (RuntimeException e) {
            throw new StartFailure("aws-kms", awsPort, e);
        }
        return new RunningFake("aws-kms", server.endpoint().toString(), server::stop);
    }

    private RunningFake startAzure() throws StartFailure {
        AzureKeyVaultFakeServer server = new AzureKeyVaultFakeServer(AzureKeyVaultFake.builder().build());
        try {
            server.start(azurePort);
        } catch (RuntimeException e) {
            throw new StartFailure("azure-kv", azurePort, e);
        }
        if (azureCertOut != null) {
            try {
                server.writeCertificatePem(azureCertOut);
            } catch (RuntimeException e) {
                server.stop();
                throw new StartFailure("azure-kv", azurePort, "cannot write its certificate to " + azureCertOut, e);
            }
        }
        return new RunningFake("azure-kv", server.endpoint().toString(), server::stop);
    }

    private RunningFake startVault() throws StartFailure {
        VaultTransitFakeServer server = new VaultTransitFakeServer(VaultTransitFake.builder().rootToken(vaultToken).build());
        try {
            server.start(vaultPort);
        } catch (RuntimeException e) {
            throw new StartFailure("vault-transit", vaultPort, e);
        }
        return new RunningFake("vault-transit", server.endpoint().toString(), server::stop);
    }

    private static void stopAll(List<RunningFake> running) {
        for (RunningFake f : running) {
            f.stopper().run();
        }
    }

    /** One started fake: the service name and URL printed for clients, and how to stop it (idempotent). */
    private record RunningFake(String service, String endpoint, Runnable stopper) {
    }

    /** A fake that could not start; the message names it and its port, never a credential. */
    private static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StartFailure(String service, int port, RuntimeException cause) {
            super("cannot start the " + service + " fake on 127.0.0.1:" + port + " ("
                    + cause.getClass().getSimpleName() + ")", cause);
        }

        StartFailure(String service, int port, String why, Exception cause) {
            super("cannot start the " + service + " fake on 127.0.0.1:" + port + ": " + why + " ("
                    + cause.getClass().getSimpleName() + ")", cause);
        }
    }
}
