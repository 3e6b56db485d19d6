package dev.kms4j.remote.internal;

import com.google.protobuf.ByteString;
import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.HealthReport;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderHealth;
import dev.kms4j.PublicKeys;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.remote.protocol.ErrorMapping;
import dev.kms4j.remote.protocol.Names;
import dev.kms4j.remote.protocol.ValueMapping;
import dev.kms4j.remote.protocol.v1.CreateDataKeyRequest;
import dev.kms4j.remote.protocol.v1.CreateDataKeyResponse;
import dev.kms4j.remote.protocol.v1.DecryptRequest;
import dev.kms4j.remote.protocol.v1.DescribeProvidersResponse;
import dev.kms4j.remote.protocol.v1.Empty;
import dev.kms4j.remote.protocol.v1.EncryptRequest;
import dev.kms4j.remote.protocol.v1.KeyManagementGrpc;
import dev.kms4j.remote.protocol.v1.KeyRequest;
import dev.kms4j.remote.protocol.v1.ListKeysRequest;
import dev.kms4j.remote.protocol.v1.ProviderDescription;
import dev.kms4j.remote.protocol.v1.ScheduleKeyDeletionRequest;
import dev.kms4j.remote.protocol.v1.SetRotationPolicyRequest;
import dev.kms4j.remote.protocol.v1.SignRequest;
import dev.kms4j.remote.protocol.v1.UnwrapKeyRequest;
import dev.kms4j.remote.protocol.v1.VerifyRequest;
import dev.kms4j.remote.protocol.v1.WrapKeyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The remote provider (scheme {@code kms4j}): every operation is one call to a kms4j server's
 * {@code KeyManagement} service, on the server's key named by {@link RemoteKeyIds}
 * ({@code kms4j://local/payments#2} is the server's {@code local://payments#2}); every key
 * reference in an answer is mapped back the same way.
 *
 * <ul>
 *   <li><b>Errors</b> come back with the {@link KmsErrorCode} the server produced (see
 *       {@link ErrorMapping}); a call past its deadline is {@code TIMEOUT}, an unreachable server
 *       {@code UNAVAILABLE}. gRPC does not retry; kms4j's resilience layer may.</li>
 *   <li><b>Authentication</b>, when client credentials are set: a bearer token from
 *       {@link TokenSource}, renewed before it expires; a call the server refuses with
 *       {@code UNAUTHENTICATED} is repeated once with a fresh token (the server refused it before
 *       doing anything, so repeating it is safe).</li>
 *   <li><b>Capabilities</b>: those of the server's providers together, from
 *       {@code DescribeProviders}, asked on first use and kept until {@link #clearCache()}. While
 *       the server cannot be asked, every capability is assumed, so the operation itself reports
 *       what is wrong (the server still refuses what its providers cannot do).</li>
 *   <li><b>Health</b>: the server's own report ({@code CheckHealth}), summed up as one status.</li>
 * </ul>
 *
 * <p><strong>Secret:</strong> plaintexts, data keys and key bytes pass through; the {@code byte[]}
 * copies this class makes are zeroed, protobuf's immutable {@code ByteString}s are not. Nothing
 * secret is logged or shown. Thread-safe.
 */
public final class RemoteKmsProvider implements dev.kms4j.spi.KmsProvider {
    private static final Set<Capability> ALL = Collections.unmodifiableSet(EnumSet.allOf(Capability.class));

    private final RemoteChannel channel;
    private final KeyManagementGrpc.KeyManagementBlockingStub stub;
    private final TokenSource tokens;
    private final Duration timeout;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Set<Capability> capabilities;

    /**
     * A provider over {@code channel}, which it now owns and closes.
     *
     * @param tokens the token source, or null when the server runs without authentication
     */
    public RemoteKmsProvider(RemoteChannel channel, TokenSource tokens, Duration timeout, String description) {
        this.channel = channel;
        this.stub = KeyManagementGrpc.newBlockingStub(channel.channel());
        this.tokens = tokens;
        this.timeout = timeout;
        this.description = description;
    }

    @Override
    public String scheme() {
        return RemoteKeyIds.SCHEME;
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> known = capabilities;
        if (known != null) {
            return known;
        }
        try {
            DescribeProvidersResponse answer = call(s -> s.describeProviders(Empty.getDefaultInstance()));
            Set<Capability> union = EnumSet.noneOf(Capability.class);
            for (ProviderDescription p : answer.getProvidersList()) {
                union.addAll(Names.capabilities(p.getCapabilitiesList()));
            }
            capabilities = Collections.unmodifiableSet(union);
            return capabilities;
        } catch (KmsException e) {
            return ALL; // not cached: ask again next time
        }
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        String uri = RemoteKeyIds.toServerUri(ref);
        return metadataFrom(call(s -> s.createKey(ValueMapping.toProto(uri, options))));
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        String serverScope = RemoteKeyIds.toServerScope(scope);
        List<String> uris = call(s -> s.listKeys(ListKeysRequest.newBuilder().setScope(serverScope).build()))
                .getKeyUrisList();
        List<KeyRef> out = new ArrayList<>(uris.size());
        for (String uri : uris) {
            out.add(answerRef(uri));
        }
        return out;
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        KeyRequest request = keyRequest(ref);
        return metadataFrom(call(s -> s.getKeyMetadata(request)));
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        KeyRequest request = keyRequest(ref);
        return answerRef(call(s -> s.rotateKey(request)).getKeyUri());
    }

    @Override
    public RotationPolicy rotationPolicy(KeyRef ref) {
        KeyRequest request = keyRequest(ref);
        dev.kms4j.remote.protocol.v1.RotationPolicy answer = call(s -> s.getRotationPolicy(request));
        try {
            return ValueMapping.rotationPolicy(answer);
        } catch (KmsException e) {
            throw malformed("rotation policy");
        }
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        SetRotationPolicyRequest request = SetRotationPolicyRequest.newBuilder()
                .setKeyUri(RemoteKeyIds.toServerUri(ref)).setPolicy(ValueMapping.toProto(policy)).build();
        call(s -> s.setRotationPolicy(request));
    }

    @Override
    public void disable(KeyRef ref) {
        KeyRequest request = keyRequest(ref);
        call(s -> s.disableKey(request));
    }

    @Override
    public void enable(KeyRef ref) {
        KeyRequest request = keyRequest(ref);
        call(s -> s.enableKey(request));
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        ScheduleKeyDeletionRequest request = ScheduleKeyDeletionRequest.newBuilder()
                .setKeyUri(RemoteKeyIds.toServerUri(ref)).setPendingWindowSeconds(wholeSeconds(pendingWindow)).build();
        Instant at = ValueMapping.instant(call(s -> s.scheduleKeyDeletion(request)).getDeletionAtEpochMillis());
        if (at == null) {
            throw malformed("deletion time");
        }
        return at;
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        KeyRequest request = keyRequest(ref);
        call(s -> s.cancelKeyDeletion(request));
    }

    // ---- asymmetric and HMAC keys ---------------------------------------------------------------

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        SignRequest request = SignRequest.newBuilder().setKeyUri(RemoteKeyIds.toServerUri(ref))
                .setAlgorithm(algorithm.name()).setMessage(ByteString.copyFrom(message)).build();
        return call(s -> s.sign(request)).getSignature().toByteArray();
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        VerifyRequest request = VerifyRequest.newBuilder().setKeyUri(RemoteKeyIds.toServerUri(ref))
                .setAlgorithm(algorithm.name()).setMessage(ByteString.copyFrom(message))
                .setSignature(ByteString.copyFrom(signature)).build();
        return call(s -> s.verify(request)).getValid();
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        KeyRequest request = keyRequest(ref);
        byte[] der = call(s -> s.getPublicKey(request)).getDer().toByteArray();
        try {
            return PublicKeys.fromDer(der);
        } catch (KmsException e) {
            throw malformed("public key");
        }
    }

    // ---- symmetric keys -------------------------------------------------------------------------

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        EncryptRequest request = EncryptRequest.newBuilder().setKeyUri(RemoteKeyIds.toServerUri(ref))
                .setPlaintext(ByteString.copyFrom(plaintext)).putAllContext(context.asMap()).build();
        return call(s -> s.encrypt(request)).getCiphertext().toByteArray();
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        DecryptRequest request = DecryptRequest.newBuilder().setKeyUri(RemoteKeyIds.toServerUri(ref))
                .setCiphertext(ByteString.copyFrom(ciphertext)).putAllContext(context.asMap()).build();
        return call(s -> s.decrypt(request)).getPlaintext().toByteArray();
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        CreateDataKeyRequest request = CreateDataKeyRequest.newBuilder().setKekUri(RemoteKeyIds.toServerUri(kek))
                .setDekSpec(spec.name()).putAllContext(context.asMap()).build();
        CreateDataKeyResponse answer = call(s -> s.createDataKey(request));
        WrappedKey wrapped = answerWrappedKey(answer.getWrapped());
        byte[] plaintext = answer.getPlaintext().toByteArray();
        try {
            if (plaintext.length != spec.lengthBytes()) {
                throw malformed("data key");
            }
            return DataKey.of(plaintext, wrapped);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        WrapKeyRequest request = WrapKeyRequest.newBuilder().setKekUri(RemoteKeyIds.toServerUri(kek))
                .setKey(ByteString.copyFrom(key)).putAllContext(context.asMap()).build();
        return answerWrappedKey(call(s -> s.wrapKey(request)).getWrapped());
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        UnwrapKeyRequest request = UnwrapKeyRequest.newBuilder()
                .setWrapped(ValueMapping.toProto(wrapped, RemoteKeyIds::toServerUri))
                .putAllContext(context.asMap()).build();
        byte[] plaintext = call(s -> s.unwrapKey(request)).getPlaintext().toByteArray();
        try {
            return DataKey.of(plaintext, wrapped);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    // ---- health, caches, close ------------------------------------------------------------------

    /**
     * The server's health report in one entry: its worst provider status (UP, DEGRADED, DOWN, or
     * UNKNOWN when it has none), with each provider's status as the reason. A server that cannot
     * be asked is DOWN (or as {@link ProviderHealth#fromProbeFailure} says for the error).
     */
    @Override
    public ProviderHealth health() {
        HealthReport report;
        try {
            report = ValueMapping.healthReport(call(s -> s.checkHealth(Empty.getDefaultInstance())));
        } catch (KmsException e) {
            return ProviderHealth.fromProbeFailure(scheme(), e);
        }
        StringJoiner reason = new StringJoiner(", ", "server: ", "");
        report.providers().forEach(p -> reason.add(p.scheme() + " " + p.status()
                + p.errorCode().map(c -> " (" + c + ")").orElse("")));
        ProviderHealth.Builder b = ProviderHealth.builder(scheme(), report.status()).reason(reason.toString());
        report.providers().stream()
                .filter(p -> p.status() == report.status())
                .flatMap(p -> p.errorCode().stream())
                .findFirst()
                .ifPresent(b::errorCode);
        return b.build();
    }

    /** Forgets the server's capabilities, so the next use asks again. */
    @Override
    public void clearCache() {
        capabilities = null;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "RemoteKmsProvider[" + description + "]";
    }

    // ---- plumbing -------------------------------------------------------------------------------

    /**
     * One unary call with the deadline and the bearer token; a refused token is renewed and the
     * call made once more. Every failure is a {@link KmsException}.
     */
    private <T> T call(Function<KeyManagementGrpc.KeyManagementBlockingStub, T> rpc) {
        if (closed.get()) {
            throw KmsException.builder(KmsErrorCode.UNAVAILABLE, "the kms4j remote provider is closed")
                    .retryable(false).provider(scheme()).build();
        }
        for (int attempt = 1; ; attempt++) {
            KeyManagementGrpc.KeyManagementBlockingStub s = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String token = null;
            if (tokens != null) {
                token = tokens.token();
                s = s.withCallCredentials(new BearerToken(token));
            }
            try {
                return rpc.apply(s);
            } catch (StatusRuntimeException e) {
                if (tokens != null && attempt == 1 && e.getStatus().getCode() == Status.Code.UNAUTHENTICATED) {
                    tokens.invalidate(token);
                    continue;
                }
                throw ErrorMapping.fromStatusException(e);
            }
        }
    }

    private static KeyRequest keyRequest(KeyRef ref) {
        return KeyRequest.newBuilder().setKeyUri(RemoteKeyIds.toServerUri(ref)).build();
    }

    private static KeyMetadata metadataFrom(dev.kms4j.remote.protocol.v1.KeyMetadata answer) {
        return ValueMapping.keyMetadata(answer, RemoteKmsProvider::answerRef);
    }

    /** A key reference in an answer; a malformed one is the server's fault, so {@code INTERNAL}. */
    private static KeyRef answerRef(String serverUri) {
        try {
            return RemoteKeyIds.fromServerUri(serverUri);
        } catch (KmsException e) {
            throw malformed("key URI");
        }
    }

    private static WrappedKey answerWrappedKey(dev.kms4j.remote.protocol.v1.WrappedKey wrapped) {
        try {
            return ValueMapping.wrappedKey(wrapped, RemoteKmsProvider::answerRef);
        } catch (KmsException e) {
            throw malformed("wrapped key");
        }
    }

    private static long wholeSeconds(Duration d) {
        // Round up: a deletion never happens sooner than asked.
        return d.getNano() == 0 ? d.getSeconds() : d.getSeconds() + 1;
    }

    private static KmsException malformed(String what) {
        return KmsException.builder(KmsErrorCode.INTERNAL, "the kms4j server sent a malformed " + what)
                .provider(RemoteKeyIds.SCHEME).build();
    }
}
