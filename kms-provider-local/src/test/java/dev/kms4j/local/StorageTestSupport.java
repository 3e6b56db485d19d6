package dev.kms4j.local;

import dev.kms4j.ProviderConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/** Fixed test keys and isolated configurations for the storage tests. */
public final class StorageTestSupport {
    /** Two fixed, obviously fake master keys (base64 of 32 bytes). */
    public static final String KEY_A = base64OfPattern(0x11);
    public static final String KEY_B = base64OfPattern(0x77);

    private StorageTestSupport() {
    }

    private static String base64OfPattern(int seed) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed + i * 3);
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A config builder that sees no real environment or system properties. */
    public static ProviderConfig.Builder isolated(Path dir) {
        return ProviderConfig.builder()
                .set("path", dir.toString())
                .environment(Map.of())
                .systemProperties(new Properties());
    }

    /** A config for the keystore at {@code dir} with an explicit master key. */
    public static ProviderConfig withKey(Path dir, String masterKeyBase64) {
        return isolated(dir).set("master-key", masterKeyBase64).build();
    }

    /** A record whose content is derived from its id, so it can be checked after any crash. */
    public static byte[] recordFor(String keyId) {
        return ("record of " + keyId + " / " + keyId.hashCode()).getBytes(StandardCharsets.UTF_8);
    }
}
