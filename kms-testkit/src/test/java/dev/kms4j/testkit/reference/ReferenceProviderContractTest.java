package dev.kms4j.testkit.reference;

/** The whole contract against the honest reference provider: the TCK passes a correct provider. */
class ReferenceProviderContractTest extends ReferenceProviderContractBase {
}
