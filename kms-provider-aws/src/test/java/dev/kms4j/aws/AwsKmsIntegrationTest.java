package dev.kms4j.aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.aws.internal.AwsKmsClients;
import dev.kms4j.aws.internal.AwsKmsSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The provider conformance suite against real AWS KMS. Runs only with {@code -Pintegration} (the
 * default build excludes {@code *IntegrationTest}), and skips itself unless
 * {@code KMS4J_IT_AWS_REGION} is set and the SDK's default credentials chain finds credentials.
 *
 * <p>Every key a test creates is tagged {@code kms4j-it=true}, loses its alias and is scheduled
 * for deletion after seven days (the AWS minimum) when the test ends. Costs money: AWS bills keys
 * until they are scheduled for deletion, and every request.
 */
class AwsKmsIntegrationTest extends AwsKmsContract {
    private static final Logger LOG = LoggerFactory.getLogger(AwsKmsIntegrationTest.class);
    private static final String REGION_VARIABLE = "KMS4J_IT_AWS_REGION";
    private static final String ALIAS_PREFIX = "alias/kms4j-it/";

    private static String region;
    private static KmsClient cleanupClient;
    private final List<KeyRef> requested = new ArrayList<>();

    @BeforeAll
    static void requireCredentials() {
        region = System.getenv(REGION_VARIABLE);
        skipUnless(region != null && !region.isBlank(),
                "AWS KMS integration tests skipped: set " + REGION_VARIABLE + " and AWS credentials to run them");
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            credentials.resolveCredentials();
        } catch (RuntimeException e) {
            skipUnless(false, "AWS KMS integration tests skipped: the AWS default credentials chain found no"
                    + " credentials (" + e.getClass().getSimpleName() + ")");
        }
        cleanupClient = AwsKmsClients.build(AwsKmsSettings.resolve(config().forScheme("aws-kms"), Optional::empty));
    }

    /** Surefire shows a class-level skip as "0 tests": say why in the log as well. */
    private static void skipUnless(boolean condition, String message) {
        if (!condition) {
            LOG.warn(message);
        }
        assumeTrue(condition, message);
    }

    @AfterAll
    static void closeCleanupClient() {
        if (cleanupClient != null) {
            cleanupClient.close();
        }
    }

    private static ProviderConfig config() {
        return ProviderConfig.of(java.util.Map.of("region", region));
    }

    @Override
    protected KmsManager createManager() {
        return KmsManager.builder().enable("aws-kms", config()).build();
    }

    @Override
    protected KeyRef newKeyRef(String hint) {
        KeyRef ref = KeyRef.of("aws-kms", ALIAS_PREFIX + hint + "-" + UUID.randomUUID());
        requested.add(ref);
        return ref;
    }

    @Override
    protected String listPrefix(KeyRef key) {
        return "aws-kms://" + key.keyId().substring(0, key.keyId().indexOf(":key/") + 5);
    }

    /** Tags, un-aliases and schedules for deletion every key this test created. */
    @AfterEach
    void scheduleCreatedKeysForDeletion() {
        for (KeyRef alias : requested) {
            String arn;
            try {
                arn = cleanupClient.describeKey(b -> b.keyId(alias.keyId())).keyMetadata().arn();
            } catch (NotFoundException e) {
                continue; // never created
            }
            try {
                cleanupClient.tagResource(b -> b.keyId(arn).tags(t -> t.tagKey("kms4j-it").tagValue("true")));
                cleanupClient.deleteAlias(b -> b.aliasName(alias.keyId()));
                cleanupClient.scheduleKeyDeletion(b -> b.keyId(arn).pendingWindowInDays(7));
            } catch (RuntimeException e) {
                // Already pending deletion (the test scheduled it) is fine; anything else needs a human.
                LOG.warn("cleanup of integration-test key {} ({}) incomplete: {}", alias, arn, e.getClass().getSimpleName());
            }
        }
        requested.clear();
    }
}
