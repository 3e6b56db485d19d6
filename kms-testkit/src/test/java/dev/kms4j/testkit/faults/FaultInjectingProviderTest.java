package dev.kms4j.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.Capability;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectingProviderTest {
    private static final KeyRef KEY = KeyRef.parse("stub://payments");
    private static final byte[] MESSAGE = {1, 2, 3};

    private final StubProvider stub = new StubProvider();
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final FaultInjection injection = FaultInjection.create(new Faults(), slept::add);
    private final KmsManager kms = KmsManager.builder().discovery(false).factory(new StubFactory(stub))
            .enable("stub").decorate(injection).build();

    @AfterEach
    void close() {
        kms.close();
    }

    private KmsException signFailure() {
        return catchThrowableOfType(KmsException.class, () -> kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE));
    }

    @Test
    void withoutFaultsCallsReachTheProvider() {
        assertThat(kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE)).isEqualTo(StubProvider.SIGNATURE);
        assertThat(stub.signCalls).isEqualTo(1);
        assertThat(injection.provider("stub").calls(FaultInjection.SIGN)).isEqualTo(1);
        assertThat(injection.provider("stub").forwarded(FaultInjection.SIGN)).isEqualTo(1);
    }

    @Test
    void throttleBecomesThrottledWithTheRetryHint() {
        injection.faults().on(FaultInjection.SIGN).failTimes(1, Fault.throttle(Duration.ofMillis(300)));

        KmsException e = signFailure();

        assertThat(e.code()).isEqualTo(KmsErrorCode.THROTTLED);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofMillis(300));
        assertThat(e.providerErrorCode()).contains(FaultInjectingProvider.INJECTED_FAULT);
        assertThat(e.provider()).contains("stub");
    }

    @Test
    void timeoutBecomesTimeout() {
        injection.faults().on(FaultInjection.SIGN).failTimes(1, Fault.timeout());

        assertThat(signFailure().code()).isEqualTo(KmsErrorCode.TIMEOUT);
    }

    @Test
    void unavailableAndConnectionResetBecomeUnavailable() {
        injection.faults().on(FaultInjection.SIGN).failTimes(1, Fault.unavailable());
        assertThat(signFailure().code()).isEqualTo(KmsErrorCode.UNAVAILABLE);

        injection.faults().on(FaultInjection.SIGN).failTimes(1, Fault.connectionReset());
        assertThat(signFailure().code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
    }

    @Test
    void httpStatusesMapAsTheRemoteProvidersMapThem() {
        assertThat(FaultInjectingProvider.codeOf(Fault.httpError(403))).isEqualTo(KmsErrorCode.PERMISSION_DENIED);
        assertThat(FaultInjectingProvider.codeOf(Fault.httpError(404))).isEqualTo(KmsErrorCode.NOT_FOUND);
        assertThat(FaultInjectingProvider.codeOf(Fault.httpError(400))).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(FaultInjectingProvider.codeOf(Fault.httpError(504))).isEqualTo(KmsErrorCode.TIMEOUT);
        assertThat(FaultInjectingProvider.codeOf(Fault.httpError(429))).isEqualTo(KmsErrorCode.THROTTLED);
        assertThat(FaultInjectingProvider.codeOf(Fault.internalError())).isEqualTo(KmsErrorCode.UNAVAILABLE);
    }

    @Test
    void failedCallsAreCountedButNotForwarded() {
        injection.faults().on(FaultInjection.SIGN).failTimes(2, Fault.unavailable());

        signFailure();
        signFailure();
        kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);

        assertThat(injection.provider("stub").calls(FaultInjection.SIGN)).isEqualTo(3);
        assertThat(injection.provider("stub").forwarded(FaultInjection.SIGN)).isEqualTo(1);
        assertThat(stub.signCalls).isEqualTo(1);
    }

    @Test
    void faultsApplyPerOperation() {
        injection.faults().on(FaultInjection.SIGN).always(Fault.unavailable());

        byte[] ciphertext = kms.encrypt(KEY, MESSAGE, EncryptionContext.empty());

        assertThat(ciphertext).isNotEmpty();
        assertThat(signFailure().code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
    }

    @Test
    void latencyIsSpentThroughTheSleeperBeforeTheAnswer() {
        injection.faults().on(FaultInjection.SIGN).latency(Duration.ofMillis(700));

        kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);

        assertThat(slept).containsExactly(Duration.ofMillis(700));
    }

    @Test
    void resetCountsForgetsCallsButKeepsFaults() {
        injection.faults().on(FaultInjection.SIGN).failTimes(2, Fault.unavailable());
        signFailure();

        injection.provider("stub").resetCounts();

        assertThat(injection.provider("stub").totalCalls()).isZero();
        assertThat(injection.faults().on(FaultInjection.SIGN).remainingFailures()).isEqualTo(1);
    }

    @Test
    void anUndecoratedSchemeIsReported() {
        assertThat(catchThrowableOfType(IllegalStateException.class, () -> injection.provider("other")))
                .hasMessageContaining("other");
    }

    /** A provider that signs and encrypts with fixed answers and counts its calls. */
    static final class StubProvider implements KmsProvider {
        static final byte[] SIGNATURE = {7, 7, 7};
        volatile int signCalls;

        @Override
        public String scheme() {
            return "stub";
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.allOf(Capability.class);
        }

        @Override
        public synchronized byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
            signCalls++;
            return SIGNATURE.clone();
        }

        @Override
        public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
            return new byte[] {42};
        }

        @Override
        public void close() {
        }
    }

    private static final class StubFactory implements KmsProviderFactory {
        private final StubProvider provider;

        StubFactory(StubProvider provider) {
            this.provider = provider;
        }

        @Override
        public String scheme() {
            return "stub";
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.allOf(Capability.class);
        }

        @Override
        public KmsProvider create(ProviderConfig config) {
            return provider;
        }
    }
}
