package dev.kms4j.server;

import com.google.protobuf.ByteString;
import dev.kms4j.Caller;
import dev.kms4j.CallerContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.remote.protocol.v1.Empty;
import dev.kms4j.remote.protocol.v1.HealthResponse;
import dev.kms4j.remote.protocol.v1.KeyManagementGrpc;
import dev.kms4j.remote.protocol.v1.SignRequest;
import dev.kms4j.remote.protocol.v1.SignResponse;
import dev.kms4j.server.auth.GrpcErrors;
import dev.kms4j.server.internal.AuthenticatedCaller;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tiny stand-in for the KeyManagement service (owned by another engineer): {@code Sign} runs
 * kms.sign as the authenticated caller, and {@code CheckHealth} answers with the caller's principal,
 * optionally blocking until released (for the graceful-shutdown test).
 */
final class SignTestService extends KeyManagementGrpc.KeyManagementImplBase {
    final KmsManager kms;
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch release;

    SignTestService(KmsManager kms) {
        this.kms = kms;
    }

    @Override
    public void sign(SignRequest request, StreamObserver<SignResponse> responses) {
        Caller caller = AuthenticatedCaller.KEY.get();
        try (CallerContext.Scope s = caller == null ? null : CallerContext.open(caller)) {
            byte[] sig = kms.sign(KeyRef.parse(request.getKeyUri()), SignatureAlgorithm.valueOf(request.getAlgorithm()),
                    request.getMessage().toByteArray());
            responses.onNext(SignResponse.newBuilder().setSignature(ByteString.copyFrom(sig))
                    .setKeyUri(request.getKeyUri()).build());
            responses.onCompleted();
        } catch (KmsException e) {
            Status status = e.code().name().equals("PERMISSION_DENIED") ? Status.PERMISSION_DENIED : Status.INTERNAL;
            responses.onError(status.withDescription(e.code().name()).asRuntimeException(GrpcErrors.trailers(e.code().name())));
        }
    }

    @Override
    public void checkHealth(Empty request, StreamObserver<HealthResponse> responses) {
        entered.countDown();
        CountDownLatch r = release;
        if (r != null) {
            try {
                r.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Caller caller = AuthenticatedCaller.KEY.get();
        responses.onNext(HealthResponse.newBuilder().setStatus(caller == null ? "anonymous" : caller.principal()).build());
        responses.onCompleted();
    }
}
