package dev.kms4j.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.CallerContext;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.KmsOperation;
import dev.kms4j.WrappedKey;
import dev.kms4j.cache.KeyCacheDecorator;
import dev.kms4j.policy.KeyAccessPolicy;
import dev.kms4j.testsupport.JcaTestProvider;
import dev.kms4j.testsupport.Managers;
import dev.kms4j.testsupport.MutableClock;
import dev.kms4j.testsupport.StubProvider;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuditDecoratorTest {
    private static final KeyRef KEY = KeyRef.parse("stub://payments");
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final StubProvider provider = new StubProvider("stub");
    private final CollectingSink sink = new CollectingSink();

    private KmsManager manager(boolean failClosed) {
        return Managers.of(provider, AuditDecorator.builder().sink(sink).failClosed(failClosed)
                .clock(new MutableClock(NOW)).build());
    }

    @Test
    void eachOperationWritesOneRecordWithCallerKeyProviderAndOutcome() {
        try (KmsManager kms = manager(false); CallerContext.Scope s = CallerContext.principal("svc-billing", "req-7")) {
            kms.metadata(KEY.withVersion("3"));
        }

        assertThat(sink.records).hasSize(1);
        AuditRecord r = sink.last();
        assertThat(r.time()).isEqualTo(NOW);
        assertThat(r.operation()).isEqualTo(KmsOperation.METADATA);
        assertThat(r.provider()).isEqualTo("stub");
        assertThat(r.key()).isEqualTo("stub://payments");
        assertThat(r.keyVersion()).hasValue("3");
        assertThat(r.principal()).hasValue("svc-billing");
        assertThat(r.requestId()).isEqualTo("req-7");
        assertThat(r.outcome()).isEqualTo(AuditOutcome.OK);
        assertThat(r.errorCode()).isEmpty();
        assertThat(r.latency().isNegative()).isFalse();
    }

    @Test
    void withoutACallerTheRecordHasNoPrincipalAndAFreshRequestIdPerCall() {
        try (KmsManager kms = manager(false)) {
            kms.metadata(KEY);
            kms.metadata(KEY);
        }

        assertThat(sink.records).allSatisfy(r -> assertThat(r.principal()).isEmpty());
        assertThat(sink.records.get(0).requestId()).isNotEqualTo(sink.records.get(1).requestId());
    }

    @Test
    void aFailedOperationIsRecordedAsErrorWithItsCode() {
        provider.failWith = new KmsException(KmsErrorCode.NOT_FOUND, "no such key");

        try (KmsManager kms = manager(false)) {
            assertThatThrownBy(() -> kms.sign(KEY, dev.kms4j.SignatureAlgorithm.ECDSA_SHA256, new byte[] {1}))
                    .isInstanceOf(KmsException.class);
        }

        assertThat(sink.last().outcome()).isEqualTo(AuditOutcome.ERROR);
        assertThat(sink.last().errorCode()).hasValue(KmsErrorCode.NOT_FOUND);
    }

    @Test
    void anUnexpectedProviderFailureIsRecordedAsInternal() {
        provider.failWith = new IllegalStateException("bug");

        try (KmsManager kms = manager(false)) {
            assertThatThrownBy(() -> kms.metadata(KEY)).isInstanceOf(KmsException.class);
        }

        assertThat(sink.last().errorCode()).hasValue(KmsErrorCode.INTERNAL);
    }

    @Test
    void aPolicyDenialIsRecordedAsDenied() {
        KeyAccessPolicy policy = KeyAccessPolicy.builder().allow("principal:other", EnumSet.allOf(KmsOperation.class), "**").build();

        try (KmsManager kms = Managers.of(provider, AuditDecorator.builder().sink(sink).build(), policy.asDecorator());
             CallerContext.Scope s = CallerContext.principal("svc")) {
            assertThatThrownBy(() -> kms.rotate(KEY)).isInstanceOf(KmsException.class);
        }

        assertThat(provider.calls).isEmpty();
        assertThat(sink.last().outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(sink.last().errorCode()).hasValue(KmsErrorCode.PERMISSION_DENIED);
        assertThat(sink.last().principal()).hasValue("svc");
    }

    @Test
    void rotateRecordsTheNewVersion() {
        try (KmsManager kms = manager(false)) {
            kms.rotate(KEY);
        }

        assertThat(sink.last().keyVersion()).hasValue("2");
    }

    @Test
    void createDekRecordsTheKekVersionThatWrappedIt() {
        JcaTestProvider jca = new JcaTestProvider("jca");
        KeyRef kek = KeyRef.parse("jca://kek");
        try (KmsManager kms = Managers.of(jca, AuditDecorator.builder().sink(sink).build())) {
            kms.createKey(kek, KeySpec.AES_256);
            kms.rotate(kek);
            kms.createDek(kek, DekSpec.AES_256, EncryptionContext.empty()).close();
        }

        assertThat(sink.last().operation()).isEqualTo(KmsOperation.CREATE_DEK);
        assertThat(sink.last().key()).isEqualTo("jca://kek");
        assertThat(sink.last().keyVersion()).hasValue("2");
    }

    @Test
    void unwrapRecordsTheKekOfTheWrappedKey() {
        try (KmsManager kms = manager(false)) {
            kms.unwrap(WrappedKey.of(KeyRef.parse("stub://kek#4"), new byte[] {1}), EncryptionContext.empty()).close();
        }

        assertThat(sink.last().key()).isEqualTo("stub://kek");
        assertThat(sink.last().keyVersion()).hasValue("4");
    }

    @Test
    void listKeysRecordsThePrefix() {
        try (KmsManager kms = manager(false)) {
            kms.listKeys("stub://team-a/");
        }

        assertThat(sink.last().key()).isEqualTo("stub://team-a/");
    }

    @Test
    void callsAnsweredFromTheCacheAreAuditedToo() {
        try (KmsManager kms = Managers.of(provider, AuditDecorator.builder().sink(sink).build(),
                KeyCacheDecorator.builder().build())) {
            kms.metadata(KEY);
            kms.metadata(KEY);
        }

        assertThat(sink.records).hasSize(2);
        assertThat(provider.calls).hasSize(1);
    }

    @Test
    void aFailingSinkDoesNotFailTheOperationByDefault() {
        sink.failWith = new IllegalStateException("disk full");

        try (KmsManager kms = manager(false)) {
            assertThat(kms.rotate(KEY)).isEqualTo(KEY.withVersion("2"));
        }
    }

    @Test
    void aFailingSinkFailsTheOperationWhenFailClosed() {
        sink.failWith = new IllegalStateException("disk full");

        try (KmsManager kms = manager(true)) {
            assertThatThrownBy(() -> kms.metadata(KEY)).isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INTERNAL));
        }
    }

    @Test
    void failClosedDiscardsTheDataKeyItCannotAudit() {
        AtomicReference<DataKey> created = new AtomicReference<>();
        dev.kms4j.spi.KmsProvider capturing = new dev.kms4j.spi.ForwardingKmsProvider(provider) {
            @Override
            public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
                DataKey dk = super.createDek(kek, spec, context);
                created.set(dk);
                return dk;
            }
        };
        sink.failWith = new IllegalStateException("disk full");

        try (KmsManager kms = Managers.of(capturing, AuditDecorator.builder().sink(sink).failClosed(true).build())) {
            assertThatThrownBy(() -> kms.createDek(KEY, DekSpec.AES_256, EncryptionContext.empty()))
                    .isInstanceOf(KmsException.class);
        }

        assertThat(created.get().isClosed()).isTrue();
    }

    @Test
    void whenTheOperationAndTheSinkBothFailTheOperationsErrorIsThrown() {
        provider.failWith = new KmsException(KmsErrorCode.NOT_FOUND, "no such key");
        sink.failWith = new IllegalStateException("disk full");

        try (KmsManager kms = manager(true)) {
            assertThatThrownBy(() -> kms.metadata(KEY)).isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.code()).isEqualTo(KmsErrorCode.NOT_FOUND));
        }
    }
}
