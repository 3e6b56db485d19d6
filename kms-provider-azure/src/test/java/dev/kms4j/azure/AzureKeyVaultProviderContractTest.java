package dev.kms4j.azure;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.testkit.azure.AzureKeyVaultFakeExtension;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider conformance suite against the testkit's stateful Azure Key Vault fake (over HTTPS).
 * RSA-3072 and RSA-4096 are left to {@link AzureKeyVaultProviderBehaviourTest} and the
 * integration run: the fake generates real key pairs, and the suite's many per-spec keys at those
 * sizes would take most of a minute on a small machine for no extra code path.
 */
class AzureKeyVaultProviderContractTest extends AzureKeyVaultContract {
    @RegisterExtension
    static final AzureKeyVaultFakeExtension AZURE = AzureKeyVaultFakeExtension.builder().build();

    @Override
    protected KmsManager createManager() {
        return KmsManager.builder().enable("azure-kv", AZURE.providerConfig()).build();
    }

    @Override
    protected Set<KeySpec> supportedKeySpecs() {
        Set<KeySpec> specs = EnumSet.copyOf(super.supportedKeySpecs());
        specs.removeAll(EnumSet.of(KeySpec.RSA_3072, KeySpec.RSA_4096));
        return specs;
    }

    @Override
    protected KeyRef newKeyRef(String hint) {
        return KeyRef.of("azure-kv", AZURE.vaultHost() + "/" + hint + "-" + UUID.randomUUID());
    }
}
