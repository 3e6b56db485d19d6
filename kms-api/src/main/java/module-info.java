/** kms4j's public API and SPI. Depends on slf4j-api only. */
module dev.kms4j {
    requires transitive org.slf4j;

    exports dev.kms4j;
    exports dev.kms4j.spi;
    exports dev.kms4j.audit;
    exports dev.kms4j.cache;
    exports dev.kms4j.policy;
    // Not API: the file helpers of the keystore and the DEK store (automatic module names).
    exports dev.kms4j.internal.files to dev.kms4j.local, dev.kms4j.envelope;
    // Not API: the random bytes behind keys and nonces, shared by the same two modules.
    exports dev.kms4j.internal.random to dev.kms4j.local, dev.kms4j.envelope;

    uses dev.kms4j.spi.KmsProviderFactory;
}
