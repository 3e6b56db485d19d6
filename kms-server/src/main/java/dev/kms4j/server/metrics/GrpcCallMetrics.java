package dev.kms4j.server.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;

/**
 * Times every gRPC call the server answers: timer {@value #CALL_TIMER}, tagged {@code method}
 * (the full method name, e.g. {@code kms4j.remote.v1.KeyManagement/Sign}) and {@code status}
 * (the gRPC status code name, e.g. {@code OK}, {@code PERMISSION_DENIED}, {@code INVALID_ARGUMENT}).
 * It wraps the services (inside the server's authentication layer), so it times what the services
 * answer, including refusals made before kms4j is called (bad input), which kms4j's operation
 * meters do not see. Tags are bounded by the methods served and the 17 status codes. Thread-safe.
 */
public final class GrpcCallMetrics implements ServerInterceptor {
    /** The timer's name. */
    public static final String CALL_TIMER = "kms4j.server.calls";

    private final MeterRegistry registry;

    public GrpcCallMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        long start = System.nanoTime();
        String method = call.getMethodDescriptor().getFullMethodName();
        ServerCall<Q, R> timed = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                Timer.builder(CALL_TIMER)
                        .description("gRPC calls answered by the kms4j server")
                        .tag("method", method)
                        .tag("status", status.getCode().name())
                        .register(registry)
                        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                super.close(status, trailers);
            }
        };
        return next.startCall(timed, headers);
    }
}
