package dev.kms4j.testkit.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.kms4j.KmsException;
import dev.kms4j.testkit.reference.ReferenceKmsProvider.Flaw;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Shows that the contract is not vacuous: a provider with one deliberate bug fails the contract
 * test written for that behaviour, while the honest provider passes the same test. Each contract
 * test is run through the JUnit Platform launcher against a contract subclass whose provider has
 * the flaw. (The flawed subclasses are nested, so Surefire does not run them on their own.)
 */
class ContractCatchesBrokenProvidersTest {
    private static final String SPEC = "dev.kms4j.KeySpec";
    private static final String FAMILY = "dev.kms4j.KeyType";

    static Stream<Arguments> flawsAndTheTestsThatMustCatchThem() {
        return Stream.of(
                Arguments.of(IgnoresContext.class, "decryptUnderAnotherContextIsAnIntegrityError", ""),
                Arguments.of(IgnoresContext.class, "unwrapUnderAnotherContextIsAnIntegrityError", ""),
                Arguments.of(P1363Signatures.class, "ecdsaSignaturesAreDerSequencesOfTwoIntegers", SPEC),
                Arguments.of(P1363Signatures.class, "signaturesVerifyWithTheJdkAndTheExportedPublicKey", SPEC),
                Arguments.of(IgnoresDisabledState.class, "disabledEncryptionKeyRefusesUseUntilEnabledAgain", ""),
                Arguments.of(IgnoresDisabledState.class, "disabledVersionRefusesItsCiphertextsUntilEnabledAgain", ""),
                Arguments.of(LeaksPlaintextInErrors.class, "exceptionsNeverContainPlaintextOrKeyBytes", ""),
                Arguments.of(ForgetsOldVersions.class, "ciphertextFromBeforeRotationStillDecrypts", ""),
                Arguments.of(ForgetsOldVersions.class, "wrappedKeyFromBeforeRotationStillUnwraps", ""),
                Arguments.of(ForgetsOldVersions.class, "signaturesAfterRotationComeFromTheNewVersion", FAMILY),
                Arguments.of(VerifyAlwaysTrue.class, "verifyRejectsASignatureWithAFlippedBit", SPEC),
                Arguments.of(VerifyAlwaysTrue.class, "verifyReturnsFalseForMalformedSignatures", FAMILY),
                Arguments.of(WrongNotFoundCode.class, "everyOperationOnAnUnknownKeyIsNotFound", ""));
    }

    @ParameterizedTest(name = "{0} fails {1}")
    @MethodSource("flawsAndTheTestsThatMustCatchThem")
    void flawedProviderFailsTheContractTestForThatBehaviour(Class<?> flawed, String method, String parameterTypes) {
        TestExecutionSummary summary = run(flawed, method, parameterTypes);

        assertThat(summary.getTestsFailedCount()).as("failed runs of %s", method).isPositive();
        // A failed check, or the provider's own error escaping a round trip that must succeed;
        // anything else (a broken test fixture, say) would not show that the contract works.
        assertThat(summary.getFailures()).allSatisfy(f -> assertThat(f.getException()).as("failure of %s", method)
                .isInstanceOfAny(AssertionError.class, KmsException.class));
    }

    @ParameterizedTest(name = "honest provider passes {1}")
    @MethodSource("flawsAndTheTestsThatMustCatchThem")
    void honestProviderPassesTheSameContractTest(Class<?> flawed, String method, String parameterTypes) {
        TestExecutionSummary summary = run(Honest.class, method, parameterTypes);

        assertThat(summary.getFailures()).as("failures of %s", method).isEmpty();
        assertThat(summary.getTestsSucceededCount()).as("successful runs of %s", method).isPositive();
    }

    private static TestExecutionSummary run(Class<?> contract, String method, String parameterTypes) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(contract, method, parameterTypes))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getTestsFoundCount()).as("tests found for %s#%s", contract.getSimpleName(), method).isPositive();
        return summary;
    }

    static final class Honest extends ReferenceProviderContractBase {
    }

    static final class IgnoresContext extends ReferenceProviderContractBase {
        IgnoresContext() {
            super(Flaw.IGNORES_CONTEXT);
        }
    }

    static final class P1363Signatures extends ReferenceProviderContractBase {
        P1363Signatures() {
            super(Flaw.P1363_SIGNATURES);
        }
    }

    static final class IgnoresDisabledState extends ReferenceProviderContractBase {
        IgnoresDisabledState() {
            super(Flaw.IGNORES_DISABLED_STATE);
        }
    }

    static final class LeaksPlaintextInErrors extends ReferenceProviderContractBase {
        LeaksPlaintextInErrors() {
            super(Flaw.LEAKS_PLAINTEXT_IN_ERRORS);
        }
    }

    static final class ForgetsOldVersions extends ReferenceProviderContractBase {
        ForgetsOldVersions() {
            super(Flaw.FORGETS_OLD_VERSIONS);
        }
    }

    static final class VerifyAlwaysTrue extends ReferenceProviderContractBase {
        VerifyAlwaysTrue() {
            super(Flaw.VERIFY_ALWAYS_TRUE);
        }
    }

    static final class WrongNotFoundCode extends ReferenceProviderContractBase {
        WrongNotFoundCode() {
            super(Flaw.WRONG_NOT_FOUND_CODE);
        }
    }
}
