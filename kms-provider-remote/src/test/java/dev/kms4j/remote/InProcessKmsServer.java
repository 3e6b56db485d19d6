package dev.kms4j.remote;

import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.policy.KeyAccessPolicy;
import dev.kms4j.remote.internal.RemoteChannel;
import dev.kms4j.server.grpc.KeyManagementService;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A kms4j server in this JVM: {@link KeyManagementService} over a manager with the local provider
 * in memory, on grpc-java's in-process transport, plus remote managers that talk to it.
 */
final class InProcessKmsServer implements AutoCloseable {
    private final String name = "kms4j-test-" + UUID.randomUUID();
    private final KmsManager serverKms;
    private final Server server;

    private InProcessKmsServer(KmsManager serverKms, List<BindableService> extraServices, List<ServerInterceptor> interceptors) {
        this.serverKms = serverKms;
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
        builder.addService(ServerInterceptors.intercept(new KeyManagementService(serverKms), interceptors));
        for (BindableService s : extraServices) {
            builder.addService(ServerInterceptors.intercept(s, interceptors));
        }
        try {
            this.server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server over the local provider in memory, no authentication. */
    static InProcessKmsServer start() {
        return builder().build();
    }

    static Builder builder() {
        return new Builder();
    }

    KmsManager serverKms() {
        return serverKms;
    }

    /** A remote manager (scheme kms4j) talking to this server without credentials. */
    KmsManager remoteManager() {
        return remoteManager(Map.of(), Clock.systemUTC());
    }

    /** A remote manager with extra settings (client-id, client-secret, timeout) and a clock for tokens. */
    KmsManager remoteManager(Map<String, String> settings, Clock clock) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("target", "localhost:1", "tls", "false"));
        all.putAll(settings);
        return KmsManager.builder()
                .discovery(false)
                .factory(new RemoteProviderFactory(s -> new RemoteChannel(InProcessChannelBuilder.forName(name).build()), clock))
                .enable("kms4j", ProviderConfig.of(all))
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        serverKms.close();
    }

    static final class Builder {
        private KeyAccessPolicy policy;
        private final List<BindableService> services = new ArrayList<>();
        private final List<ServerInterceptor> interceptors = new ArrayList<>();

        Builder policy(KeyAccessPolicy policy) {
            this.policy = policy;
            return this;
        }

        Builder service(BindableService service) {
            services.add(service);
            return this;
        }

        Builder interceptor(ServerInterceptor interceptor) {
            interceptors.add(interceptor);
            return this;
        }

        InProcessKmsServer build() {
            KmsManager.Builder kms = KmsManager.builder().enable("local", ProviderConfig.of(Map.of("path", ":memory:")));
            if (policy != null) {
                kms.decorate(policy.asDecorator());
            }
            return new InProcessKmsServer(kms.build(), services, interceptors);
        }
    }
}
