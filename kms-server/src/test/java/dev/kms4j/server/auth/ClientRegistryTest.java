package dev.kms4j.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Which dummy hash an unknown client id is checked against, and the warning for mixed hashes. */
class ClientRegistryTest {
    private static final String BCRYPT_4 = SecretHash.bcrypt("a".toCharArray(), 4);
    private static final String BCRYPT_5 = SecretHash.bcrypt("b".toCharArray(), 5);
    private static final String ARGON2 = SecretHash.argon2id("c".getBytes(StandardCharsets.UTF_8), 64, 1, 1);

    private static ClientRecord client(String id, String hash) {
        return ClientRecord.builder(id, SecretHash.parse(hash)).build();
    }

    private static List<ILoggingEvent> warnings(Supplier<ClientRegistry> action, ClientRegistry[] out) {
        Logger logger = (Logger) LoggerFactory.getLogger(ClientRegistry.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            out[0] = action.get();
        } finally {
            logger.detachAppender(logs);
        }
        return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }

    @Test
    void workFactorsNameKindAndCostOnly() {
        assertThat(SecretHash.parse(BCRYPT_4).workFactor()).isEqualTo("bcrypt cost 4");
        assertThat(SecretHash.parse(ARGON2).workFactor()).isEqualTo("argon2id m=64,t=1,p=1");
    }

    @Test
    void clientsWithOneKindAndCostAreNotWarnedAbout() {
        ClientRegistry[] registry = new ClientRegistry[1];

        List<ILoggingEvent> warnings = warnings(() -> ClientRegistry.of(List.of(
                client("a", BCRYPT_4), client("b", SecretHash.bcrypt("x".toCharArray(), 4)))), registry);

        assertThat(warnings).isEmpty();
        assertThat(registry[0].unknownClientWork()).isEqualTo("bcrypt cost 4");
    }

    @Test
    void anUnknownIdCostsWhatMostClientsCostAndMixedHashesAreWarnedAbout() {
        ClientRegistry[] registry = new ClientRegistry[1];

        List<ILoggingEvent> warnings = warnings(() -> ClientRegistry.of(List.of(
                client("first", ARGON2), client("b", BCRYPT_4), client("c", SecretHash.bcrypt("y".toCharArray(), 4)))),
                registry);

        assertThat(registry[0].unknownClientWork()).isEqualTo("bcrypt cost 4");
        assertThat(warnings).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains("1 of 3 clients", "bcrypt cost 4")
                .doesNotContain(BCRYPT_4.substring(7), ARGON2.substring(ARGON2.lastIndexOf('$') + 1)));
    }

    @Test
    void onATieTheFirstConfiguredCostWins() {
        ClientRegistry[] registry = new ClientRegistry[1];

        List<ILoggingEvent> warnings = warnings(() -> ClientRegistry.of(List.of(
                client("a", BCRYPT_5), client("b", BCRYPT_4))), registry);

        assertThat(registry[0].unknownClientWork()).isEqualTo("bcrypt cost 5");
        assertThat(warnings).hasSize(1);
    }

    @Test
    void anUnknownIdIsRefusedWhateverTheMix() {
        ClientRegistry registry = ClientRegistry.of(List.of(client("a", BCRYPT_4), client("b", ARGON2)));

        assertThat(registry.authenticate("nobody", "a")).isEmpty();
        assertThat(registry.authenticate("a", "a")).isPresent();
        assertThat(registry.authenticate("b", "c")).isPresent();
    }
}
