package dev.kms4j.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.kms4j.Caller;
import dev.kms4j.KmsManager;
import dev.kms4j.KmsOperation;
import dev.kms4j.ProviderConfig;
import dev.kms4j.policy.KeyAccessPolicy;
import dev.kms4j.remote.protocol.ErrorMapping;
import dev.kms4j.remote.protocol.v1.BatchBytesResponse;
import dev.kms4j.remote.protocol.v1.BatchEncryptRequest;
import dev.kms4j.remote.protocol.v1.BatchKeyMetadataResponse;
import dev.kms4j.remote.protocol.v1.BatchKeysRequest;
import dev.kms4j.remote.protocol.v1.BatchSignRequest;
import dev.kms4j.remote.protocol.v1.BytesResult;
import dev.kms4j.remote.protocol.v1.CreateDataKeyRequest;
import dev.kms4j.remote.protocol.v1.CreateDataKeyResponse;
import dev.kms4j.remote.protocol.v1.CreateKeyRequest;
import dev.kms4j.remote.protocol.v1.DecryptRequest;
import dev.kms4j.remote.protocol.v1.DescribeProvidersResponse;
import dev.kms4j.remote.protocol.v1.Empty;
import dev.kms4j.remote.protocol.v1.EncryptRequest;
import dev.kms4j.remote.protocol.v1.KeyManagementGrpc;
import dev.kms4j.remote.protocol.v1.KeyMetadata;
import dev.kms4j.remote.protocol.v1.KeyRequest;
import dev.kms4j.remote.protocol.v1.ListKeysRequest;
import dev.kms4j.remote.protocol.v1.SetRotationPolicyRequest;
import dev.kms4j.remote.protocol.v1.SignRequest;
import dev.kms4j.remote.protocol.v1.UnwrapKeyRequest;
import dev.kms4j.server.internal.AuthenticatedCaller;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service over a manager with the local provider in memory and a key access policy that lets
 * only principal "alice" do anything. A test interceptor stands in for the authentication layer:
 * it takes the principal from the header "x-test-principal" (the real one verifies a token).
 */
class KeyManagementServiceTest {
    private static final Metadata.Key<String> PRINCIPAL = Metadata.Key.of("x-test-principal", Metadata.ASCII_STRING_MARSHALLER);

    private KmsManager kms;
    private Server server;
    private ManagedChannel channel;
    private KeyManagementGrpc.KeyManagementBlockingStub alice;
    private KeyManagementGrpc.KeyManagementBlockingStub anonymous;

    @BeforeEach
    void start() throws Exception {
        KeyAccessPolicy policy = KeyAccessPolicy.builder()
                .allow("principal:alice", EnumSet.allOf(KmsOperation.class), "**").build();
        kms = KmsManager.builder().enable("local", ProviderConfig.of(Map.of("path", ":memory:")))
                .decorate(policy.asDecorator()).build();
        String name = "kms-service-" + UUID.randomUUID();
        server = InProcessServerBuilder.forName(name)
                .addService(ServerInterceptors.intercept(new KeyManagementService(kms), new TestCallerInterceptor()))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        anonymous = KeyManagementGrpc.newBlockingStub(channel);
        Metadata headers = new Metadata();
        headers.put(PRINCIPAL, "alice");
        alice = anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        kms.close();
    }

