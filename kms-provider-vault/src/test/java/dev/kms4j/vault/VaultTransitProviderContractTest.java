package dev.kms4j.vault;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.testkit.vault.VaultTransitFakeExtension;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider conformance suite against the testkit's stateful Vault Transit fake. */
class VaultTransitProviderContractTest extends VaultTransitContract {
    @RegisterExtension
    static final VaultTransitFakeExtension VAULT = VaultTransitFakeExtension.builder().build();

    @Override
    protected KmsManager createManager() {
        return KmsManager.builder().enable("vault-transit", VAULT.providerConfig()).build();
    }

    /** RSA-3072 runs the same code paths as RSA-2048 and costs seconds of key generation on a busy machine. */
    @Override
    protected Set<KeySpec> supportedKeySpecs() {
        Set<KeySpec> specs = super.supportedKeySpecs();
        specs.remove(KeySpec.RSA_3072);
        return specs;
    }

    @Override
    protected KeyRef newKeyRef(String hint) {
        return KeyRef.of("vault-transit", VAULT.endpoint().getAuthority() + "/transit/" + hint + "-" + UUID.randomUUID());
    }
}
