package dev.kms4j.server;

import com.google.protobuf.ByteString;
import dev.kms4j.remote.protocol.v1.AuthenticateRequest;
import dev.kms4j.remote.protocol.v1.AuthenticationGrpc;
import dev.kms4j.remote.protocol.v1.KeyManagementGrpc;
import dev.kms4j.remote.protocol.v1.SignRequest;
import dev.kms4j.server.auth.AuthInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/** gRPC client helpers for the tests. */
final class Clients {
    private Clients() {
    }

    static ManagedChannel tls(int port, Path trustedCa, Path clientCert, Path clientKey) {
        try {
            SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(trustedCa.toFile()).protocols("TLSv1.3");
            if (clientCert != null) {
                ssl.keyManager(clientCert.toFile(), clientKey.toFile());
            }
            return NettyChannelBuilder.forAddress("localhost", port).sslContext(ssl.build()).build();
        } catch (SSLException e) {
            throw new AssertionError(e);
        }
    }

    static ManagedChannel plaintext(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    static String authenticate(ManagedChannel channel, String id, String secret) {
        return AuthenticationGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .authenticate(AuthenticateRequest.newBuilder().setClientId(id).setClientSecret(secret).build())
                .getAccessToken();
    }

    static KeyManagementGrpc.KeyManagementBlockingStub keys(ManagedChannel channel, String token) {
        KeyManagementGrpc.KeyManagementBlockingStub stub = KeyManagementGrpc.newBlockingStub(channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS);
        if (token == null) {
            return stub;
        }
        Metadata m = new Metadata();
        m.put(AuthInterceptor.AUTHORIZATION, "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
    }

    static SignRequest sign(String keyUri) {
        return SignRequest.newBuilder().setKeyUri(keyUri).setAlgorithm("ECDSA_SHA256")
                .setMessage(ByteString.copyFromUtf8("hello")).build();
    }

    static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