    /** Test stand-in for the authentication interceptor: principal from a header, no verification. */
    private static final class TestCallerInterceptor implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            String principal = headers.get(PRINCIPAL);
            if (principal == null) {
                return next.startCall(call, headers);
            }
            Context context = Context.current().withValue(AuthenticatedCaller.KEY, Caller.of(principal));
            return Contexts.interceptCall(context, call, headers, next);
        }
    }

    private String newKey(String spec) {
        String uri = "local://svc-" + UUID.randomUUID();
        alice.createKey(CreateKeyRequest.newBuilder().setKeyUri(uri).setKeySpec(spec).build());
        return uri;
    }

    private static void assertFails(ThrowingCallable call, Status.Code status, String kmsCode) {
        assertThatThrownBy(call).isInstanceOf(StatusRuntimeException.class).satisfies(e -> {
            StatusRuntimeException s = (StatusRuntimeException) e;
            assertThat(s.getStatus().getCode()).isEqualTo(status);
            assertThat(s.getTrailers().get(ErrorMapping.ERROR_CODE_KEY)).isEqualTo(kmsCode);
        });
    }

    private static ByteString utf8(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    @Test
    void createKeyAnswersWithTheCanonicalUriSpecAndUsage() {
        String uri = "local://svc-" + UUID.randomUUID();

        KeyMetadata md = alice.createKey(CreateKeyRequest.newBuilder().setKeyUri(uri).setKeySpec("EC_P256")
                .putTags("team", "billing").build());

        assertThat(md.getKeyUri()).isEqualTo(uri);
        assertThat(md.getKeySpec()).isEqualTo("EC_P256");
        assertThat(md.getKeyUsage()).isEqualTo("SIGN_VERIFY");
        assertThat(md.getState()).isEqualTo("ENABLED");
        assertThat(md.getTagsMap()).containsEntry("team", "billing");
    }

    @Test
    void anEmptyKeyUriIsInvalidArgument() {
        assertFails(() -> alice.getKeyMetadata(KeyRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    }

    @Test
    void anUnknownKeySpecIsInvalidArgument() {
        assertFails(() -> alice.createKey(CreateKeyRequest.newBuilder().setKeyUri("local://k").setKeySpec("EC_P999").build()),
                Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    }

    @Test
    void anUnknownAlgorithmIsInvalidArgument() {
        String key = newKey("EC_P256");

        assertFails(() -> alice.sign(SignRequest.newBuilder().setKeyUri(key).setAlgorithm("ECDSA_MD5")
                .setMessage(utf8("m")).build()), Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    }

    @Test
    void anUnknownDataKeySpecIsInvalidArgument() {
        String kek = newKey("AES_256");

        assertFails(() -> alice.createDataKey(CreateDataKeyRequest.newBuilder().setKekUri(kek).setDekSpec("AES_512").build()),
                Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    }

    @Test
    void aMissingRotationPolicyIsInvalidArgument() {
        String key = newKey("AES_256");

        assertFails(() -> alice.setRotationPolicy(SetRotationPolicyRequest.newBuilder().setKeyUri(key).build()),
                Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    }

    @Test
    void aMissingWrappedKeyIsInvalidArgument() {
        assertFails(() -> alice.unwrapKey(UnwrapKeyRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    }

    @Test
    void aMissingKeyIsNotFoundWithItsTrailer() {
        assertFails(() -> alice.getKeyMetadata(KeyRequest.newBuilder().setKeyUri("local://nope-" + UUID.randomUUID()).build()),
                Status.Code.NOT_FOUND, "NOT_FOUND");
    }

    @Test
    void aTamperedCiphertextIsIntegrityInTheTrailer() {
        String key = newKey("AES_256");
        byte[] ct = alice.encrypt(EncryptRequest.newBuilder().setKeyUri(key).setPlaintext(utf8("x")).build())
                .getCiphertext().toByteArray();
        ct[ct.length - 1] ^= 1;

        assertFails(() -> alice.decrypt(DecryptRequest.newBuilder().setKeyUri(key).setCiphertext(ByteString.copyFrom(ct)).build()),
                Status.Code.INVALID_ARGUMENT, "INTEGRITY");
    }

    @Test
    void callsRunAsTheAuthenticatedCaller() {
        String key = newKey("AES_256");

        assertFails(() -> anonymous.getKeyMetadata(KeyRequest.newBuilder().setKeyUri(key).build()),
                Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
        assertThat(alice.getKeyMetadata(KeyRequest.newBuilder().setKeyUri(key).build()).getKeyUri()).isEqualTo(key);
    }

    @Test
    void batchItemsOnHelperThreadsRunAsTheAuthenticatedCaller() {
        String key = newKey("AES_256");
        BatchEncryptRequest.Builder request = BatchEncryptRequest.newBuilder().setKeyUri(key);
        for (int i = 0; i < 64; i++) {
            request.addPlaintexts(utf8("item " + i));
        }

        BatchBytesResponse answer = alice.batchEncrypt(request.build());

        assertThat(answer.getResultsList()).hasSize(64).allSatisfy(r -> assertThat(r.hasValue()).isTrue());
    }

    @Test
    void oneBadItemFailsOnlyItself() {
        String key = newKey("AES_256");

        BatchKeyMetadataResponse answer = alice.batchGetKeyMetadata(BatchKeysRequest.newBuilder()
                .addKeyUris(key).addKeyUris("").addKeyUris("local://nope-" + UUID.randomUUID()).build());

        assertThat(answer.getResults(0).hasMetadata()).isTrue();
        assertThat(answer.getResults(1).getError().getCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(answer.getResults(2).getError().getCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void batchSignAnswersInInputOrder() {
        String key = newKey("ED25519");

        BatchBytesResponse answer = alice.batchSign(BatchSignRequest.newBuilder().setKeyUri(key).setAlgorithm("ED25519")
                .addMessages(utf8("a")).addMessages(utf8("b")).build());

        assertThat(answer.getResultsList()).extracting(BytesResult::hasValue).containsExactly(true, true);
        assertThat(answer.getResults(0).getValue()).isNotEqualTo(answer.getResults(1).getValue());
    }

    @Test
    void dataKeysComeWithTheirWrappedFormNamingTheExactKekVersion() {
        String kek = newKey("AES_256");

        CreateDataKeyResponse dek = alice.createDataKey(CreateDataKeyRequest.newBuilder().setKekUri(kek).setDekSpec("AES_256").build());

        assertThat(dek.getPlaintext().size()).isEqualTo(32);
        assertThat(dek.getWrapped().getKekUri()).startsWith(kek + "#");
        assertThat(alice.unwrapKey(UnwrapKeyRequest.newBuilder().setWrapped(dek.getWrapped()).build()).getPlaintext())
                .isEqualTo(dek.getPlaintext());
    }

    @Test
    void describeProvidersListsEachSchemeWithItsCapabilities() {
        DescribeProvidersResponse answer = anonymous.describeProviders(Empty.getDefaultInstance());

        assertThat(answer.getProvidersList()).hasSize(1);
        assertThat(answer.getProviders(0).getScheme()).isEqualTo("local");
        assertThat(answer.getProviders(0).getCapabilitiesList()).contains("CREATE", "ENCRYPT", "SIGN");
    }

    @Test
    void healthReportsEveryProvider() {
        assertThat(anonymous.checkHealth(Empty.getDefaultInstance()).getProvidersList())
                .extracting(p -> p.getScheme()).containsExactly("local");
    }

    @Test
    void listingWithAnEmptyScopeCoversEveryProvider() {
        String key = newKey("AES_256");

        assertThat(alice.listKeys(ListKeysRequest.getDefaultInstance()).getKeyUrisList()).contains(key);
        assertThat(alice.listKeys(ListKeysRequest.newBuilder().setScope("local").build()).getKeyUrisList()).contains(key);
    }

    @Test
    void anUnexpectedFailureIsInternalWithAGenericMessage() {
        kms.close(); // the manager now throws IllegalStateException, which is no KmsException

        assertThatThrownBy(() -> alice.getKeyMetadata(KeyRequest.newBuilder().setKeyUri("local://k").build()))
                .isInstanceOf(StatusRuntimeException.class).satisfies(e -> {
                    StatusRuntimeException s = (StatusRuntimeException) e;
                    assertThat(s.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(s.getStatus().getDescription()).isEqualTo("GetKeyMetadata failed on the server (internal error)");
                    assertThat(s.getTrailers().get(ErrorMapping.ERROR_CODE_KEY)).isEqualTo("INTERNAL");
                });
    }

    @Test
    void anUnexpectedFailureIsLoggedAtWarnWithTheOperationAndClassOnly() {
        ch.qos.logback.classic.Logger log =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(KeyManagementService.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            kms.close();
            assertThatThrownBy(() -> alice.getKeyMetadata(KeyRequest.newBuilder().setKeyUri("local://k").build()))
                    .isInstanceOf(StatusRuntimeException.class);
        } finally {
            log.detachAppender(appender);
        }

        assertThat(appender.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(e.getFormattedMessage()).isEqualTo("GetKeyMetadata failed unexpectedly (java.lang.IllegalStateException)");
            assertThat(e.getThrowableProxy()).isNull();
        });
    }
}
