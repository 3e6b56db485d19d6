package dev.kms4j.testkit.vault.internal;

import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import java.net.URI;

/**
 * Raw vault-java-driver clients against the fake, configured as Transit needs (see
 * WIRE-NOTES): engine version 1 (no KV v2 path rewriting), no retries, and no environment
 * lookups (the driver would otherwise read VAULT_TOKEN or ~/.vault-token of the machine).
 * Stateless.
 */
public final class DriverClients {
    private DriverClients() {
    }

    /** An environment loader that finds nothing. */
    static final class NoEnvironment extends EnvironmentLoader {
        private static final long serialVersionUID = 1L;

        @Override
        public String loadVariable(String name) {
            return null;
        }
    }

    /** SslConfig reads VAULT_SSL_* itself unless given a loader; its setter is protected. */
    static final class QuietSslConfig extends SslConfig {
        private static final long serialVersionUID = 1L;

        QuietSslConfig(EnvironmentLoader env) {
            environmentLoader(env);
        }
    }

    /** A driver client for {@code address} with {@code token} (and {@code namespace}, may be null). */
    public static Vault vault(URI address, String token, String namespace) {
        try {
            NoEnvironment env = new NoEnvironment();
            VaultConfig config = new VaultConfig()
                    .environmentLoader(env)
                    .address(address.toString())
                    .token(token)
                    .openTimeout(5)
                    .readTimeout(30)
                    .sslConfig(new QuietSslConfig(env).build());
            if (namespace != null) {
                config.nameSpace(namespace);
            }
            return Vault.create(config.build(), 1);
        } catch (VaultException e) {
            throw new IllegalStateException("could not configure vault-java-driver", e);
        }
    }
}
