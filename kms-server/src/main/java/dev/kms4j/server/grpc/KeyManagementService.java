package dev.kms4j.server.grpc;

import com.google.protobuf.ByteString;
import dev.kms4j.BatchResult;
import dev.kms4j.Caller;
import dev.kms4j.CallerContext;
import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeyState;
import dev.kms4j.KmsBatch;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.PublicKeys;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.remote.protocol.ErrorMapping;
import dev.kms4j.remote.protocol.Names;
import dev.kms4j.remote.protocol.ValueMapping;
import dev.kms4j.remote.protocol.v1.BatchBytesResponse;
import dev.kms4j.remote.protocol.v1.BatchDecryptRequest;
import dev.kms4j.remote.protocol.v1.BatchEncryptRequest;
import dev.kms4j.remote.protocol.v1.BatchKeyMetadataResponse;
import dev.kms4j.remote.protocol.v1.BatchKeysRequest;
import dev.kms4j.remote.protocol.v1.BatchPublicKeysResponse;
import dev.kms4j.remote.protocol.v1.BatchSignRequest;
import dev.kms4j.remote.protocol.v1.BytesResult;
import dev.kms4j.remote.protocol.v1.CreateDataKeyRequest;
import dev.kms4j.remote.protocol.v1.CreateDataKeyResponse;
import dev.kms4j.remote.protocol.v1.CreateKeyRequest;
import dev.kms4j.remote.protocol.v1.DecryptRequest;
import dev.kms4j.remote.protocol.v1.DecryptResponse;
import dev.kms4j.remote.protocol.v1.DescribeProvidersResponse;
import dev.kms4j.remote.protocol.v1.Empty;
import dev.kms4j.remote.protocol.v1.EncryptRequest;
import dev.kms4j.remote.protocol.v1.EncryptResponse;
import dev.kms4j.remote.protocol.v1.HealthResponse;
import dev.kms4j.remote.protocol.v1.KeyManagementGrpc;
import dev.kms4j.remote.protocol.v1.KeyMetadata;
import dev.kms4j.remote.protocol.v1.KeyMetadataResult;
import dev.kms4j.remote.protocol.v1.KeyReference;
import dev.kms4j.remote.protocol.v1.KeyRequest;
import dev.kms4j.remote.protocol.v1.ListKeysRequest;
import dev.kms4j.remote.protocol.v1.ListKeysResponse;
import dev.kms4j.remote.protocol.v1.ProviderDescription;
import dev.kms4j.remote.protocol.v1.PublicKeyResponse;
import dev.kms4j.remote.protocol.v1.PublicKeyResult;
import dev.kms4j.remote.protocol.v1.RotationPolicy;
import dev.kms4j.remote.protocol.v1.ScheduleKeyDeletionRequest;
import dev.kms4j.remote.protocol.v1.ScheduleKeyDeletionResponse;
import dev.kms4j.remote.protocol.v1.SetRotationPolicyRequest;
import dev.kms4j.remote.protocol.v1.SignRequest;
import dev.kms4j.remote.protocol.v1.SignResponse;
import dev.kms4j.remote.protocol.v1.UnwrapKeyRequest;
import dev.kms4j.remote.protocol.v1.UnwrapKeyResponse;
import dev.kms4j.remote.protocol.v1.VerifyRequest;
import dev.kms4j.remote.protocol.v1.VerifyResponse;
import dev.kms4j.remote.protocol.v1.WrapKeyRequest;
import dev.kms4j.remote.protocol.v1.WrapKeyResponse;
import dev.kms4j.server.internal.AuthenticatedCaller;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC service {@code kms4j.remote.v1.KeyManagement} over a {@link KmsManager}: every RPC is
 * the manager call of the same name, so the manager's decorators (key access policy, audit,
 * cache, resilience, metrics) apply to remote calls exactly as to local ones.
 *
 * <ul>
 *   <li><b>Caller.</b> When the authentication layer put a verified caller into
 *       {@link AuthenticatedCaller#KEY}, the call runs inside {@link CallerContext#open(Caller)}
 *       (batch items on helper threads too), so policy and audit see who asked. Without one
 *       (authentication off) calls are anonymous.</li>
 *   <li><b>Keys</b> are named by the server's own URIs ({@code local://payments#2}). An empty or
 *       malformed URI, an unknown key spec, usage, algorithm or data key spec, a missing
 *       wrapped key or rotation policy is {@code INVALID_ARGUMENT} before any manager call.</li>
 *   <li><b>Errors</b> leave through {@link ErrorMapping}: the gRPC status, and the exact
 *       {@link KmsErrorCode} in the {@code kms4j-error-code} trailer. Anything that is not a
 *       {@link KmsException} is logged at WARN (operation and exception class only) and sent as
 *       {@code INTERNAL} with a generic message.</li>
 *   <li><b>CreateKey</b> answers with the key's canonical URI, spec, usage, state, description and
 *       tags, without a second (audited) metadata call; {@code GetKeyMetadata} has the rest.</li>
 *   <li><b>ListKeys</b> with an empty scope lists every provider that can list, in scheme order,
 *       leaving out those the caller may not list.</li>
 *   <li><b>Batches</b> run through {@link KmsManager#batch()}; one result per item, in order.</li>
 * </ul>
 *
 * <p><b>Secrets:</b> plaintexts, data keys and key bytes in requests and answers. The
 * {@code byte[]} copies this class makes are zeroed once used; the protobuf {@code ByteString}s
 * are immutable and left to the garbage collector. Nothing secret is logged.
 *
 * <p>Thread-safe: gRPC calls it from many threads at once.
 */
public final class KeyManagementService extends KeyManagementGrpc.KeyManagementImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(KeyManagementService.class);

    private final KmsManager kms;
    private final Executor batchExecutor;

    /** A service over {@code kms}, which stays the caller's to close; batch helpers run on a pool of its own. */
    public KeyManagementService(KmsManager kms) {
        this(kms, BatchPool.create());
    }

    /**
     * A service over {@code kms} whose batch helpers run on {@code batchExecutor} (which stays
     * the caller's). {@code KmsBatch} carries the caller context to the helpers.
     */
    public KeyManagementService(KmsManager kms, Executor batchExecutor) {
        this.kms = Objects.requireNonNull(kms, "kms");
        this.batchExecutor = Objects.requireNonNull(batchExecutor, "batchExecutor");
    }

    // ---- key lifecycle ---------------------------------------------------------------------------

    @Override
    public void createKey(CreateKeyRequest request, StreamObserver<KeyMetadata> out) {
        respond(out, "CreateKey", () -> {
            KeyRef ref = keyRef(request.getKeyUri(), "key_uri");
            CreateKeyOptions options = ValueMapping.createKeyOptions(request);
            KeyRef created = kms.createKey(ref, options);
            dev.kms4j.KeyMetadata.Builder md = dev.kms4j.KeyMetadata.builder(created)
                    .spec(options.spec()).usage(options.usage()).state(KeyState.ENABLED)
                    .tags(options.tags());
            options.description().ifPresent(md::description);
            return ValueMapping.toProto(md.build(), KeyRef::toUri);
        });
    }

    @Override
    public void listKeys(ListKeysRequest request, StreamObserver<ListKeysResponse> out) {
        respond(out, "ListKeys", () -> {
            List<KeyRef> keys = request.getScope().isEmpty() ? listEverywhere() : kms.listKeys(request.getScope());
            ListKeysResponse.Builder b = ListKeysResponse.newBuilder();
            keys.forEach(k -> b.addKeyUris(k.toUri()));
            return b.build();
        });
    }

    /** Every listable provider's keys; a provider the caller may not list is left out, not an error. */
    private List<KeyRef> listEverywhere() {
        List<KeyRef> all = new ArrayList<>();
        for (String scheme : kms.schemes()) {
            if (!kms.capabilities(scheme).contains(Capability.LIST)) {
                continue;
            }
            try {
                all.addAll(kms.listKeys(scheme + "://"));
            } catch (KmsException e) {
                if (e.code() != KmsErrorCode.PERMISSION_DENIED) {
                    throw e;
                }
            }
        }
        return all;
    }

    @Override
    public void getKeyMetadata(KeyRequest request, StreamObserver<KeyMetadata> out) {
        respond(out, "GetKeyMetadata",
                () -> ValueMapping.toProto(kms.metadata(keyRef(request.getKeyUri(), "key_uri")), KeyRef::toUri));
    }

    @Override
    public void rotateKey(KeyRequest request, StreamObserver<KeyReference> out) {
        respond(out, "RotateKey", () -> KeyReference.newBuilder()
                .setKeyUri(kms.rotate(keyRef(request.getKeyUri(), "key_uri")).toUri()).build());
    }

    @Override
    public void getRotationPolicy(KeyRequest request, StreamObserver<RotationPolicy> out) {
        respond(out, "GetRotationPolicy",
                () -> ValueMapping.toProto(kms.rotationPolicy(keyRef(request.getKeyUri(), "key_uri"))));
    }

    @Override
    public void setRotationPolicy(SetRotationPolicyRequest request, StreamObserver<Empty> out) {
        respond(out, "SetRotationPolicy", () -> {
            KeyRef ref = keyRef(request.getKeyUri(), "key_uri");
            if (!request.hasPolicy()) {
                throw invalid("policy is missing");
            }
            kms.setRotationPolicy(ref, ValueMapping.rotationPolicy(request.getPolicy()));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void disableKey(KeyRequest request, StreamObserver<Empty> out) {
        respond(out, "DisableKey", () -> {
            kms.disable(keyRef(request.getKeyUri(), "key_uri"));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void enableKey(KeyRequest request, StreamObserver<Empty> out) {
        respond(out, "EnableKey", () -> {
            kms.enable(keyRef(request.getKeyUri(), "key_uri"));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void scheduleKeyDeletion(ScheduleKeyDeletionRequest request, StreamObserver<ScheduleKeyDeletionResponse> out) {
        respond(out, "ScheduleKeyDeletion", () -> {
            KeyRef ref = keyRef(request.getKeyUri(), "key_uri");
            if (request.getPendingWindowSeconds() < 0) {
                throw invalid("pending_window_seconds must not be negative");
            }
            return ScheduleKeyDeletionResponse.newBuilder()
                    .setDeletionAtEpochMillis(ValueMapping.millis(
                            kms.scheduleDeletion(ref, Duration.ofSeconds(request.getPendingWindowSeconds()))))
                    .build();
        });
    }

    @Override
    public void cancelKeyDeletion(KeyRequest request, StreamObserver<Empty> out) {
        respond(out, "CancelKeyDeletion", () -> {
            kms.cancelDeletion(keyRef(request.getKeyUri(), "key_uri"));
            return Empty.getDefaultInstance();
        });
    }

    // ---- asymmetric and HMAC keys ----------------------------------------------------------------

    @Override
    public void sign(SignRequest request, StreamObserver<SignResponse> out) {
        respond(out, "Sign", () -> {
            KeyRef ref = keyRef(request.getKeyUri(), "key_uri");
            SignatureAlgorithm algorithm = Names.signatureAlgorithm(request.getAlgorithm());
            byte[] signature = kms.sign(ref, algorithm, request.getMessage().toByteArray());
            return SignResponse.newBuilder().setSignature(ByteString.copyFrom(signature)).setKeyUri(ref.toUri()).build();
        });
    }

    @Override
    public void verify(VerifyRequest request, StreamObserver<VerifyResponse> out) {
        respond(out, "Verify", () -> {
            KeyRef ref = keyRef(request.getKeyUri(), "key_uri");
            SignatureAlgorithm algorithm = Names.signatureAlgorithm(request.getAlgorithm());
            boolean valid = kms.verify(ref, algorithm, request.getMessage().toByteArray(),
                    request.getSignature().toByteArray());
            return VerifyResponse.newBuilder().setValid(valid).build();
        });
    }

    @Override
    public void getPublicKey(KeyRequest request, StreamObserver<PublicKeyResponse> out) {
        respond(out, "GetPublicKey", () -> {
            KeyRef ref = keyRef(request.getKeyUri(), "key_uri");
            return publicKey(ref);
        });
    }

    private PublicKeyResponse publicKey(KeyRef ref) {
        return PublicKeyResponse.newBuilder()
                .setDer(ByteString.copyFrom(PublicKeys.toDer(kms.getPublicKey(ref))))
                .setKeyUri(ref.toUri())
                .build();
    }

    // ---- symmetric keys --------------------------------------------------------------------------

    @Override
    public void encrypt(EncryptRequest request, StreamObserver<EncryptResponse> out) {
        respond(out, "Encrypt", () -> {
            KeyRef ref = keyRef(request.getKeyUri(), "key_uri");
            EncryptionContext context = ValueMapping.encryptionContext(request.getContextMap());
            byte[] plaintext = request.getPlaintext().toByteArray();
            try {
                return EncryptResponse.newBuilder()
                        .setCiphertext(ByteString.copyFrom(kms.encrypt(ref, plaintext, context))).build();
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        });
    }

    @Override
    public void decrypt(DecryptRequest request, StreamObserver<DecryptResponse> out) {
        respond(out, "Decrypt", () -> {
            KeyRef ref = keyRef(request.getKeyUri(), "key_uri");
            EncryptionContext context = ValueMapping.encryptionContext(request.getContextMap());
            byte[] plaintext = kms.decrypt(ref, request.getCiphertext().toByteArray(), context);
            try {
                return DecryptResponse.newBuilder().setPlaintext(ByteString.copyFrom(plaintext)).build();
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        });
    }

    @Override
    public void createDataKey(CreateDataKeyRequest request, StreamObserver<CreateDataKeyResponse> out) {
        respond(out, "CreateDataKey", () -> {
            KeyRef kek = keyRef(request.getKekUri(), "kek_uri");
            dev.kms4j.DekSpec spec = Names.dekSpec(request.getDekSpec());
            EncryptionContext context = ValueMapping.encryptionContext(request.getContextMap());
            try (DataKey dek = kms.createDek(kek, spec, context)) {
                byte[] plaintext = dek.copyPlaintext();
                try {
                    return CreateDataKeyResponse.newBuilder()
                            .setPlaintext(ByteString.copyFrom(plaintext))
                            .setWrapped(ValueMapping.toProto(dek.wrapped(), KeyRef::toUri))
                            .build();
                } finally {
                    Arrays.fill(plaintext, (byte) 0);
                }
            }
        });
    }

    @Override
    public void wrapKey(WrapKeyRequest request, StreamObserver<WrapKeyResponse> out) {
        respond(out, "WrapKey", () -> {
            KeyRef kek = keyRef(request.getKekUri(), "kek_uri");
            EncryptionContext context = ValueMapping.encryptionContext(request.getContextMap());
            byte[] key = request.getKey().toByteArray();
            try {
                WrappedKey wrapped = kms.wrap(kek, key, context);
                return WrapKeyResponse.newBuilder().setWrapped(ValueMapping.toProto(wrapped, KeyRef::toUri)).build();
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        });
    }

    @Override
    public void unwrapKey(UnwrapKeyRequest request, StreamObserver<UnwrapKeyResponse> out) {
        respond(out, "UnwrapKey", () -> {
            if (!request.hasWrapped()) {
                throw invalid("wrapped is missing");
            }
            WrappedKey wrapped = ValueMapping.wrappedKey(request.getWrapped(), uri -> keyRef(uri, "wrapped.kek_uri"));
            EncryptionContext context = ValueMapping.encryptionContext(request.getContextMap());
            try (DataKey key = kms.unwrap(wrapped, context)) {
                byte[] plaintext = key.copyPlaintext();
                try {
                    return UnwrapKeyResponse.newBuilder().setPlaintext(ByteString.copyFrom(plaintext)).build();
                } finally {
                    Arrays.fill(plaintext, (byte) 0);
                }
            }
        });
    }

    // ---- batches ---------------------------------------------------------------------------------

    private KmsBatch batch() {
        return kms.batch().withExecutor(batchExecutor);
    }

    @Override
    public void batchGetPublicKeys(BatchKeysRequest request, StreamObserver<BatchPublicKeysResponse> out) {
        respond(out, "BatchGetPublicKeys", () -> {
            // Each URI is read inside its item, so one malformed URI fails only its own item.
            List<BatchResult<PublicKeyResponse>> results =
                    batch().each(request.getKeyUrisList(), uri -> publicKey(keyRef(uri, "key_uris")));
            BatchPublicKeysResponse.Builder b = BatchPublicKeysResponse.newBuilder();
            for (BatchResult<PublicKeyResponse> r : results) {
                b.addResults(r.isOk()
                        ? PublicKeyResult.newBuilder().setPublicKey(r.value())
                        : PublicKeyResult.newBuilder().setError(ErrorMapping.toError(r.error().get())));
            }
            return b.build();
        });
    }

    @Override
    public void batchGetKeyMetadata(BatchKeysRequest request, StreamObserver<BatchKeyMetadataResponse> out) {
        respond(out, "BatchGetKeyMetadata", () -> {
            List<BatchResult<KeyMetadata>> results = batch().each(request.getKeyUrisList(),
                    uri -> ValueMapping.toProto(kms.metadata(keyRef(uri, "key_uris")), KeyRef::toUri));
            BatchKeyMetadataResponse.Builder b = BatchKeyMetadataResponse.newBuilder();
            for (BatchResult<KeyMetadata> r : results) {
                b.addResults(r.isOk()
                        ? KeyMetadataResult.newBuilder().setMetadata(r.value())
                        : KeyMetadataResult.newBuilder().setError(ErrorMapping.toError(r.error().get())));
            }
            return b.build();
        });
    }

    @Override
    public void batchEncrypt(BatchEncryptRequest request, StreamObserver<BatchBytesResponse> out) {
        respond(out, "BatchEncrypt", () -> {
            KeyRef ref = keyRef(request.getKeyUri(), "key_uri");
            EncryptionContext context = ValueMapping.encryptionContext(request.getContextMap());
            List<byte[]> plaintexts = copies(request.getPlaintextsList());
            try {
                return bytesResponse(batch().encrypt(ref, plaintexts, context), false);
            } finally {
                plaintexts.forEach(p -> Arrays.fill(p, (byte) 0));
            }
        });
    }

    @Override
    public void batchDecrypt(BatchDecryptRequest request, StreamObserver<BatchBytesResponse> out) {
        respond(out, "BatchDecrypt", () -> {
            KeyRef ref = keyRef(request.getKeyUri(), "key_uri");
            EncryptionContext context = ValueMapping.encryptionContext(request.getContextMap());
            return bytesResponse(batch().decrypt(ref, copies(request.getCiphertextsList()), context), true);
        });
    }

    @Override
    public void batchSign(BatchSignRequest request, StreamObserver<BatchBytesResponse> out) {
        respond(out, "BatchSign", () -> {
            KeyRef ref = keyRef(request.getKeyUri(), "key_uri");
            SignatureAlgorithm algorithm = Names.signatureAlgorithm(request.getAlgorithm());
            return bytesResponse(batch().sign(ref, algorithm, copies(request.getMessagesList())), false);
        });
    }

    private static List<byte[]> copies(List<ByteString> values) {
        List<byte[]> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(v.toByteArray()));
        return out;
    }

    /** One result per item; with {@code secret}, the values (plaintexts) are zeroed once copied. */
    private static BatchBytesResponse bytesResponse(List<BatchResult<byte[]>> results, boolean secret) {
        BatchBytesResponse.Builder b = BatchBytesResponse.newBuilder();
        for (BatchResult<byte[]> r : results) {
            if (r.isOk()) {
                byte[] value = r.value();
                b.addResults(BytesResult.newBuilder().setValue(ByteString.copyFrom(value)));
                if (secret) {
                    Arrays.fill(value, (byte) 0);
                }
            } else {
                b.addResults(BytesResult.newBuilder().setError(ErrorMapping.toError(r.error().get())));
            }
        }
        return b.build();
    }

    // ---- providers and health --------------------------------------------------------------------

    @Override
    public void describeProviders(Empty request, StreamObserver<DescribeProvidersResponse> out) {
        respond(out, "DescribeProviders", () -> {
            DescribeProvidersResponse.Builder b = DescribeProvidersResponse.newBuilder();
            for (String scheme : kms.schemes()) {
                b.addProviders(ProviderDescription.newBuilder()
                        .setScheme(scheme)
                        .addAllCapabilities(Names.capabilityNames(kms.capabilities(scheme))));
            }
            return b.build();
        });
    }

    @Override
    public void checkHealth(Empty request, StreamObserver<HealthResponse> out) {
        respond(out, "CheckHealth", () -> ValueMapping.toProto(kms.health()));
    }

    // ---- plumbing --------------------------------------------------------------------------------

    /**
     * Runs {@code body} as the authenticated caller and sends its answer, or its failure through
     * {@link ErrorMapping}.
     */
    private static <T> void respond(StreamObserver<T> out, String operation, Supplier<T> body) {
        T answer;
        Caller caller = AuthenticatedCaller.KEY.get();
        try (CallerContext.Scope scope = caller == null ? null : CallerContext.open(caller)) {
            answer = body.get();
        } catch (KmsException e) {
            out.onError(ErrorMapping.toStatusException(e));
            return;
        } catch (RuntimeException e) {
            // Only the class: an unexpected exception's message may quote anything.
            LOG.warn("{} failed unexpectedly ({})", operation, e.getClass().getName());
            out.onError(ErrorMapping.toStatusException(new KmsException(KmsErrorCode.INTERNAL,
                    operation + " failed on the server (internal error)")));
            return;
        }
        out.onNext(answer);
        out.onCompleted();
    }

    private static KeyRef keyRef(String uri, String field) {
        if (uri == null || uri.isEmpty()) {
            throw invalid(field + " is missing");
        }
        return KeyRef.parse(uri);
    }

    private static KmsException invalid(String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
    }

    @Override
    public String toString() {
        return "KeyManagementService[" + kms + "]";
    }
}
