package dev.kms4j.cli;

import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Opens the keystore the tool works on: the local provider over a directory.
 *
 * <p>The master key comes from the environment when one is set there ({@code KMS4J_LOCAL_MASTER_KEY},
 * {@code KMS4J_LOCAL_MASTER_KEY_FILE}, {@code KMS4J_LOCAL_PASSPHRASE} or the matching
 * {@code kms4j.local.*} system properties). Otherwise the provider generates a development master
 * key in {@code <dir>/master.key} on first use and reuses it; the tool says so once, on stderr.
 * The master key itself is never read or printed here. Stateless and thread-safe.
 */
final class KeystoreOpener {
    /** Provider settings that supply a master key, each with its environment variable. */
    private static final Map<String, String> MASTER_KEY_SETTINGS = Map.of(
            "master-key", "KMS4J_LOCAL_MASTER_KEY",
            "master-key-file", "KMS4J_LOCAL_MASTER_KEY_FILE",
            "passphrase", "KMS4J_LOCAL_PASSPHRASE");

    static final String MASTER_KEY_FILE = "master.key";

    /**
     * How long to wait for another process that has the keystore open. The provider's default is
     * not to wait, which suits a server; a shell script running two kms commands back to back, or
     * in parallel, is better served by a short wait. KMS4J_LOCAL_LOCK_WAIT overrides it.
     */
    static final String DEFAULT_LOCK_WAIT = "5s";
    private static final String LOCK_WAIT = "lock-wait";
    private static final String LOCK_WAIT_ENV = "KMS4J_LOCAL_LOCK_WAIT";

    private KeystoreOpener() {
    }

    /** Opens the keystore in {@code dir} with the real system properties. */
    static KmsManager open(Path dir, CliIo io) {
        return open(dir, io, null);
    }

    /**
     * Opens the keystore in {@code dir}.
     *
     * @param systemProperties a fixed snapshot, or {@code null} for the live system properties
     */
    static KmsManager open(Path dir, CliIo io, Properties systemProperties) {
        Map<String, String> env = io.environment();
        ProviderConfig.Builder config = ProviderConfig.builder()
                .set("path", dir.toString())
                .environment(env);
        if (systemProperties != null) {
            config.systemProperties(systemProperties);
        }
        boolean generate = !masterKeyConfigured(env, systemProperties);
        Path masterKeyFile = dir.resolve(MASTER_KEY_FILE);
        boolean hadMasterKeyFile = Files.exists(masterKeyFile);
        if (generate) {
            config.set("generate-master-key", "true");
        }
        if (!configured(LOCK_WAIT, LOCK_WAIT_ENV, env, systemProperties)) {
            config.set(LOCK_WAIT, DEFAULT_LOCK_WAIT);
        }
        KmsManager kms = KmsManager.builder().enable(KeyArgs.DEFAULT_SCHEME, config.build()).build();
        if (generate && !hadMasterKeyFile && Files.exists(masterKeyFile)) {
            io.err().println("kms: note: created a development master key in " + masterKeyFile
                    + "; set KMS4J_LOCAL_MASTER_KEY for real use");
        }
        return kms;
    }

    private static boolean masterKeyConfigured(Map<String, String> env, Properties systemProperties) {
        return MASTER_KEY_SETTINGS.entrySet().stream()
                .anyMatch(setting -> configured(setting.getKey(), setting.getValue(), env, systemProperties));
    }

    /** Whether the user set {@code name} through a system property or its environment variable. */
    private static boolean configured(String name, String envVariable, Map<String, String> env,
                                      Properties systemProperties) {
        String property = "kms4j." + KeyArgs.DEFAULT_SCHEME + "." + name;
        String fromProperties = systemProperties != null
                ? systemProperties.getProperty(property) : System.getProperty(property);
        String fromEnv = env.get(envVariable);
        return fromProperties != null || (fromEnv != null && !fromEnv.isEmpty());
    }
}
