package dev.kms4j.remote;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.testkit.KmsProviderContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The provider conformance suite through the remote provider, against an in-process kms4j server
 * whose manager runs the local provider in memory: every kms4j behaviour must survive the trip
 * over gRPC (error codes, versions, signature formats, state changes).
 */
class RemoteProviderContractTest extends KmsProviderContract {
    private static InProcessKmsServer server;

    @BeforeAll
    static void startServer() {
        server = InProcessKmsServer.start();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.close();
    }

    @Override
    protected KmsManager createManager() {
        return server.remoteManager();
    }

    @Override
    protected KeyRef newKeyRef(String hint) {
        return KeyRef.of("kms4j", "local/" + hint + "-" + UUID.randomUUID());
    }
}
