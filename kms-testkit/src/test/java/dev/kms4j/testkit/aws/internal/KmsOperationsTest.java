package dev.kms4j.testkit.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service logic without HTTP. */
class KmsOperationsTest {
    private final KmsOperations ops = new KmsOperations("us-east-1", Clock.systemUTC());

    private String newKey() {
        @SuppressWarnings("unchecked")
        Map<String, Object> md = (Map<String, Object>) ops.invoke("CreateKey", Map.of()).get("KeyMetadata");
        return (String) md.get("KeyId");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String errorType(Runnable r) {
        try {
            r.run();
        } catch (AwsError e) {
            return e.type();
        }
        throw new AssertionError("no error");
    }

    @Test
    void rejectedCreateKeyAddsNoKey() {
        assertThat(errorType(() -> ops.invoke("CreateKey", Map.of("KeySpec", "AES_999")))).isEqualTo("ValidationException");
        assertThat(errorType(() -> ops.invoke("CreateKey", Map.of("KeySpec", "ECC_NIST_P256",
                "KeyUsage", "ENCRYPT_DECRYPT")))).isEqualTo("ValidationException");
        assertThat(ops.keyIds()).isEmpty();
    }

    @Test
    void unknownOperationIsUnknownOperationException() {
        assertThat(errorType(() -> ops.invoke("MakeCoffee", Map.of()))).isEqualTo("UnknownOperationException");
    }

    @Test
    void emptyPlaintextIsValidationException() {
        String id = newKey();
        assertThat(errorType(() -> ops.invoke("Encrypt", Map.of("KeyId", id, "Plaintext", ""))))
                .isEqualTo("ValidationException");
    }

    @Test
    void ciphertextOfADifferentFormatIsInvalidCiphertext() {
        assertThat(errorType(() -> ops.invoke("Decrypt", Map.of("CiphertextBlob", b64("not a kms blob at all, no")))))
                .isEqualTo("InvalidCiphertextException");
    }

    @Test
    void changingTheVersionInTheBlobIsInvalidCiphertext() {
        String id = newKey();
        ops.invoke("RotateKeyOnDemand", Map.of("KeyId", id));
        byte[] blob = Base64.getDecoder().decode((String) ops.invoke("Encrypt",
                Map.of("KeyId", id, "Plaintext", b64("x"))).get("CiphertextBlob"));
        blob[SymmetricCiphertext.HEADER_LENGTH - 1] = 1;   // claim backing key 1 instead of 2
        String tampered = Base64.getEncoder().encodeToString(blob);
        assertThat(errorType(() -> ops.invoke("Decrypt", Map.of("CiphertextBlob", tampered))))
                .isEqualTo("InvalidCiphertextException");
    }

    @Test
    void aliasesCannotNameAReservedPrefix() {
        String id = newKey();
        assertThat(errorType(() -> ops.invoke("CreateAlias", Map.of("AliasName", "alias/aws/mine", "TargetKeyId", id))))
                .isEqualTo("InvalidAliasNameException");
        assertThat(errorType(() -> ops.invoke("CreateAlias", Map.of("AliasName", "nope", "TargetKeyId", id))))
                .isEqualTo("ValidationException");
    }

    @Test
    void keyIdOfAnotherRegionIsNotFound() {
        String id = newKey();
        assertThat(errorType(() -> ops.invoke("DescribeKey",
                Map.of("KeyId", "arn:aws:kms:eu-west-1:111122223333:key/" + id)))).isEqualTo("NotFoundException");
    }

    @Test
    void badListMarkerIsInvalidMarker() {
        assertThat(errorType(() -> ops.invoke("ListKeys", Map.of("Marker", "garbage"))))
                .isEqualTo("InvalidMarkerException");
    }

    @Test
    void cancelDeletionOfAnEnabledKeyIsInvalidState() {
        String id = newKey();
        assertThat(errorType(() -> ops.invoke("CancelKeyDeletion", Map.of("KeyId", id))))
                .isEqualTo("KMSInvalidStateException");
        assertThat(ops.keyState(id)).isEqualTo("Enabled");
    }

    @Test
    void digestOfTheWrongLengthIsValidationException() {
        @SuppressWarnings("unchecked")
        Map<String, Object> md = (Map<String, Object>) ops.invoke("CreateKey",
                Map.of("KeySpec", "ECC_NIST_P256", "KeyUsage", "SIGN_VERIFY")).get("KeyMetadata");
        assertThat(errorType(() -> ops.invoke("Sign", Map.of("KeyId", md.get("KeyId"), "Message", b64("short"),
                "MessageType", "DIGEST", "SigningAlgorithm", "ECDSA_SHA_256")))).isEqualTo("ValidationException");
    }
}
