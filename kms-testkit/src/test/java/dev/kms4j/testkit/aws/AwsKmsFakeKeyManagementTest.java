package dev.kms4j.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.Tag;

/** Key management operations and their errors through the raw AWS SDK v2 against the fake. */
class AwsKmsFakeKeyManagementTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    private final KmsClient kms = AWS.sdkClient();

    private String newKey() {
        return kms.createKey(b -> b.description("k")).keyMetadata().keyId();
    }

    @Test
    void createKeyReturnsCompleteMetadata() {
        KeyMetadata m = kms.createKey(b -> b.description("payments").tags(Tag.builder().tagKey("team")
                .tagValue("pay").build())).keyMetadata();
        assertThat(m.arn()).isEqualTo("arn:aws:kms:us-east-1:111122223333:key/" + m.keyId());
        assertThat(m.awsAccountId()).isEqualTo("111122223333");
        assertThat(m.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(m.enabled()).isTrue();
        assertThat(m.keySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(m.keyUsageAsString()).isEqualTo("ENCRYPT_DECRYPT");
        assertThat(m.description()).isEqualTo("payments");
        assertThat(m.creationDate()).isNotNull();
        assertThat(m.encryptionAlgorithmsAsStrings()).containsExactly("SYMMETRIC_DEFAULT");
        assertThat(kms.listResourceTags(b -> b.keyId(m.keyId())).tags())
                .extracting(Tag::tagKey, Tag::tagValue).containsExactly(org.assertj.core.groups.Tuple.tuple("team", "pay"));
    }

    @Test
    void describeKeyAcceptsTheArn() {
        String id = newKey();
        KeyMetadata m = kms.describeKey(b -> b.keyId("arn:aws:kms:us-east-1:111122223333:key/" + id)).keyMetadata();
        assertThat(m.keyId()).isEqualTo(id);
    }

    @Test
    void unknownKeyIsNotFoundException() {
        assertThatThrownBy(() -> kms.describeKey(b -> b.keyId("00000000-0000-0000-0000-000000000000")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void listKeysPagesWithMarkers() {
        for (int i = 0; i < 3; i++) {
            newKey();
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            ListKeysResponse page = kms.listKeys(b -> b.limit(2).marker(m));
            page.keys().forEach(k -> seen.add(k.keyId()));
            marker = page.truncated() ? page.nextMarker() : null;
            pages++;
        } while (marker != null);
        assertThat(seen).doesNotHaveDuplicates().containsAll(AWS.fake().keyIds().subList(0, 3));
        assertThat(pages).isGreaterThan(1);
    }

    @Test
    void listAliasesIncludesAwsManagedAliasesWithoutTarget() {
        String id = newKey();
        kms.createAlias(b -> b.aliasName("alias/listed").targetKeyId(id));
        List<AliasListEntry> all = kms.listAliases(b -> { }).aliases();
        assertThat(all).anySatisfy(a -> {
            assertThat(a.aliasName()).isEqualTo("alias/listed");
            assertThat(a.targetKeyId()).isEqualTo(id);
            assertThat(a.aliasArn()).isEqualTo("arn:aws:kms:us-east-1:111122223333:alias/listed");
        });
        assertThat(all).anySatisfy(a -> assertThat(a.aliasName()).startsWith("alias/aws/"));
    }

    @Test
    void creatingAnExistingAliasIsAlreadyExists() {
        String id = newKey();
        kms.createAlias(b -> b.aliasName("alias/twice").targetKeyId(id));
        assertThatThrownBy(() -> kms.createAlias(b -> b.aliasName("alias/twice").targetKeyId(id)))
                .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void scheduleKeyDeletionThenCancelLeavesTheKeyDisabled() {
        String id = newKey();
        ScheduleKeyDeletionResponse r = kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(7));
        assertThat(r.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(r.deletionDate()).isNotNull();
        assertThat(kms.describeKey(b -> b.keyId(id)).keyMetadata().deletionDate()).isNotNull();
        kms.cancelKeyDeletion(b -> b.keyId(id));
        assertThat(kms.describeKey(b -> b.keyId(id)).keyMetadata().keyState()).isEqualTo(KeyState.DISABLED);
    }

    @Test
    void deletionWindowOutsideSevenToThirtyDaysIsValidationError() {
        String id = newKey();
        assertThatThrownBy(() -> kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(3)))
                .isInstanceOfSatisfying(KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThat(AWS.fake().keyState(id)).isEqualTo("Enabled");
    }

    @Test
    void enablingAKeyPendingDeletionIsInvalidState() {
        String id = newKey();
        kms.scheduleKeyDeletion(b -> b.keyId(id));
        assertThatThrownBy(() -> kms.enableKey(b -> b.keyId(id))).isInstanceOf(KmsInvalidStateException.class);
    }

    @Test
    void rotationStatusFollowsEnableAndDisable() {
        String id = newKey();
        kms.enableKeyRotation(b -> b.keyId(id).rotationPeriodInDays(180));
        GetKeyRotationStatusResponse on = kms.getKeyRotationStatus(b -> b.keyId(id));
        assertThat(on.keyRotationEnabled()).isTrue();
        assertThat(on.rotationPeriodInDays()).isEqualTo(180);
        kms.disableKeyRotation(b -> b.keyId(id));
        assertThat(kms.getKeyRotationStatus(b -> b.keyId(id)).keyRotationEnabled()).isFalse();
    }

    @Test
    void encryptionContextOnAsymmetricKeyIsRejected() {
        String id = kms.createKey(b -> b.keySpec("RSA_2048").keyUsage("ENCRYPT_DECRYPT")).keyMetadata().keyId();
        assertThatThrownBy(() -> kms.encrypt(b -> b.keyId(id).encryptionAlgorithm("RSAES_OAEP_SHA_256")
                .encryptionContext(Map.of("a", "b")).plaintext(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x"))))
                .isInstanceOfSatisfying(KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }
}
