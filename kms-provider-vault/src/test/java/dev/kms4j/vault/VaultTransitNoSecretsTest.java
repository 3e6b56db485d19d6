package dev.kms4j.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.testkit.faults.Fault;
import dev.kms4j.testkit.vault.VaultTransitFakeExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The token, the AppRole secret id and issued tokens appear in no log line, toString() or exception. */
class VaultTransitNoSecretsTest {
    private static final String ROOT_TOKEN = "s.TopSecretRootTokenValue42";
    private static final String SECRET_ID = "SecretIdThatMustNotLeak-7f3a";

    @RegisterExtension
    static final VaultTransitFakeExtension VAULT = VaultTransitFakeExtension.builder()
            .rootToken(ROOT_TOKEN)
            .appRole("role-x", SECRET_ID)
            .build();

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private Level previous;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previous = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void restoreLogs() {
        root.detachAppender(logs);
        root.setLevel(previous);
    }

    private String everythingLogged() {
        StringBuilder sb = new StringBuilder();
        for (ILoggingEvent e : logs.list) {
            sb.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                sb.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        return sb.toString();
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }

    private List<String> exercise(ProviderConfig config) {
        List<String> seen = new ArrayList<>();
        try (KmsManager kms = KmsManager.builder().enable("vault-transit", config).build()) {
            seen.add(kms.toString());
            seen.add(config.toString());
            KeyRef key = kms.createKey(KeyRef.of("vault-transit", VAULT.endpoint().getAuthority() + "/transit/n-" + UUID.randomUUID()),
                    KeySpec.AES_256);
            byte[] ct = kms.encrypt(key, "hello".getBytes(StandardCharsets.UTF_8), EncryptionContext.of("a", "b"));
            seen.add(describe(catchThrowable(() -> kms.decrypt(key, ct, EncryptionContext.empty()))));
            seen.add(describe(catchThrowable(() -> kms.metadata(KeyRef.of("vault-transit", VAULT.endpoint().getAuthority() + "/transit/missing")))));
            VAULT.fake().faults().on("encrypt").failTimes(1, Fault.unavailable());
            seen.add(describe(catchThrowable(() -> kms.encrypt(key, new byte[1], EncryptionContext.empty()))));
        }
        return seen;
    }

    @Test
    void staticTokenNeverShows() {
        List<String> seen = exercise(ProviderConfig.builder().set("address", VAULT.endpoint().toString())
                .set("token", ROOT_TOKEN).build());
        seen.add(new VaultTransitProviderFactory().create(ProviderConfig.builder().set("address", VAULT.endpoint().toString())
                .set("token", ROOT_TOKEN).build()).toString());

        assertThat(String.join("\n", seen) + everythingLogged()).doesNotContain(ROOT_TOKEN);
    }

    @Test
    void appRoleSecretAndIssuedTokensNeverShow() {
        List<String> seen = exercise(ProviderConfig.builder().set("address", VAULT.endpoint().toString())
                .set("approle-role-id", "role-x").set("approle-secret-id", SECRET_ID).build());

        String all = String.join("\n", seen) + everythingLogged();
        assertThat(all).doesNotContain(SECRET_ID).doesNotContain("hvs.");
        assertThat(logs.list).as("DEBUG logging was on").isNotEmpty();
    }
}
