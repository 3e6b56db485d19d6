package dev.kms4j.resilience4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KeyRef;
import dev.kms4j.resilience4j.CircuitState;
import dev.kms4j.resilience4j.CircuitStatus;
import dev.kms4j.resilience4j.ResilienceOptions;
import org.junit.jupiter.api.Test;

class CircuitsTest {
    @Test
    void aHostLeadingTheKeyIdIsTheEndpoint() {
        assertThat(Circuits.endpointOf("myvault.vault.azure.net/payments")).isEqualTo("myvault.vault.azure.net");
        assertThat(Circuits.endpointOf("vault.internal:8200/transit/payments")).isEqualTo("vault.internal:8200");
    }

    @Test
    void anAwsArnNamesItsRegion() {
        assertThat(Circuits.endpointOf("arn:aws:kms:eu-west-1:111122223333:key/1234abcd")).isEqualTo("eu-west-1");
    }

    @Test
    void idsWithoutAHostShareTheProviderCircuit() {
        assertThat(Circuits.endpointOf("payments")).isNull();
        assertThat(Circuits.endpointOf("alias/payments")).isNull();
        assertThat(Circuits.endpointOf("1234abcd-12ab-34cd-56ef-1234567890ab")).isNull();
        assertThat(Circuits.endpointOf("")).isNull();
    }

    @Test
    void eachEndpointGetsItsOwnCircuit() {
        Circuits circuits = new Circuits("azure-kv", ResilienceOptions.defaults());

        circuits.forCall(KeyRef.parse("azure-kv://a.vault.azure.net/k1"), null);
        circuits.forCall(KeyRef.parse("azure-kv://b.vault.azure.net/k2"), null);
        circuits.forCall(KeyRef.parse("azure-kv://a.vault.azure.net/k3"), null);

        assertThat(circuits.snapshot()).containsExactlyInAnyOrder(
                CircuitStatus.of("azure-kv", null, CircuitState.CLOSED),
                CircuitStatus.of("azure-kv", "a.vault.azure.net", CircuitState.CLOSED),
                CircuitStatus.of("azure-kv", "b.vault.azure.net", CircuitState.CLOSED));
    }

    @Test
    void withoutPerEndpointCircuitsAllKeysShareOne() {
        Circuits circuits = new Circuits("azure-kv", ResilienceOptions.builder().breakerPerEndpoint(false).build());

        assertThat(circuits.forCall(KeyRef.parse("azure-kv://a.vault.azure.net/k1"), null))
                .isSameAs(circuits.forCall(KeyRef.parse("azure-kv://b.vault.azure.net/k2"), null));
    }

    @Test
    void theNumberOfEndpointCircuitsIsBounded() {
        Circuits circuits = new Circuits("azure-kv", ResilienceOptions.defaults());

        for (int i = 0; i < 500; i++) {
            circuits.forCall(KeyRef.parse("azure-kv://v" + i + ".vault.azure.net/k"), null);
        }

        assertThat(circuits.snapshot()).hasSizeLessThanOrEqualTo(Circuits.MAX_ENDPOINT_CIRCUITS + 2);
    }

    @Test
    void listingUsesTheEndpointOfTheScope() {
        Circuits circuits = new Circuits("vault-transit", ResilienceOptions.defaults());

        assertThat(circuits.forCall(null, "vault.internal:8200/transit"))
                .isSameAs(circuits.forCall(KeyRef.parse("vault-transit://vault.internal:8200/transit/k"), null));
    }
}
