package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.testsupport.StubProvider;
import dev.kms4j.testsupport.StubProviderFactory;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KmsManagerTest {
    private static final KeyRef ALPHA_KEY = KeyRef.parse("alpha://payments");
    private static final KeyRef BETA_KEY = KeyRef.parse("beta://payments");
    private static final EncryptionContext CONTEXT = EncryptionContext.of("tenant", "acme");
    private static final byte[] BYTES = {1, 2, 3};

    // ---- discovery and enabling -------------------------------------------------------------

    @Test
    void discoveredFactoryServesItsEnabledScheme() {
        try (KmsManager kms = KmsManager.builder().enable("alpha").build()) {
            assertThat(kms.schemes()).containsExactly("alpha");
            assertThat(kms.sign(ALPHA_KEY, SignatureAlgorithm.ECDSA_SHA256, BYTES)).isEqualTo(StubProvider.SIGNATURE);
        }
    }

    @Test
    void enablingAnUnknownSchemeFailsAtBuildListingDiscoveredSchemes() {
        KmsManager.Builder builder = KmsManager.builder().enable("nosuch");

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(KmsException.class, e -> {
            assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("'nosuch'", "alpha", "beta", "watched");
        });
    }

    @Test
    void discoveredFactoryIsNeverAskedForAProviderUnlessEnabled() {
        int before = StubProviderFactory.Watched.CREATE_CALLS.get();

        try (KmsManager kms = KmsManager.builder().enable("alpha").enable("beta").build()) {
            assertThat(kms.schemes()).containsExactly("alpha", "beta");
        }

        assertThat(StubProviderFactory.Watched.CREATE_CALLS.get()).isEqualTo(before);
    }

    @Test
    void enabledDiscoveredFactoryIsAskedForAProvider() {
        int before = StubProviderFactory.Watched.CREATE_CALLS.get();

        try (KmsManager kms = KmsManager.builder().enable("watched").build()) {
            assertThat(kms.schemes()).containsExactly("watched");
        }

        assertThat(StubProviderFactory.Watched.CREATE_CALLS.get()).isEqualTo(before + 1);
    }

    @Test
    void managerWithNothingEnabledHasNoSchemes() {
        try (KmsManager kms = KmsManager.builder().build()) {
            assertThat(kms.schemes()).isEmpty();
        }
    }

    @Test
    void twoDiscoveredFactoriesForAnEnabledSchemeFailNamingBothClasses() {
        KmsManager.Builder builder = KmsManager.builder().classLoader(duplicateSchemeLoader()).enable("dup");

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(KmsException.class, e -> {
            assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("'dup'",
                    StubProviderFactory.DuplicateOne.class.getName(), StubProviderFactory.DuplicateTwo.class.getName());
        });
    }

    @Test
    void twoDiscoveredFactoriesForASchemeThatIsNotEnabledAreIgnored() {
        try (KmsManager kms = KmsManager.builder().classLoader(duplicateSchemeLoader()).enable("alpha").build()) {
            assertThat(kms.schemes()).containsExactly("alpha");
        }
    }

    @Test
    void explicitFactoryResolvesTwoDiscoveredFactoriesForItsScheme() {
        StubProviderFactory chosen = new StubProviderFactory("dup");

        try (KmsManager kms = KmsManager.builder().classLoader(duplicateSchemeLoader()).factory(chosen).enable("dup").build()) {
            assertThat(chosen.created).hasSize(1);
        }
    }

    @Test
    void twoExplicitFactoriesForOneSchemeFailNamingBothClasses() {
        KmsManager.Builder builder = KmsManager.builder().factory(new StubProviderFactory("dup"));

        assertThatThrownBy(() -> builder.factory(new StubProviderFactory.DuplicateTwo()))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains(StubProviderFactory.class.getName(),
                            StubProviderFactory.DuplicateTwo.class.getName());
                });
    }

    @Test
    void explicitFactoryTakesPrecedenceOverADiscoveredOne() {
        StubProviderFactory explicit = new StubProviderFactory("alpha");

        try (KmsManager kms = KmsManager.builder().factory(explicit).enable("alpha").build()) {
            kms.metadata(ALPHA_KEY);
        }

        assertThat(((StubProvider) explicit.created.get(0)).calls).containsExactly("metadata " + ALPHA_KEY);
    }

    @Test
    void discoveryCanBeTurnedOff() {
        KmsManager.Builder builder = KmsManager.builder().discovery(false).enable("alpha");

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void brokenServicesFileIsInternal() {
        KmsManager.Builder builder = KmsManager.builder().classLoader(loaderServing("/services-variants/broken-services.txt"))
                .enable("alpha");

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INTERNAL));
    }

    @Test
    void enablingASchemeTwiceIsInvalidArgument() {
        KmsManager.Builder builder = KmsManager.builder().enable("alpha");

        assertInvalidArgument(() -> builder.enable("alpha"));
    }

    @Test
    void builderRejectsNullArguments() {
        assertInvalidArgument(() -> KmsManager.builder().enable(null));
        assertInvalidArgument(() -> KmsManager.builder().enable("alpha", null));
        assertInvalidArgument(() -> KmsManager.builder().factory(null));
    }

    @Test
    void factoryReceivesTheConfigBoundToItsScheme() {
        StubProviderFactory factory = new StubProviderFactory("alpha");

        try (KmsManager kms = KmsManager.builder().discovery(false).factory(factory)
                .enable("alpha", ProviderConfig.of(Map.of("path", "/x"))).build()) {
            assertThat(factory.configs).singleElement().satisfies(config -> {
                assertThat(config.scheme()).contains("alpha");
                assertThat(config.get("path")).contains("/x");
            });
        }
    }

    @Test
    void factoryFailureClosesProvidersAlreadyCreated() {
        StubProviderFactory alpha = new StubProviderFactory("alpha");
        StubProviderFactory failing = new StubProviderFactory("failing", scheme -> {
            throw new KmsException(KmsErrorCode.UNAUTHENTICATED, "bad credentials");
        });
        KmsManager.Builder builder = KmsManager.builder().discovery(false).factory(alpha).factory(failing)
                .enable("alpha").enable("failing");

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.UNAUTHENTICATED));
        assertThat(((StubProvider) alpha.created.get(0)).closeCount).isEqualTo(1);
    }

    @Test
    void factoryReturningAProviderForAnotherSchemeIsInternalAndThatProviderIsClosed() {
        StubProvider wrong = new StubProvider("other");
        StubProviderFactory factory = new StubProviderFactory("alpha", scheme -> wrong);
        KmsManager.Builder builder = KmsManager.builder().discovery(false).factory(factory).enable("alpha");

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INTERNAL));
        assertThat(wrong.closeCount).isEqualTo(1);
    }

    // ---- routing -----------------------------------------------------------------------------

    @Test
    void routesEachCallToTheProviderOfTheKeysScheme() {
        StubProviderFactory alpha = new StubProviderFactory("alpha");
        StubProviderFactory beta = new StubProviderFactory("beta");

        try (KmsManager kms = KmsManager.builder().discovery(false).factory(alpha).factory(beta)
                .enable("alpha").enable("beta").build()) {
            kms.encrypt(ALPHA_KEY, BYTES, CONTEXT);
            kms.sign(BETA_KEY, SignatureAlgorithm.ECDSA_SHA256, BYTES);
        }

        assertThat(((StubProvider) alpha.created.get(0)).calls).containsExactly("encrypt " + ALPHA_KEY);
        assertThat(((StubProvider) beta.created.get(0)).calls).containsExactly("sign " + BETA_KEY);
    }

    @Test
    void unwrapIsRoutedByTheSchemeOfTheWrappingKek() {
        StubProviderFactory beta = new StubProviderFactory("beta");

        try (KmsManager kms = KmsManager.builder().discovery(false).factory(beta).enable("beta").build()) {
            kms.unwrap(WrappedKey.of(BETA_KEY.withVersion("3"), BYTES), CONTEXT).close();
        }

        assertThat(((StubProvider) beta.created.get(0)).calls).containsExactly("unwrap " + BETA_KEY.withVersion("3"));
    }

    @Test
    void listKeysIsRoutedByPrefixSchemeAndPassesTheScope() {
        StubProviderFactory alpha = new StubProviderFactory("alpha");

        try (KmsManager kms = KmsManager.builder().discovery(false).factory(alpha).enable("alpha").build()) {
            assertThat(kms.listKeys("alpha://team/")).containsExactly(KeyRef.of("alpha", "listed"));
        }

        assertThat(((StubProvider) alpha.created.get(0)).calls).containsExactly("listKeys team/");
    }

    @Test
    void keyOfASchemeThatIsNotEnabledIsInvalidArgument() {
        try (KmsManager kms = KmsManager.builder().enable("alpha").build()) {
            assertThatThrownBy(() -> kms.metadata(BETA_KEY)).isInstanceOfSatisfying(KmsException.class, e -> {
                assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("'beta'", "alpha");
            });
        }
    }

    @Test
    void capabilitiesOfAnUnknownSchemeIsInvalidArgument() {
        try (KmsManager kms = KmsManager.builder().enable("alpha").build()) {
            assertThat(kms.capabilities("alpha")).contains(Capability.SIGN);
            assertInvalidArgument(() -> kms.capabilities("beta"));
        }
    }

    // ---- argument checks ----------------------------------------------------------------------

    static Stream<Arguments> callsWithANullArgument() {
        KeyRef k = ALPHA_KEY;
        SignatureAlgorithm a = SignatureAlgorithm.ECDSA_SHA256;
        WrappedKey w = WrappedKey.of(k, BYTES);
        return Stream.of(
                call("createKey(null ref)", kms -> kms.createKey(null, KeySpec.AES_256)),
                call("createKey(null spec)", kms -> kms.createKey(k, (KeySpec) null)),
                call("createKey(null options)", kms -> kms.createKey(k, (CreateKeyOptions) null)),
                call("listKeys", kms -> kms.listKeys(null)),
                call("metadata", kms -> kms.metadata(null)),
                call("rotate", kms -> kms.rotate(null)),
                call("disable", kms -> kms.disable(null)),
                call("enable", kms -> kms.enable(null)),
                call("scheduleDeletion(null ref)", kms -> kms.scheduleDeletion(null, Duration.ofDays(7))),
                call("scheduleDeletion(null window)", kms -> kms.scheduleDeletion(k, null)),
                call("cancelDeletion", kms -> kms.cancelDeletion(null)),
                call("sign(null ref)", kms -> kms.sign(null, a, BYTES)),
                call("sign(null algorithm)", kms -> kms.sign(k, null, BYTES)),
                call("sign(null message)", kms -> kms.sign(k, a, null)),
                call("verify(null signature)", kms -> kms.verify(k, a, BYTES, null)),
                call("verify(null message)", kms -> kms.verify(k, a, null, BYTES)),
                call("verify(null algorithm)", kms -> kms.verify(k, null, BYTES, BYTES)),
                call("getPublicKey", kms -> kms.getPublicKey(null)),
                call("encrypt(null plaintext)", kms -> kms.encrypt(k, null, CONTEXT)),
                call("encrypt(null context)", kms -> kms.encrypt(k, BYTES, null)),
                call("encrypt(null ref)", kms -> kms.encrypt(null, BYTES, CONTEXT)),
                call("decrypt(null ciphertext)", kms -> kms.decrypt(k, null, CONTEXT)),
                call("decrypt(null context)", kms -> kms.decrypt(k, BYTES, null)),
                call("createDek(null spec)", kms -> kms.createDek(k, null, CONTEXT)),
                call("createDek(null context)", kms -> kms.createDek(k, DekSpec.AES_256, null)),
                call("createDek(null kek)", kms -> kms.createDek(null, DekSpec.AES_256, CONTEXT)),
                call("wrap(null key)", kms -> kms.wrap(k, null, CONTEXT)),
                call("wrap(null context)", kms -> kms.wrap(k, BYTES, null)),
                call("unwrap(null wrapped)", kms -> kms.unwrap(null, CONTEXT)),
                call("unwrap(null context)", kms -> kms.unwrap(w, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callsWithANullArgument")
    void nullArgumentIsInvalidArgumentAndNeverReachesTheProvider(String name, Consumer<KmsManager> call) {
        StubProviderFactory alpha = new StubProviderFactory("alpha");

        try (KmsManager kms = KmsManager.builder().discovery(false).factory(alpha).enable("alpha").build()) {
            assertInvalidArgument(() -> call.accept(kms));
        }

        assertThat(((StubProvider) alpha.created.get(0)).calls).isEmpty();
    }

    @Test
    void negativeDeletionWindowIsInvalidArgument() {
        StubProviderFactory alpha = new StubProviderFactory("alpha");

        try (KmsManager kms = KmsManager.builder().discovery(false).factory(alpha).enable("alpha").build()) {
            assertInvalidArgument(() -> kms.scheduleDeletion(ALPHA_KEY, Duration.ofSeconds(-1)));
        }

        assertThat(((StubProvider) alpha.created.get(0)).calls).isEmpty();
    }

    // ---- provider failures ---------------------------------------------------------------------

    @Test
    void unexpectedProviderExceptionBecomesInternalWithProviderAndKey() {
        StubProvider provider = new StubProvider("alpha");
        provider.failWith = new IllegalStateException("internal detail 0xDEADBEEF");

        try (KmsManager kms = managerFor(provider)) {
            assertThatThrownBy(() -> kms.encrypt(ALPHA_KEY, BYTES, CONTEXT)).isInstanceOfSatisfying(KmsException.class, e -> {
                assertThat(e.code()).isEqualTo(KmsErrorCode.INTERNAL);
                assertThat(e.provider()).contains("alpha");
                assertThat(e.keyRef()).contains(ALPHA_KEY);
                assertThat(e.getCause()).isSameAs(provider.failWith);
                assertThat(e.getMessage()).contains("encrypt", "IllegalStateException").doesNotContain("0xDEADBEEF");
            });
        }
    }

    @Test
    void unexpectedExceptionFromListKeysBecomesInternalWithProvider() {
        StubProvider provider = new StubProvider("alpha");
        provider.failWith = new IllegalStateException("x");

        try (KmsManager kms = managerFor(provider)) {
            assertThatThrownBy(() -> kms.listKeys("alpha://")).isInstanceOfSatisfying(KmsException.class, e -> {
                assertThat(e.code()).isEqualTo(KmsErrorCode.INTERNAL);
                assertThat(e.provider()).contains("alpha");
                assertThat(e.keyRef()).isEmpty();
            });
        }
    }

    @Test
    void providerKmsExceptionGetsProviderAndKeyContext() {
        StubProvider provider = new StubProvider("alpha");
        provider.failWith = KmsException.builder(KmsErrorCode.NOT_FOUND, "no such key").providerErrorCode("404").build();

        try (KmsManager kms = managerFor(provider)) {
            assertThatThrownBy(() -> kms.metadata(ALPHA_KEY)).isInstanceOfSatisfying(KmsException.class, e -> {
                assertThat(e.code()).isEqualTo(KmsErrorCode.NOT_FOUND);
                assertThat(e.provider()).contains("alpha");
                assertThat(e.keyRef()).contains(ALPHA_KEY);
                assertThat(e.providerErrorCode()).contains("404");
                assertThat(e.getMessage()).isEqualTo("no such key");
            });
        }
    }

    @Test
    void providerKmsExceptionKeepsTheKeyTheProviderNamed() {
        StubProvider provider = new StubProvider("alpha");
        KeyRef exact = ALPHA_KEY.withVersion("4");
        provider.failWith = KmsException.builder(KmsErrorCode.INVALID_KEY_STATE, "version disabled").keyRef(exact).build();

        try (KmsManager kms = managerFor(provider)) {
            assertThatThrownBy(() -> kms.decrypt(ALPHA_KEY, BYTES, CONTEXT)).isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.keyRef()).contains(exact));
        }
    }

    static Stream<Arguments> callsNeedingOneCapability() {
        KeyRef k = ALPHA_KEY;
        SignatureAlgorithm a = SignatureAlgorithm.ECDSA_SHA256;
        return Stream.of(
                Arguments.of(Capability.CREATE, (Consumer<KmsManager>) kms -> kms.createKey(k, KeySpec.AES_256)),
                Arguments.of(Capability.LIST, (Consumer<KmsManager>) kms -> kms.listKeys("alpha://")),
                Arguments.of(Capability.METADATA, (Consumer<KmsManager>) kms -> kms.metadata(k)),
                Arguments.of(Capability.ROTATE, (Consumer<KmsManager>) kms -> kms.rotate(k)),
                Arguments.of(Capability.ENABLE_DISABLE, (Consumer<KmsManager>) kms -> kms.disable(k)),
                Arguments.of(Capability.ENABLE_DISABLE, (Consumer<KmsManager>) kms -> kms.enable(k)),
                Arguments.of(Capability.SCHEDULE_DELETION, (Consumer<KmsManager>) kms -> kms.scheduleDeletion(k, Duration.ofDays(7))),
                Arguments.of(Capability.SCHEDULE_DELETION, (Consumer<KmsManager>) kms -> kms.cancelDeletion(k)),
                Arguments.of(Capability.SIGN, (Consumer<KmsManager>) kms -> kms.sign(k, a, BYTES)),
                Arguments.of(Capability.VERIFY, (Consumer<KmsManager>) kms -> kms.verify(k, a, BYTES, BYTES)),
                Arguments.of(Capability.PUBLIC_KEY, (Consumer<KmsManager>) kms -> kms.getPublicKey(k)),
                Arguments.of(Capability.ENCRYPT, (Consumer<KmsManager>) kms -> kms.encrypt(k, BYTES, CONTEXT)),
                Arguments.of(Capability.DECRYPT, (Consumer<KmsManager>) kms -> kms.decrypt(k, BYTES, CONTEXT)),
                Arguments.of(Capability.DATA_KEY, (Consumer<KmsManager>) kms -> kms.createDek(k, DekSpec.AES_256, CONTEXT)),
                Arguments.of(Capability.WRAP, (Consumer<KmsManager>) kms -> kms.wrap(k, BYTES, CONTEXT)),
                Arguments.of(Capability.UNWRAP, (Consumer<KmsManager>) kms -> kms.unwrap(WrappedKey.of(k, BYTES), CONTEXT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callsNeedingOneCapability")
    void missingCapabilityIsUnsupportedBeforeTheProviderIsCalled(Capability missing, Consumer<KmsManager> call) {
        EnumSet<Capability> capabilities = EnumSet.allOf(Capability.class);
        capabilities.remove(missing);
        StubProvider provider = new StubProvider("alpha", capabilities);

        try (KmsManager kms = managerFor(provider)) {
            assertThatThrownBy(() -> call.accept(kms)).isInstanceOfSatisfying(KmsException.class, e -> {
                assertThat(e.code()).isEqualTo(KmsErrorCode.UNSUPPORTED);
                assertThat(e.provider()).contains("alpha");
                assertThat(e.getMessage()).contains(missing.name());
            });
        }

        assertThat(provider.calls).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callsNeedingOneCapability")
    void callWithItsCapabilityReachesTheProvider(Capability needed, Consumer<KmsManager> call) {
        StubProvider provider = new StubProvider("alpha", EnumSet.of(needed));

        try (KmsManager kms = managerFor(provider)) {
            call.accept(kms);
        }

        assertThat(provider.calls).hasSize(1);
    }

    // ---- closing -------------------------------------------------------------------------------

    @Test
    void callsAfterCloseThrowIllegalState() {
        StubProvider provider = new StubProvider("alpha");
        KmsManager kms = managerFor(provider);

        kms.close();

        assertThatThrownBy(() -> kms.metadata(ALPHA_KEY)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kms.encrypt(ALPHA_KEY, BYTES, CONTEXT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kms.listKeys("alpha://")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kms.capabilities("alpha")).isInstanceOf(IllegalStateException.class);
        assertThat(provider.calls).isEmpty();
    }

    @Test
    void closeClosesEveryProviderOnce() {
        StubProviderFactory alpha = new StubProviderFactory("alpha");
        StubProviderFactory beta = new StubProviderFactory("beta");
        KmsManager kms = KmsManager.builder().discovery(false).factory(alpha).factory(beta)
                .enable("alpha").enable("beta").build();

        kms.close();
        kms.close();

        assertThat(((StubProvider) alpha.created.get(0)).closeCount).isEqualTo(1);
        assertThat(((StubProvider) beta.created.get(0)).closeCount).isEqualTo(1);
        assertThat(kms.toString()).contains("closed");
    }

    @Test
    void failingProviderCloseStillClosesTheOthersAndIsRethrown() {
        StubProvider failing = new StubProvider("alpha");
        failing.failOnClose = new IllegalStateException("close failed");
        StubProvider other = new StubProvider("beta");
        KmsManager kms = KmsManager.builder().discovery(false)
                .factory(new StubProviderFactory("alpha", s -> failing))
                .factory(new StubProviderFactory("beta", s -> other))
                .enable("alpha").enable("beta").build();

        assertThatThrownBy(kms::close).isSameAs(failing.failOnClose);
        assertThat(other.closeCount).isEqualTo(1);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static KmsManager managerFor(StubProvider provider) {
        return KmsManager.builder().discovery(false)
                .factory(new StubProviderFactory(provider.scheme(), scheme -> provider))
                .enable(provider.scheme()).build();
    }

    private static Arguments call(String name, Consumer<KmsManager> call) {
        return Arguments.of(name, call);
    }

    private static void assertInvalidArgument(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    /** Serves a different services file, listing two factories for scheme "dup" (and alpha). */
    private static ClassLoader duplicateSchemeLoader() {
        return loaderServing("/services-variants/duplicate-scheme.txt");
    }

    /** A class loader whose only KmsProviderFactory services file is the given test resource. */
    private static ClassLoader loaderServing(String resource) {
        URL services = KmsManagerTest.class.getResource(resource);
        assertThat(services).as("test resource " + resource).isNotNull();
        return new ClassLoader(KmsManagerTest.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                if (name.equals("META-INF/services/dev.kms4j.spi.KmsProviderFactory")) {
                    return Collections.enumeration(List.of(services));
                }
                return super.getResources(name);
            }
        };
    }
}
