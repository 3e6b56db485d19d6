package dev.kms4j.vault;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.testkit.KmsProviderContract;
import dev.kms4j.vault.internal.VaultKeyTypes;
import java.util.EnumSet;
import java.util.Set;

/**
 * The conformance suite as Transit shapes it, shared by the run against the testkit's fake and
 * the run against a real Vault: the key types Transit offers (RSA-4096 left out only to keep key
 * generation time down), exposed versions, listing per mount.
 */
abstract class VaultTransitContract extends KmsProviderContract {
    @Override
    protected Set<KeySpec> supportedKeySpecs() {
        Set<KeySpec> specs = EnumSet.copyOf(VaultKeyTypes.supported());
        specs.remove(KeySpec.RSA_4096);
        return specs;
    }

    @Override
    protected String listPrefix(KeyRef key) {
        return key.scheme() + "://" + key.keyId().substring(0, key.keyId().lastIndexOf('/') + 1);
    }
}
