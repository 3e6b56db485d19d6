package dev.kms4j.envelope.store;

/** The store contract on {@link InMemoryDekStore}. */
class InMemoryDekStoreTest extends DekStoreContract {
    @Override
    protected DekStore openStore() {
        return new InMemoryDekStore();
    }
}
