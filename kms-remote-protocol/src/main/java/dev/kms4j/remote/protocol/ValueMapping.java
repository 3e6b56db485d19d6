package dev.kms4j.remote.protocol;

import com.google.protobuf.ByteString;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.EncryptionContext;
import dev.kms4j.HealthReport;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeyVersionMetadata;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderHealth;
import dev.kms4j.RotationPolicy;
import dev.kms4j.WrappedKey;
import dev.kms4j.remote.protocol.v1.CreateKeyRequest;
import dev.kms4j.remote.protocol.v1.HealthResponse;
import dev.kms4j.remote.protocol.v1.KeyVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * kms4j values to and from their protocol messages.
 *
 * <p>Key references cross as URI strings. The caller says how to write and read them (the
 * {@code uri} and {@code ref} functions): the server sends its own URIs as they are
 * ({@link KeyRef#toUri()}, {@link KeyRef#parse}); the remote provider rewrites them into its
 * {@code kms4j://} form. Times cross as epoch milliseconds, 0 meaning unknown, so they keep
 * millisecond precision.
 *
 * <p>Reading a request ({@code createKeyOptions}, {@code encryptionContext}, {@code wrappedKey},
 * {@code rotationPolicy}): bad input is {@link KmsErrorCode#INVALID_ARGUMENT}. Reading an answer
 * ({@code keyMetadata}, {@code providerHealth}, {@code healthReport}): a malformed answer is
 * {@link KmsErrorCode#INTERNAL}, since the caller did nothing wrong; unknown capability names are
 * skipped. Stateless and thread-safe; wrapped-key ciphertexts are not secret, and no other
 * secret passes through this class.
 */
public final class ValueMapping {
    private ValueMapping() {
    }

    // ---- key metadata ------------------------------------------------------------------------

    /** Key metadata as sent; {@code uri} writes the key (and alias) references. */
    public static dev.kms4j.remote.protocol.v1.KeyMetadata toProto(KeyMetadata md, Function<KeyRef, String> uri) {
        dev.kms4j.remote.protocol.v1.KeyMetadata.Builder b = dev.kms4j.remote.protocol.v1.KeyMetadata.newBuilder()
                .setKeyUri(uri.apply(md.ref()))
                .setKeySpec(md.spec().name())
                .setKeyUsage(md.usage().name())
                .setState(md.state().name())
                .setCurrentVersion(md.currentVersion().orElse(""))
                .setCreatedAtEpochMillis(millis(md.createdAt().orElse(null)))
                .setRotatedAtEpochMillis(millis(md.rotatedAt().orElse(null)))
                .setDeletionAtEpochMillis(millis(md.deletionDate().orElse(null)))
                .addAllCapabilities(Names.capabilityNames(md.capabilities()))
                .setDescription(md.description().orElse(""))
                .putAllTags(md.tags());
        for (KeyVersionMetadata v : md.versions()) {
            b.addVersions(KeyVersion.newBuilder()
                    .setVersion(v.version())
                    .setState(v.state().name())
                    .setCreatedAtEpochMillis(millis(v.createdAt().orElse(null))));
        }
        for (KeyRef alias : md.aliases()) {
            b.addAliases(uri.apply(alias));
        }
        return b.build();
    }

    /** Key metadata as received; {@code ref} reads the key (and alias) references. */
    public static KeyMetadata keyMetadata(dev.kms4j.remote.protocol.v1.KeyMetadata p, Function<String, KeyRef> ref) {
        try {
            KeyMetadata.Builder b = KeyMetadata.builder(ref.apply(p.getKeyUri()))
                    .spec(Names.keySpec(p.getKeySpec()))
                    .usage(p.getKeyUsage().isEmpty() ? null : Names.keyUsage(p.getKeyUsage()))
                    .state(Names.keyState(p.getState()))
                    .currentVersion(p.getCurrentVersion().isEmpty() ? null : p.getCurrentVersion())
                    .createdAt(instant(p.getCreatedAtEpochMillis()))
                    .rotatedAt(instant(p.getRotatedAtEpochMillis()))
                    .deletionDate(instant(p.getDeletionAtEpochMillis()))
                    .capabilities(Names.capabilities(p.getCapabilitiesList()))
                    .description(p.getDescription().isEmpty() ? null : p.getDescription())
                    .tags(p.getTagsMap());
            for (KeyVersion v : p.getVersionsList()) {
                b.addVersion(KeyVersionMetadata.of(v.getVersion(), Names.keyState(v.getState()),
                        instant(v.getCreatedAtEpochMillis())));
            }
            List<KeyRef> aliases = new ArrayList<>();
            for (String alias : p.getAliasesList()) {
                aliases.add(ref.apply(alias));
            }
            return b.aliases(aliases).build();
        } catch (KmsException | IllegalArgumentException | NullPointerException e) {
            throw malformedAnswer("key metadata", e);
        }
    }

    // ---- create-key options --------------------------------------------------------------------

    /** The create-key request for {@code keyUri}. */
    public static CreateKeyRequest toProto(String keyUri, CreateKeyOptions options) {
        return CreateKeyRequest.newBuilder()
                .setKeyUri(keyUri)
                .setKeySpec(options.spec().name())
                .setKeyUsage(options.usage().name())
                .setDescription(options.description().orElse(""))
                .putAllTags(options.tags())
                .build();
    }

    /** The options of a create-key request; an empty usage means the spec's default. */
    public static CreateKeyOptions createKeyOptions(CreateKeyRequest request) {
        CreateKeyOptions.Builder b = CreateKeyOptions.builder(Names.keySpec(request.getKeySpec()))
                .tags(request.getTagsMap());
        if (!request.getKeyUsage().isEmpty()) {
            b.usage(Names.keyUsage(request.getKeyUsage()));
        }
        if (!request.getDescription().isEmpty()) {
            b.description(request.getDescription());
        }
        return b.build();
    }

    // ---- encryption context, wrapped keys, rotation policy ------------------------------------

    /** The encryption context of a request; {@code INVALID_ARGUMENT} past its limits. */
    public static EncryptionContext encryptionContext(Map<String, String> entries) {
        return entries.isEmpty() ? EncryptionContext.empty() : EncryptionContext.of(entries);
    }

    /** A wrapped key as sent; {@code uri} writes the KEK reference (with its exact version). */
    public static dev.kms4j.remote.protocol.v1.WrappedKey toProto(WrappedKey wrapped, Function<KeyRef, String> uri) {
        return dev.kms4j.remote.protocol.v1.WrappedKey.newBuilder()
                .setKekUri(uri.apply(wrapped.kek()))
                .setCiphertext(ByteString.copyFrom(wrapped.ciphertext()))
                .build();
    }

    /**
     * A wrapped key as received; {@code ref} reads the KEK reference. A missing KEK or an empty or
     * oversized ciphertext is {@code INVALID_ARGUMENT}.
     */
    public static WrappedKey wrappedKey(dev.kms4j.remote.protocol.v1.WrappedKey p, Function<String, KeyRef> ref) {
        if (p.getKekUri().isEmpty()) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "wrapped key names no KEK");
        }
        return WrappedKey.of(ref.apply(p.getKekUri()), p.getCiphertext().toByteArray());
    }

    /**
     * A rotation policy as sent: whole seconds, 0 for manual.
     *
     * @throws KmsException {@code INVALID_ARGUMENT} for a period that is not a whole number of seconds
     */
    public static dev.kms4j.remote.protocol.v1.RotationPolicy toProto(RotationPolicy policy) {
        long seconds = 0;
        if (policy.period().isPresent()) {
            Duration period = policy.period().get();
            if (period.getNano() != 0) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                        "rotation period " + period + " is not a whole number of seconds");
            }
            seconds = period.getSeconds();
        }
        return dev.kms4j.remote.protocol.v1.RotationPolicy.newBuilder().setPeriodSeconds(seconds).build();
    }

    /** A rotation policy as received: 0 is manual, a negative period {@code INVALID_ARGUMENT}. */
    public static RotationPolicy rotationPolicy(dev.kms4j.remote.protocol.v1.RotationPolicy p) {
        long seconds = p.getPeriodSeconds();
        if (seconds < 0) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "rotation period must not be negative");
        }
        return seconds == 0 ? RotationPolicy.manual() : RotationPolicy.every(Duration.ofSeconds(seconds));
    }

    // ---- health --------------------------------------------------------------------------------

    /** One provider's health as sent. */
    public static dev.kms4j.remote.protocol.v1.ProviderHealth toProto(ProviderHealth h) {
        return dev.kms4j.remote.protocol.v1.ProviderHealth.newBuilder()
                .setScheme(h.scheme())
                .setStatus(h.status().name())
                .setLatencyMicros(h.latency().toNanos() / 1000)
                .setReason(h.reason().orElse(""))
                .setErrorCode(h.errorCode().map(Enum::name).orElse(""))
                .setCheckedAtEpochMillis(millis(h.checkedAt()))
                .build();
    }

    /** One provider's health as received; an unknown status is {@code UNKNOWN}, an unknown error code dropped. */
    public static ProviderHealth providerHealth(dev.kms4j.remote.protocol.v1.ProviderHealth p) {
        try {
            ProviderHealth.Builder b = ProviderHealth.builder(p.getScheme(), healthStatus(p.getStatus()))
                    .latency(Duration.ofNanos(Math.max(0, p.getLatencyMicros()) * 1000))
                    .reason(p.getReason().isEmpty() ? null : p.getReason());
            if (!p.getErrorCode().isEmpty()) {
                try {
                    b.errorCode(KmsErrorCode.valueOf(p.getErrorCode()));
                } catch (IllegalArgumentException newerPeer) {
                    // a code this version does not know; the reason still says what happened
                }
            }
            Instant checked = instant(p.getCheckedAtEpochMillis());
            if (checked != null) {
                b.checkedAt(checked);
            }
            return b.build();
        } catch (KmsException e) {
            throw malformedAnswer("provider health", e);
        }
    }

    /** A whole health report as sent. */
    public static HealthResponse toProto(HealthReport report) {
        HealthResponse.Builder b = HealthResponse.newBuilder()
                .setStatus(report.status().name())
                .setCheckedAtEpochMillis(millis(report.checkedAt()));
        report.providers().forEach(p -> b.addProviders(toProto(p)));
        return b.build();
    }

    /** A whole health report as received (the overall status follows from the providers). */
    public static HealthReport healthReport(HealthResponse p) {
        List<ProviderHealth> providers = new ArrayList<>();
        p.getProvidersList().forEach(h -> providers.add(providerHealth(h)));
        Instant checked = instant(p.getCheckedAtEpochMillis());
        return new HealthReport(checked != null ? checked : Instant.now(), providers);
    }

    /** A health status name; anything unknown is {@code UNKNOWN}. */
    public static ProviderHealth.Status healthStatus(String name) {
        try {
            return ProviderHealth.Status.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return ProviderHealth.Status.UNKNOWN;
        }
    }

    // ---- times ---------------------------------------------------------------------------------

    /** Epoch milliseconds; 0 for null. */
    public static long millis(Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli();
    }

    /** The instant; null for 0. */
    public static Instant instant(long epochMillis) {
        return epochMillis == 0 ? null : Instant.ofEpochMilli(epochMillis);
    }

    private static KmsException malformedAnswer(String what, RuntimeException e) {
        String detail = e instanceof KmsException ? e.getMessage() : e.getClass().getSimpleName();
        return KmsException.builder(KmsErrorCode.INTERNAL, "the kms4j server sent malformed " + what + ": " + detail)
                .cause(e).build();
    }
}
