package dev.kms4j.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.Caller;
import dev.kms4j.CallerContext;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.KmsOperation;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.testsupport.Managers;
import dev.kms4j.testsupport.StubProvider;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyAccessPolicyDecoratorTest {
    private static final KeyRef KEY = KeyRef.parse("stub://payments");
    private static final EncryptionContext CTX = EncryptionContext.empty();

    private final StubProvider provider = new StubProvider("stub");

    private KmsManager managerWith(KeyAccessPolicy policy) {
        return Managers.of(provider, policy.asDecorator());
    }

    /** Calls {@code op} on {@code key} through the manager. */
    private static void invoke(KmsManager kms, KmsOperation op, KeyRef key) {
        switch (op) {
            case CREATE_KEY: kms.createKey(key, KeySpec.AES_256); break;
            case LIST_KEYS: kms.listKeys("stub://" + key.keyId()); break;
            case METADATA: kms.metadata(key); break;
            case ROTATE: kms.rotate(key); break;
            case ROTATION_POLICY: kms.rotationPolicy(key); break;
            case SET_ROTATION_POLICY: kms.setRotationPolicy(key, RotationPolicy.manual()); break;
            case DISABLE: kms.disable(key); break;
            case ENABLE: kms.enable(key); break;
            case SCHEDULE_DELETION: kms.scheduleDeletion(key, Duration.ofDays(7)); break;
            case CANCEL_DELETION: kms.cancelDeletion(key); break;
            case SIGN: kms.sign(key, SignatureAlgorithm.ECDSA_SHA256, new byte[] {1}); break;
            case VERIFY: kms.verify(key, SignatureAlgorithm.ECDSA_SHA256, new byte[] {1}, new byte[] {2}); break;
            case GET_PUBLIC_KEY: kms.getPublicKey(key); break;
            case ENCRYPT: kms.encrypt(key, new byte[] {1}, CTX); break;
            case DECRYPT: kms.decrypt(key, new byte[] {1}, CTX); break;
            case CREATE_DEK: kms.createDek(key, DekSpec.AES_256, CTX).close(); break;
            case WRAP: kms.wrap(key, new byte[16], CTX); break;
            case UNWRAP: kms.unwrap(WrappedKey.of(key, new byte[] {1}), CTX).close(); break;
            default: throw new AssertionError(op);
        }
    }

    @ParameterizedTest
    @EnumSource(KmsOperation.class)
    void eachOperationIsDeniedWhenItsRuleDeniesItAndNeverReachesTheProvider(KmsOperation op) {
        KeyAccessPolicy policy = KeyAccessPolicy.builder()
                .allow("principal:svc", EnumSet.allOf(KmsOperation.class), "**")
                .deny("principal:svc", EnumSet.of(op), "stub://payments")
                .build();

        try (KmsManager kms = managerWith(policy); CallerContext.Scope s = CallerContext.principal("svc")) {
            assertThatThrownBy(() -> invoke(kms, op, KEY)).isInstanceOfSatisfying(KmsException.class, e -> {
                assertThat(e.code()).isEqualTo(KmsErrorCode.PERMISSION_DENIED);
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage()).contains("'svc'").contains(op.methodName()).contains("stub://payments");
            });
        }
        assertThat(provider.calls).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(KmsOperation.class)
    void eachOperationReachesTheProviderWhenOnlyThatOperationIsAllowed(KmsOperation op) {
        KeyAccessPolicy policy = KeyAccessPolicy.builder().allow("principal:svc", EnumSet.of(op), "stub://**").build();

        try (KmsManager kms = managerWith(policy); CallerContext.Scope s = CallerContext.principal("svc")) {
            invoke(kms, op, KEY);
        }
        assertThat(provider.calls).hasSize(1);
    }

    @Test
    void aCallWithoutACallerContextIsDeniedAsAnonymous() {
        KeyAccessPolicy policy = KeyAccessPolicy.builder().allow("principal:*", EnumSet.allOf(KmsOperation.class), "**").build();

        try (KmsManager kms = managerWith(policy)) {
            assertThatThrownBy(() -> kms.metadata(KEY)).isInstanceOfSatisfying(KmsException.class, e -> {
                assertThat(e.code()).isEqualTo(KmsErrorCode.PERMISSION_DENIED);
                assertThat(e.getMessage()).contains("anonymous");
            });
        }
    }

    @Test
    void aVersionedReferenceIsCheckedAgainstItsKey() {
        KeyAccessPolicy policy = KeyAccessPolicy.builder()
                .allow("principal:svc", EnumSet.of(KmsOperation.SIGN), "stub://payments").build();

        try (KmsManager kms = managerWith(policy); CallerContext.Scope s = CallerContext.principal("svc")) {
            kms.sign(KEY.withVersion("3"), SignatureAlgorithm.ECDSA_SHA256, new byte[] {1});
        }
        assertThat(provider.calls).containsExactly("sign stub://payments#3");
    }

    @Test
    void unwrapIsCheckedAgainstTheKekRecordedInTheWrappedKey() {
        KeyAccessPolicy policy = KeyAccessPolicy.builder()
                .allow("principal:svc", EnumSet.of(KmsOperation.UNWRAP), "stub://kek-a").build();
        WrappedKey underA = WrappedKey.of(KeyRef.parse("stub://kek-a#2"), new byte[] {1});
        WrappedKey underB = WrappedKey.of(KeyRef.parse("stub://kek-b#2"), new byte[] {1});

        try (KmsManager kms = managerWith(policy); CallerContext.Scope s = CallerContext.principal("svc")) {
            kms.unwrap(underA, CTX).close();
            assertThatThrownBy(() -> kms.unwrap(underB, CTX)).isInstanceOfSatisfying(KmsException.class, e -> {
                assertThat(e.code()).isEqualTo(KmsErrorCode.PERMISSION_DENIED);
                assertThat(e.getMessage()).contains("stub://kek-b#2");
            });
        }
    }

    @Test
    void listingNeedsThePrefixAllowed() {
        KeyAccessPolicy policy = KeyAccessPolicy.builder()
                .allow("principal:svc", EnumSet.of(KmsOperation.LIST_KEYS), "stub://team-a-*").build();

        try (KmsManager kms = managerWith(policy); CallerContext.Scope s = CallerContext.principal("svc")) {
            assertThatThrownBy(() -> kms.listKeys("stub://")).isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.code()).isEqualTo(KmsErrorCode.PERMISSION_DENIED));
        }
        assertThat(provider.calls).isEmpty();
    }

    @Test
    void listingLeavesOutKeysTheCallerMayNotList() {
        // StubProvider lists exactly one key, stub://listed.
        KeyAccessPolicy policy = KeyAccessPolicy.builder()
                .allow("principal:svc", EnumSet.of(KmsOperation.LIST_KEYS), "stub://*")
                .deny("principal:svc", EnumSet.of(KmsOperation.LIST_KEYS), "stub://listed")
                .build();

        try (KmsManager kms = managerWith(policy); CallerContext.Scope s = CallerContext.principal("svc")) {
            assertThat(kms.listKeys("stub://")).isEmpty();
        }
    }

    @Test
    void rolesFromTheCallerContextAreUsed() {
        KeyAccessPolicy policy = KeyAccessPolicy.parse("allow role:key-admin rotate,disable stub://**");

        try (KmsManager kms = managerWith(policy);
             CallerContext.Scope s = CallerContext.open(Caller.builder("alice").roles("key-admin").build())) {
            kms.rotate(KEY);
            kms.disable(KEY);
        }
        assertThat(provider.calls).hasSize(2);
    }
}
