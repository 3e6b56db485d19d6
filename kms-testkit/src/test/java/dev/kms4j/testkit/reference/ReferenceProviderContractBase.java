package dev.kms4j.testkit.reference;

import dev.kms4j.Capability;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import dev.kms4j.testkit.KmsProviderContract;
import dev.kms4j.testkit.reference.ReferenceKmsProvider.Flaw;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Runs the contract against {@link ReferenceKmsProvider} with the given flaws (none for the
 * honest run). Lives in another package than the contract, as provider modules do.
 */
abstract class ReferenceProviderContractBase extends KmsProviderContract {
    /**
     * What the reference provider creates, minus the slow large RSA sizes: RSA_2048 already runs
     * every RSA code path of the contract.
     */
    static final Set<KeySpec> SPECS = EnumSet.of(
            KeySpec.AES_128, KeySpec.AES_256,
            KeySpec.HMAC_SHA256, KeySpec.HMAC_SHA384, KeySpec.HMAC_SHA512,
            KeySpec.EC_P256, KeySpec.EC_P384, KeySpec.EC_P521, KeySpec.ED25519, KeySpec.RSA_2048);

    private final Set<Flaw> flaws;

    ReferenceProviderContractBase(Flaw... flaws) {
        this.flaws = flaws.length == 0 ? EnumSet.noneOf(Flaw.class) : EnumSet.of(flaws[0], flaws);
    }

    @Override
    protected KmsManager createManager() {
        return KmsManager.builder().discovery(false).factory(new Factory(flaws)).enable(ReferenceKmsProvider.SCHEME).build();
    }

    @Override
    protected KeyRef newKeyRef(String hint) {
        return KeyRef.of(ReferenceKmsProvider.SCHEME, hint + "-" + UUID.randomUUID());
    }

    @Override
    protected Set<KeySpec> supportedKeySpecs() {
        return SPECS;
    }

    private static final class Factory implements KmsProviderFactory {
        private final Set<Flaw> flaws;

        Factory(Set<Flaw> flaws) {
            this.flaws = flaws;
        }

        @Override
        public String scheme() {
            return ReferenceKmsProvider.SCHEME;
        }

        @Override
        public Set<Capability> capabilities() {
            return ReferenceKmsProvider.CAPABILITIES;
        }

        @Override
        public KmsProvider create(ProviderConfig config) {
            return new ReferenceKmsProvider(flaws);
        }
    }
}
