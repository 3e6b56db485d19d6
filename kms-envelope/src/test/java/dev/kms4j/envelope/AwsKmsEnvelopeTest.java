package dev.kms4j.envelope;

import static dev.kms4j.envelope.Codes.fails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.testkit.aws.AwsKmsFakeExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Envelope round trips over the testkit's AWS KMS fake, alone and together with a local KEK. */
class AwsKmsEnvelopeTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    private final KmsManager kms = KmsManager.builder()
            .enable("aws-kms", AWS.providerConfig())
            .enable("local", ProviderConfig.of(Map.of("path", ":memory:")))
            .build();
    private final KeyRef awsKek = kms.createKey(KeyRef.of("aws-kms", "alias/env-" + UUID.randomUUID()), KeySpec.AES_256);
    private final EncryptionContext ctx = EncryptionContext.of("purpose", "test");

    @AfterEach
    void close() {
        kms.close();
    }

    @Test
    void roundTripsOneShot() {
        Envelope envelope = Envelope.builder(kms).kek(awsKek).build();
        byte[] ct = envelope.encrypt(new byte[] {1, 2, 3}, ctx);
        assertThat(envelope.decrypt(ct, ctx)).containsExactly(1, 2, 3);
        assertThat(EnvelopeHeader.parse(ct).keks().get(0).keyId()).isEqualTo(awsKek.keyId());
    }

    @Test
    void roundTripsAStream() throws IOException {
        Envelope envelope = Envelope.builder(kms).kek(awsKek).segmentSize(1024).build();
        byte[] pt = new byte[5000];
        new java.util.Random(3).nextBytes(pt);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = envelope.encryptingStream(out, ctx)) {
            enc.write(pt);
        }
        try (InputStream in = envelope.decryptingStream(new ByteArrayInputStream(out.toByteArray()), ctx)) {
            assertThat(in.readAllBytes()).isEqualTo(pt);
        }
    }

    @Test
    void wrongContextIsIntegrity() {
        Envelope envelope = Envelope.builder(kms).kek(awsKek).build();
        byte[] ct = envelope.encrypt(new byte[] {1}, ctx);
        fails(KmsErrorCode.INTEGRITY, () -> envelope.decrypt(ct, EncryptionContext.empty()));
    }

    @Test
    void awsAndLocalKeksEachDecryptAlone() {
        KeyRef localKek = kms.createKey(KeyRef.of("local", "env-" + UUID.randomUUID()), KeySpec.AES_256);
        byte[] ct = Envelope.builder(kms).kek(awsKek).kek(localKek).build().encrypt(new byte[] {9}, ctx);
        assertThat(Envelope.builder(kms).kek(localKek).build().decrypt(ct, ctx)).containsExactly(9);
        assertThat(Envelope.builder(kms).kek(awsKek).build().decrypt(ct, ctx)).containsExactly(9);
    }

    @Test
    void rewrapsFromAwsToLocal() {
        KeyRef localKek = kms.createKey(KeyRef.of("local", "env-" + UUID.randomUUID()), KeySpec.AES_256);
        byte[] ct = Envelope.builder(kms).kek(awsKek).build().encrypt(new byte[] {9}, ctx);
        Envelope local = Envelope.builder(kms).kek(localKek).trustKek(awsKek).build();
        byte[] rewrapped = local.rewrap(ct, ctx);
        assertThat(EnvelopeHeader.parse(rewrapped).keks()).containsExactly(localKek.withVersion("1"));
        assertThat(local.decrypt(rewrapped, ctx)).containsExactly(9);
    }
}
