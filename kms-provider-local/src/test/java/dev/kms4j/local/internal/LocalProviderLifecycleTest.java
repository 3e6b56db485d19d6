package dev.kms4j.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyUsage;
import dev.kms4j.KeyVersionMetadata;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Creation, metadata, rotation, enable/disable and scheduled deletion. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class LocalProviderLifecycleTest extends LocalProviderFixture {
    private static final byte[] DATA = "data".getBytes(StandardCharsets.UTF_8);
    private static final EncryptionContext CONTEXT = EncryptionContext.of("app", "test");

    LocalProviderLifecycleTest(StoreKind storeKind) {
        super(storeKind);
    }

    @Test
    void keysVersionsAndStatesSurviveReopening() {
        assumeTrue(storeKind == StoreKind.DISK, "only an on-disk store outlives its provider");
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] v1 = provider.encrypt(key, DATA, CONTEXT);
        provider.rotate(key);
        provider.disable(key.withVersion("1"));
        KeyMetadata before = provider.metadata(key);

        reopen();

        assertThat(provider.metadata(key)).isEqualTo(before);
        provider.enable(key.withVersion("1"));
        assertThat(provider.decrypt(key, v1, CONTEXT)).isEqualTo(DATA);
    }

    @Test
    void newKeyHasOneEnabledVersionAndFullMetadata() {
        KeyMetadata md = provider.createKey(ref("payments"), CreateKeyOptions.builder(KeySpec.EC_P256)
                .description("signs payments").tag("team", "pay").build());

        assertThat(md.ref()).isEqualTo(ref("payments"));
        assertThat(md.spec()).isEqualTo(KeySpec.EC_P256);
        assertThat(md.usage()).isEqualTo(KeyUsage.SIGN_VERIFY);
        assertThat(md.state()).isEqualTo(KeyState.ENABLED);
        assertThat(md.currentVersion()).contains("1");
        assertThat(md.versions()).containsExactly(KeyVersionMetadata.of("1", KeyState.ENABLED, START));
        assertThat(md.createdAt()).contains(START);
        assertThat(md.rotatedAt()).isEmpty();
        assertThat(md.deletionDate()).isEmpty();
        assertThat(md.description()).contains("signs payments");
        assertThat(md.tags()).isEqualTo(Map.of("team", "pay"));
        assertThat(md.capabilities()).contains(Capability.SIGN, Capability.VERIFY, Capability.PUBLIC_KEY,
                Capability.ROTATE).doesNotContain(Capability.ENCRYPT, Capability.WRAP, Capability.DATA_KEY);
        assertThat(provider.metadata(ref("payments"))).isEqualTo(md);
    }

    @Test
    void capabilitiesFollowSpecAndUsage() {
        KeyRef aes = create("aes", KeySpec.AES_128);
        KeyRef hmac = create("hmac", KeySpec.HMAC_SHA256);
        KeyRef rsaEnc = create("rsa", KeySpec.RSA_2048, KeyUsage.ENCRYPT_DECRYPT);

        assertThat(provider.metadata(aes).capabilities()).contains(Capability.ENCRYPT, Capability.DECRYPT,
                Capability.WRAP, Capability.UNWRAP, Capability.DATA_KEY).doesNotContain(Capability.SIGN,
                Capability.PUBLIC_KEY);
        assertThat(provider.metadata(hmac).capabilities()).contains(Capability.SIGN, Capability.VERIFY)
                .doesNotContain(Capability.PUBLIC_KEY, Capability.ENCRYPT);
        assertThat(provider.metadata(rsaEnc).capabilities()).contains(Capability.ENCRYPT, Capability.PUBLIC_KEY)
                .doesNotContain(Capability.SIGN);
    }

    @Test
    void creatingAnExistingKeyIsAlreadyExistsAndKeepsTheKey() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] ct = provider.encrypt(key, DATA, CONTEXT);
        KeyMetadata before = provider.metadata(key);

        assertKmsError(KmsErrorCode.ALREADY_EXISTS,
                () -> provider.createKey(key, CreateKeyOptions.of(KeySpec.HMAC_SHA256)));

        assertThat(provider.metadata(key)).isEqualTo(before);
        assertThat(provider.decrypt(key, ct, CONTEXT)).isEqualTo(DATA);
    }

    @Test
    void rotateAddsACurrentVersionAndOldCiphertextsStillDecrypt() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] v1 = provider.encrypt(key, DATA, CONTEXT);
        clock.advance(Duration.ofHours(1));

        KeyRef v2 = provider.rotate(key);

        assertThat(v2).isEqualTo(key.withVersion("2"));
        KeyMetadata md = provider.metadata(key);
        assertThat(md.currentVersion()).contains("2");
        assertThat(md.rotatedAt()).contains(START.plus(Duration.ofHours(1)));
        assertThat(md.createdAt()).contains(START);
        assertThat(md.versions()).extracting(KeyVersionMetadata::version).containsExactly("1", "2");
        assertThat(provider.decrypt(key, v1, CONTEXT)).isEqualTo(DATA);
        assertThat(provider.encrypt(key, DATA, CONTEXT)[4]).isEqualTo((byte) 2);
    }

    @Test
    void rotatedSigningKeyStillVerifiesOldSignatures() {
        KeyRef key = create("k", KeySpec.RSA_2048);
        byte[] old = provider.sign(key, SignatureAlgorithm.RSA_PSS_SHA256, DATA);

        provider.rotate(key);

        assertThat(provider.verify(key, SignatureAlgorithm.RSA_PSS_SHA256, DATA, old)).isTrue();
        assertThat(provider.verify(key.withVersion("1"), SignatureAlgorithm.RSA_PSS_SHA256, DATA, old)).isTrue();
    }

    @Test
    void rotateAcceptsAVersionedReference() {
        KeyRef key = create("k", KeySpec.AES_128);
        KeyRef v2 = provider.rotate(key);

        assertThat(provider.rotate(v2)).isEqualTo(key.withVersion("3"));
    }

    @Test
    void disabledKeyRefusesEveryUse() {
        KeyRef aes = create("aes", KeySpec.AES_256);
        KeyRef ec = create("ec", KeySpec.EC_P256);
        byte[] ct = provider.encrypt(aes, DATA, CONTEXT);
        WrappedKey wrapped = provider.wrap(aes, DATA, CONTEXT);
        byte[] sig = provider.sign(ec, SignatureAlgorithm.ECDSA_SHA256, DATA);

        provider.disable(aes);
        provider.disable(ec);

        assertThat(provider.metadata(aes).state()).isEqualTo(KeyState.DISABLED);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.encrypt(aes, DATA, CONTEXT));
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.decrypt(aes, ct, CONTEXT));
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.wrap(aes, DATA, CONTEXT));
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.unwrap(wrapped, CONTEXT));
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.createDek(aes, DekSpec.AES_256, CONTEXT));
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.sign(ec, SignatureAlgorithm.ECDSA_SHA256, DATA));
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE,
                () -> provider.verify(ec, SignatureAlgorithm.ECDSA_SHA256, DATA, sig));
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.publicKey(ec));
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.rotate(aes));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void enablingADisabledKeyRestoresUse() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] ct = provider.encrypt(key, DATA, CONTEXT);
        provider.disable(key);

        provider.enable(key);

        assertThat(provider.metadata(key).state()).isEqualTo(KeyState.ENABLED);
        assertThat(provider.decrypt(key, ct, CONTEXT)).isEqualTo(DATA);
    }

    @Test
    void disablingAnOldVersionRefusesOnlyThatVersion() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] v1 = provider.encrypt(key, DATA, CONTEXT);
        provider.rotate(key);
        byte[] v2 = provider.encrypt(key, DATA, CONTEXT);

        provider.disable(key.withVersion("1"));

        KeyMetadata md = provider.metadata(key);
        assertThat(md.state()).isEqualTo(KeyState.ENABLED);
        assertThat(md.version("1").orElseThrow().state()).isEqualTo(KeyState.DISABLED);
        assertThat(md.version("2").orElseThrow().state()).isEqualTo(KeyState.ENABLED);
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.decrypt(key, v1, CONTEXT));
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.encrypt(key.withVersion("1"), DATA, CONTEXT));
        assertThat(provider.decrypt(key, v2, CONTEXT)).isEqualTo(DATA);
    }

    @Test
    void enablingAVersionRestoresIt() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] v1 = provider.encrypt(key, DATA, CONTEXT);
        provider.rotate(key);
        provider.disable(key.withVersion("1"));

        provider.enable(key.withVersion("1"));

        assertThat(provider.decrypt(key, v1, CONTEXT)).isEqualTo(DATA);
    }

    @Test
    void disablingTheCurrentVersionAloneIsInvalidArgumentAndChangesNothing() {
        KeyRef key = create("k", KeySpec.AES_256);
        provider.rotate(key);
        KeyMetadata before = provider.metadata(key);

        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.disable(key.withVersion("2")));

        assertThat(provider.metadata(key)).isEqualTo(before);
    }

    @Test
    void disablingOrEnablingAnUnknownVersionIsNotFound() {
        KeyRef key = create("k", KeySpec.AES_256);
        KeyMetadata before = provider.metadata(key);

        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.disable(key.withVersion("7")));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.enable(key.withVersion("7")));

        assertThat(provider.metadata(key)).isEqualTo(before);
    }

    @Test
    void scheduledDeletionRefusesUseAndReportsTheDate() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] ct = provider.encrypt(key, DATA, CONTEXT);

        Instant when = provider.scheduleDeletion(key, Duration.ofDays(7));

        assertThat(when).isEqualTo(START.plus(Duration.ofDays(7)));
        KeyMetadata md = provider.metadata(key);
        assertThat(md.state()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(md.deletionDate()).contains(when);
        var before = snapshot();

        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.decrypt(key, ct, CONTEXT));
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.enable(key));
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.disable(key));
        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.rotate(key));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void schedulingTwiceIsInvalidKeyStateAndKeepsTheFirstDate() {
        KeyRef key = create("k", KeySpec.AES_256);
        Instant when = provider.scheduleDeletion(key, Duration.ofDays(7));

        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.scheduleDeletion(key, Duration.ofDays(30)));

        assertThat(provider.metadata(key).deletionDate()).contains(when);
    }

    @Test
    void cancellingDeletionLeavesTheKeyDisabledAndUsableAfterEnable() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] ct = provider.encrypt(key, DATA, CONTEXT);
        provider.scheduleDeletion(key, Duration.ofDays(7));

        provider.cancelDeletion(key);

        KeyMetadata md = provider.metadata(key);
        assertThat(md.state()).isEqualTo(KeyState.DISABLED);
        assertThat(md.deletionDate()).isEmpty();
        provider.enable(key);
        assertThat(provider.decrypt(key, ct, CONTEXT)).isEqualTo(DATA);
    }

    @Test
    void cancellingWhenNotPendingIsInvalidKeyState() {
        KeyRef key = create("k", KeySpec.AES_256);

        assertKmsError(KmsErrorCode.INVALID_KEY_STATE, () -> provider.cancelDeletion(key));

        assertThat(provider.metadata(key).state()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void deletionWindowOverTenYearsIsInvalidArgumentAndChangesNothing() {
        KeyRef key = create("k", KeySpec.AES_256);

        assertKmsError(KmsErrorCode.INVALID_ARGUMENT,
                () -> provider.scheduleDeletion(key, Duration.ofDays(3650).plusSeconds(1)));
        assertKmsError(KmsErrorCode.INVALID_ARGUMENT, () -> provider.scheduleDeletion(key, Duration.ofSeconds(-1)));

        assertThat(provider.metadata(key).state()).isEqualTo(KeyState.ENABLED);
        assertThat(provider.scheduleDeletion(key, Duration.ofDays(3650))).isEqualTo(START.plus(Duration.ofDays(3650)));
    }

    @Test
    void deletionOfAVersionedReferenceIsInvalidArgument() {
        KeyRef key = create("k", KeySpec.AES_256);

        assertKmsError(KmsErrorCode.INVALID_ARGUMENT,
                () -> provider.scheduleDeletion(key.withVersion("1"), Duration.ofDays(1)));

        assertThat(provider.metadata(key).state()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void keyIsDestroyedOnceItsDeletionDatePasses() {
        KeyRef key = create("k", KeySpec.AES_256);
        provider.scheduleDeletion(key, Duration.ofDays(7));
        clock.advance(Duration.ofDays(7).minusSeconds(1));
        assertThat(provider.metadata(key).state()).isEqualTo(KeyState.PENDING_DELETION);

        clock.advance(Duration.ofSeconds(1));

        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.metadata(key));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.cancelDeletion(key));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.encrypt(key, DATA, CONTEXT));
        assertThat(provider.listKeys("")).isEmpty();
    }

    @Test
    void destroyedKeyIsGoneFromTheStore() {
        KeyRef key = create("k", KeySpec.AES_256);
        provider.scheduleDeletion(key, Duration.ofDays(1));
        clock.advance(Duration.ofDays(2));

        assertThat(provider.listKeys("")).isEmpty();
        reopen();

        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.metadata(key));
    }

    @Test
    void zeroWindowDestroysOnNextAccess() {
        KeyRef key = create("k", KeySpec.AES_256);

        Instant when = provider.scheduleDeletion(key, Duration.ZERO);

        assertThat(when).isEqualTo(START);
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.metadata(key));
    }

    @Test
    void listingDestroysKeysWhoseDateHasPassed() {
        create("a", KeySpec.AES_256);
        create("b", KeySpec.AES_256);
        provider.scheduleDeletion(ref("a"), Duration.ofDays(1));
        clock.advance(Duration.ofDays(1));

        assertThat(provider.listKeys("")).containsExactly(ref("b"));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> provider.metadata(ref("a")));
    }

    @Test
    void destroyedKeyIdCanBeCreatedAgain() {
        KeyRef key = create("k", KeySpec.AES_256);
        byte[] old = provider.encrypt(key, DATA, CONTEXT);
        provider.scheduleDeletion(key, Duration.ofDays(1));
        clock.advance(Duration.ofDays(1));

        KeyRef again = create("k", KeySpec.AES_256);

        assertThat(provider.metadata(again).state()).isEqualTo(KeyState.ENABLED);
        assertKmsError(KmsErrorCode.INTEGRITY, () -> provider.decrypt(again, old, CONTEXT));
    }

    @Test
    void listKeysIsSortedAndFiltersByPrefix() {
        create("pay-2", KeySpec.AES_128);
        create("audit", KeySpec.HMAC_SHA256);
        create("pay-1", KeySpec.AES_128);

        assertThat(provider.listKeys("")).containsExactly(ref("audit"), ref("pay-1"), ref("pay-2"));
        assertThat(provider.listKeys("pay-")).containsExactly(ref("pay-1"), ref("pay-2"));
        assertThat(provider.listKeys("nothing")).isEmpty();
    }
}
