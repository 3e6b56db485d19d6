package dev.kms4j.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AwsKeyIdsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab, KEY_ARN",
            "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab, KEY_ARN",
            "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab, KEY_ARN",
            "1234abcd-12ab-34cd-56ef-1234567890ab, KEY_ID",
            "mrk-1234abcd12ab34cd56ef1234567890ab, KEY_ID",
            "arn:aws:kms:eu-west-1:111122223333:alias/payments, ALIAS_ARN",
            "alias/payments, ALIAS_NAME",
            "alias/team/payments_2-x, ALIAS_NAME"
    })
    void acceptedKeyIdShapesAreClassified(String keyId, AwsKeyIds.Kind kind) {
        assertThat(AwsKeyIds.classify(KeyRef.of("aws-kms", keyId))).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "payments",
            "alias/",
            "alias/bad.name",
            "1234abcd-12ab-34cd-56ef",
            "arn:aws:kms:eu-west-1:111122223333:key/not-a-uuid",
            "arn:aws:kms:eu-west-1:1111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:s3:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:eu-west-1:111122223333:grant/1234abcd-12ab-34cd-56ef-1234567890ab"
    })
    void otherShapesAreInvalidArguments(String keyId) {
        KmsException e = catchThrowableOfType(KmsException.class, () -> AwsKeyIds.classify(KeyRef.of("aws-kms", keyId)));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(e.provider()).contains("aws-kms");
    }
}
