package dev.kms4j.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.ProviderConfig;
import dev.kms4j.testkit.faults.Fault;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension's surface. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsKmsFakeExtensionTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().region("eu-central-1").build();

    @Test
    void endpointIsOnTheLoopbackAddress() {
        assertThat(AWS.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(AWS.endpoint().getPort()).isPositive();
    }

    @Test
    void providerConfigPointsTheAwsProviderAtTheFake() {
        ProviderConfig config = AWS.providerConfig();
        assertThat(config.get("region")).contains("eu-central-1");
        assertThat(config.get("endpoint")).contains(AWS.endpoint().toString());
        assertThat(config.get("access-key-id")).contains("test");
        assertThat(config.get("secret-access-key")).contains("test");
        assertThat(config.get("max-sdk-retries")).contains("0");
    }

    @Test
    @Order(1)
    void aFaultSetInOneTest() {
        AWS.fake().faults().onAll().always(Fault.unavailable());
    }

    @Test
    @Order(2)
    void doesNotLeakIntoTheNext() {
        assertThat(AWS.sdkClient().listKeys().keys()).isNotNull();
    }

    @org.junit.jupiter.api.Nested
    class InANestedClass {
        @Test
        void theOuterFakeKeepsRunningOnTheSameEndpoint() {
            assertThat(AWS.endpoint()).isEqualTo(OUTER_ENDPOINT.get());
        }
    }

    private static final java.util.concurrent.atomic.AtomicReference<java.net.URI> OUTER_ENDPOINT =
            new java.util.concurrent.atomic.AtomicReference<>();

    @org.junit.jupiter.api.BeforeAll
    static void rememberEndpoint() {
        OUTER_ENDPOINT.set(AWS.endpoint());
    }

    @Test
    void sdkClientIsSharedWithinTheClass() {
        assertThat(AWS.sdkClient()).isSameAs(AWS.sdkClient());
    }
}
