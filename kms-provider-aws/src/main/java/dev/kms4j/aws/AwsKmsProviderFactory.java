package dev.kms4j.aws;

import dev.kms4j.Capability;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.aws.internal.AwsKmsClients;
import dev.kms4j.aws.internal.AwsKmsProvider;
import dev.kms4j.aws.internal.AwsKmsSettings;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Creates AWS KMS providers (scheme {@code aws-kms}) over the AWS SDK for Java v2 synchronous
 * client with the JDK {@code HttpURLConnection} transport. Discovered through
 * {@link java.util.ServiceLoader}; enable it explicitly with
 * {@code KmsManager.builder().enable("aws-kms", config)}.
 *
 * <p>Settings (explicit, then system property {@code kms4j.aws-kms.<name>}, then environment):
 * {@code region} ({@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, else the SDK's default region
 * chain); {@code endpoint} (an endpoint override such as a local fake); {@code access-key-id},
 * {@code secret-access-key} and optional {@code session-token} for static credentials, else
 * {@code profile} ({@code AWS_PROFILE}), else the SDK's default credentials chain;
 * {@code api-call-timeout} (30s), {@code api-call-attempt-timeout} (10s), {@code connect-timeout}
 * (5s) and {@code max-sdk-retries} (1; kms4j retries on its own). See {@code docs/providers/aws.md}.
 *
 * <p>Key URIs: {@code aws-kms://arn:aws:kms:<region>:<account>:key/<id>}, {@code aws-kms://<key-id>},
 * {@code aws-kms://arn:aws:kms:<region>:<account>:alias/<name>} and {@code aws-kms://alias/<name>}.
 * AWS keeps key versions internal, so kms4j exposes none for AWS keys.
 *
 * <p><strong>Secret:</strong> the credentials in the config; neither this factory nor its
 * providers log them or show them in {@code toString()}. Stateless and thread-safe.
 */
public final class AwsKmsProviderFactory implements KmsProviderFactory {
    /** The key URI scheme served. */
    public static final String SCHEME = "aws-kms";

    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.allOf(Capability.class));

    /** For {@link java.util.ServiceLoader}. */
    public AwsKmsProviderFactory() {
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * Validates the settings and builds the client. No call is made to AWS here: credentials are
     * checked by the first operation ({@code UNAUTHENTICATED} if AWS refuses them).
     */
    @Override
    public KmsProvider create(ProviderConfig config) {
        AwsKmsSettings settings = AwsKmsSettings.resolve(config.forScheme(SCHEME), AwsKmsClients::defaultRegion);
        try {
            return new AwsKmsProvider(AwsKmsClients.build(settings), settings.toString());
        } catch (SdkException e) {
            // The SDK's message is its own (it never holds the credentials), but the type says enough.
            throw KmsException.builder(KmsErrorCode.INVALID_ARGUMENT, "could not build the AWS KMS client for "
                            + settings + " (" + e.getClass().getSimpleName() + ")")
                    .provider(SCHEME).cause(e).build();
        }
    }

    @Override
    public String toString() {
        return "AwsKmsProviderFactory[" + SCHEME + "]";
    }
}
