package dev.kms4j.cli;

import dev.kms4j.KmsManager;
import dev.kms4j.server.KmsServer;
import dev.kms4j.server.config.ConfiguredServer;
import dev.kms4j.server.config.ServerConfigLoader;
import dev.kms4j.server.grpc.KeyManagementService;
import io.grpc.BindableService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kms server --config FILE}: runs the kms4j server from one configuration file (with
 * {@code KMS4J_SERVER_*} environment overrides) until SIGTERM/SIGINT, then shuts down gracefully
 * (in-flight calls get the configured grace period). In-process (tests), interrupting the running
 * thread stops it the same way.
 *
 * <p>Prints {@code tcp HOST:PORT} and/or {@code unix PATH}, with an {@code http:} section also
 * {@code http tcp HOST:PORT} and/or {@code http unix PATH}, then {@code ready}, and flushes, so a
 * script can wait for {@code ready}. Prints nothing secret. Runs once; not thread-safe.
 */
@Command(name = "server",
        description = {"Run the kms4j server (gRPC over TCP with TLS 1.3 / mutual TLS and a Unix socket) from a "
                + "config file until stopped with Ctrl-C or SIGTERM.",
            "Prints 'tcp HOST:PORT' and/or 'unix PATH' (and 'http tcp|unix ...' for the seed-002 HTTP "
                + "endpoints), then 'ready'. 'kms server init DIR' writes a development "
                + "config. Reference: docs/server.md."},
        subcommands = {ServerInitCommand.class})
final class ServerCommand implements Callable<Integer> {
    /**
     * The gRPC services the server runs over its KMS: the kms4j KeyManagement API. The
     * Authentication service, health and reflection are added by the server itself.
     */
    static final List<Function<KmsManager, BindableService>> SERVICES = List.of(KeyManagementService::new);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "The server configuration (YAML).")
    Path config;

    /**
     * The server's structured logs (authentications, refusals, start and stop) at INFO, and the
     * audit logger too when no audit file is configured. grpc-java's and Netty's DEBUG frame logs
     * print request headers, bearer tokens included, so they stay at INFO even with --verbose.
     * slf4j-simple reads these per logger at creation, and no server logger exists yet.
     */
    private static void serverLogging() {
        System.setProperty("org.slf4j.simpleLogger.log.dev.kms4j.server", "info");
        System.setProperty("org.slf4j.simpleLogger.log.kms4j.audit", "info");
        System.setProperty("org.slf4j.simpleLogger.log.io.grpc", "info");
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", "info");
    }

    @Override
    public Integer call() {
        KmsCli root = (KmsCli) spec.root().userObject();
        PrintWriter out = root.io().out();
        PrintWriter err = root.io().err();
        if (config == null) {
            err.println("kms: error: USAGE: kms server needs --config FILE (or: kms server init DIR)");
            return ExitCodes.USAGE;
        }
        serverLogging();
        ConfiguredServer server = ConfiguredServer.open(ServerConfigLoader.load(config, root.io().environment()));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "kms-server-shutdown");
        boolean interrupted = false;
        try {
            KmsServer running = server.start(SERVICES);
            Runtime.getRuntime().addShutdownHook(hook);
            running.tcpPort().ifPresent(p -> out.println("tcp " + server.config().tcp().orElseThrow().host() + ":" + p));
            running.unixSocket().ifPresent(p -> out.println("unix " + p));
            server.httpTcpAddress().ifPresent(a -> out.println("http tcp " + a.getHostString() + ":" + a.getPort()));
            server.httpUnixSocket().ifPresent(p -> out.println("http unix " + p));
            server.metricsAddress().ifPresent(a -> out.println("metrics http://" + a.getHostString() + ":" + a.getPort() + "/metrics"));
            out.println("ready");
            out.flush();
            stopped.await();
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // Exiting already (the hook runs or ran), or the hook was never added.
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return ExitCodes.OK;
    }
}
