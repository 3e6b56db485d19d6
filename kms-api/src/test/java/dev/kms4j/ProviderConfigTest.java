package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderConfigTest {
    private static final String SECRET_LOOKING_VALUE = "s3cr3t-t0ken-value";

    @Test
    void explicitSettingWinsOverSystemPropertyAndEnvironment() {
        ProviderConfig config = ProviderConfig.builder()
                .set("token", "explicit")
                .systemProperties(properties("kms4j.vault.token", "property"))
                .environment(Map.of("VAULT_TOKEN", "env"))
                .build()
                .forScheme("vault");

        assertThat(config.get("token", "VAULT_TOKEN")).contains("explicit");
    }

    @Test
    void systemPropertyWinsOverEnvironment() {
        ProviderConfig config = ProviderConfig.builder()
                .systemProperties(properties("kms4j.vault.token", "property"))
                .environment(Map.of("VAULT_TOKEN", "env"))
                .build()
                .forScheme("vault");

        assertThat(config.get("token", "VAULT_TOKEN")).contains("property");
    }

    @Test
    void environmentIsUsedWhenNothingElseIsSet() {
        ProviderConfig config = snapshotConfig(Map.of(), new Properties(), Map.of("VAULT_TOKEN", "env"));

        assertThat(config.get("token", "VAULT_TOKEN")).contains("env");
    }

    @Test
    void firstSetEnvironmentVariableWins() {
        ProviderConfig config = snapshotConfig(Map.of(), new Properties(),
                Map.of("VAULT_TOKEN", "first", "BAO_TOKEN", "second"));

        assertThat(config.get("token", "MISSING_TOKEN", "VAULT_TOKEN", "BAO_TOKEN")).contains("first");
    }

    @Test
    void emptyEnvironmentVariableIsIgnored() {
        ProviderConfig config = snapshotConfig(Map.of(), new Properties(),
                Map.of("VAULT_TOKEN", "", "BAO_TOKEN", "second"));

        assertThat(config.get("token", "VAULT_TOKEN", "BAO_TOKEN")).contains("second");
    }

    @Test
    void systemPropertiesOfOtherSchemesAreIgnored() {
        ProviderConfig config = snapshotConfig(Map.of(), properties("kms4j.other.token", "property"), Map.of());

        assertThat(config.get("token")).isEmpty();
    }

    @Test
    void unboundConfigDoesNotReadSystemProperties() {
        ProviderConfig config = ProviderConfig.builder()
                .systemProperties(properties("kms4j.vault.token", "property"))
                .environment(Map.of())
                .build();

        assertThat(config.scheme()).isEmpty();
        assertThat(config.get("token")).isEmpty();
    }

    @Test
    void forSchemeBindsACopyAndLeavesTheOriginalUnbound() {
        ProviderConfig config = ProviderConfig.of(Map.of("path", "/x"));

        ProviderConfig bound = config.forScheme("local");

        assertThat(bound.scheme()).contains("local");
        assertThat(config.scheme()).isEmpty();
        assertThat(bound.get("path")).contains("/x");
    }

    @Test
    void missingSettingIsEmpty() {
        assertThat(snapshotConfig(Map.of(), new Properties(), Map.of()).get("token", "VAULT_TOKEN")).isEmpty();
    }

    @Test
    void liveSystemPropertiesAreReadWhenNoSnapshotIsGiven() {
        String key = "kms4j.cfgtest-live.path";
        System.setProperty(key, "/live");
        try {
            ProviderConfig config = ProviderConfig.empty().forScheme("cfgtest-live");

            assertThat(config.get("path")).contains("/live");
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void systemPropertySnapshotIsACopy() {
        Properties props = properties("kms4j.vault.token", "before");
        ProviderConfig config = ProviderConfig.builder().systemProperties(props).environment(Map.of()).build()
                .forScheme("vault");

        props.setProperty("kms4j.vault.token", "after");

        assertThat(config.get("token")).contains("before");
    }

    @Test
    void settingNullRemovesAnExplicitValue() {
        ProviderConfig config = ProviderConfig.builder().set("path", "/x").set("path", null)
                .environment(Map.of()).build();

        assertThat(config.get("path")).isEmpty();
        assertThat(config.explicitNames()).isEmpty();
    }

    @Test
    void requireReturnsThePresentValue() {
        assertThat(ProviderConfig.of(Map.of("path", "/x")).require("path")).isEqualTo("/x");
    }

    @Test
    void requireNamesEveryPlaceLookedAt() {
        ProviderConfig config = snapshotConfig(Map.of(), new Properties(), Map.of());

        assertThatThrownBy(() -> config.require("token", "VAULT_TOKEN", "BAO_TOKEN"))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("'token'", "kms4j.vault.token", "VAULT_TOKEN", "BAO_TOKEN");
                });
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", " false ,false", "False,false"})
    void readsBooleans(String text, boolean expected) {
        assertThat(ProviderConfig.of(Map.of("flag", text)).getBoolean("flag", !expected)).isEqualTo(expected);
    }

    @Test
    void missingBooleanGivesTheDefault() {
        assertThat(snapshotConfig(Map.of(), new Properties(), Map.of()).getBoolean("flag", true)).isTrue();
    }

    @Test
    void badBooleanIsInvalidArgumentWithoutTheValue() {
        assertRejectedWithoutEcho(config -> config.getBoolean("flag", false));
    }

    @Test
    void readsIntegers() {
        assertThat(ProviderConfig.of(Map.of("n", " 42 ")).getInt("n")).contains(42);
    }

    @Test
    void badIntegerIsInvalidArgumentWithoutTheValue() {
        assertRejectedWithoutEcho(config -> config.getInt("flag"));
    }

    @ParameterizedTest
    @CsvSource({
            "500ms,PT0.5S",
            "30s,PT30S",
            "5m,PT5M",
            "2h,PT2H",
            "1d,PT24H",
            "PT1M,PT1M",
            "pt1m,PT1M",
            " 30s ,PT30S",
            "30S,PT30S",
            "0s,PT0S"})
    void readsDurations(String text, String expected) {
        assertThat(ProviderConfig.of(Map.of("timeout", text)).getDuration("timeout")).contains(Duration.parse(expected));
    }

    @Test
    void missingDurationIsEmpty() {
        assertThat(snapshotConfig(Map.of(), new Properties(), Map.of()).getDuration("timeout")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "5", "-5s", "5x", "ms", "s", "P-1D", "PTXS", "1.5s", "99999999999999999d", "5 minutes"})
    void badDurationIsInvalidArgument(String text) {
        ProviderConfig config = ProviderConfig.of(Map.of("timeout", text)).forScheme("vault");

        assertThatThrownBy(() -> config.getDuration("timeout"))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("'timeout'");
                });
    }

    @Test
    void badDurationErrorDoesNotEchoTheValue() {
        assertRejectedWithoutEcho(config -> config.getDuration("flag"));
    }

    @Test
    void toStringShowsSettingNamesButNoValues() {
        ProviderConfig config = ProviderConfig.of(Map.of("token", SECRET_LOOKING_VALUE, "path", "/some/where"))
                .forScheme("vault");

        assertThat(config.toString()).contains("token", "path", "vault")
                .doesNotContain(SECRET_LOOKING_VALUE).doesNotContain("/some/where");
    }

    @Test
    void explicitNamesAreSorted() {
        assertThat(ProviderConfig.of(Map.of("b", "1", "a", "2")).explicitNames()).containsExactly("a", "b");
    }

    @Test
    void getRejectsNullName() {
        assertThatThrownBy(() -> ProviderConfig.empty().get(null)).isInstanceOf(NullPointerException.class);
    }

    private interface Lookup {
        Object apply(ProviderConfig config);
    }

    /** The bad value comes from each source in turn; the error must never repeat it. */
    private static void assertRejectedWithoutEcho(Lookup lookup) {
        ProviderConfig[] configs = {
                snapshotConfig(Map.of("flag", SECRET_LOOKING_VALUE), new Properties(), Map.of()),
                snapshotConfig(Map.of(), properties("kms4j.vault.flag", SECRET_LOOKING_VALUE), Map.of()),
        };
        for (ProviderConfig config : configs) {
            assertThatThrownBy(() -> lookup.apply(config))
                    .isInstanceOfSatisfying(KmsException.class, e -> {
                        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("'flag'").doesNotContain(SECRET_LOOKING_VALUE);
                        assertThat(e.toString()).doesNotContain(SECRET_LOOKING_VALUE);
                    });
        }
    }

    private static ProviderConfig snapshotConfig(Map<String, String> explicit, Properties props, Map<String, String> env) {
        return ProviderConfig.builder().setAll(explicit).systemProperties(props).environment(env).build()
                .forScheme("vault");
    }

    private static Properties properties(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }
}
