package dev.kms4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kms4j.KmsManager;
import dev.kms4j.remote.protocol.v1.Empty;
import dev.kms4j.server.auth.AuthSettings;
import dev.kms4j.server.auth.ClientRecord;
import dev.kms4j.server.auth.ClientRegistry;
import dev.kms4j.server.auth.SecretHash;
import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** No log line of the server names a client secret, its hash or a token, whatever the outcome. */
class LogLeakTest {
    @Test
    void secretsHashesAndTokensNeverReachTheLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        String secret = "Sup3r-Secret-Value";
        String hash = SecretHash.bcrypt(secret.toCharArray(), 4);
        String token;
        try (KmsManager kms = TestKms.create()) {
            KmsServer server = KmsServer.builder(kms).service(new SignTestService(kms))
                    .plaintextTcp(new InetSocketAddress("127.0.0.1", 0))
                    .authentication(AuthSettings.builder(TestKms.TOKEN_KEY).build(), ClientRegistry.of(List.of(
                            ClientRecord.builder("billing", SecretHash.parse(hash)).roles("signer").build())))
                    .gracePeriod(Duration.ZERO).build().start();
            ManagedChannel channel = Clients.plaintext(server.tcpPort().orElseThrow());
            try {
                catchThrowable(() -> Clients.authenticate(channel, "billing", secret + "-wrong"));
                catchThrowable(() -> Clients.authenticate(channel, secret, secret));
                token = Clients.authenticate(channel, "billing", secret);
                Clients.keys(channel, token).checkHealth(Empty.getDefaultInstance());
                catchThrowable(() -> Clients.keys(channel, token).sign(Clients.sign("local://other-signing")));
                catchThrowable(() -> Clients.keys(channel, token + "x").checkHealth(Empty.getDefaultInstance()));
            } finally {
                Clients.close(channel);
                server.close();
            }
        } finally {
            root.detachAppender(logs);
        }

        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).allSatisfy(e -> assertThat(e.getFormattedMessage())
                .doesNotContain(secret).doesNotContain(hash.substring(7)).doesNotContain(token.substring(token.indexOf('.') + 1)));
    }
}
