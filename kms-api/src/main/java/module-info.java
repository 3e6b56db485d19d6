/** kms4j's public API and SPI. Depends on slf4j-api only. */
module dev.kms4j {
    requires transitive org.slf4j;

    exports dev.kms4j;
    exports dev.kms4j.spi;
    exports dev.kms4j.audit;
    exports dev.kms4j.cache;
    exports dev.kms4j.policy;

    uses dev.kms4j.spi.KmsProviderFactory;
}
