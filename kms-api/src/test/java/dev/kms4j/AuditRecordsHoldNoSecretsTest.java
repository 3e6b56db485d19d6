package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.audit.AuditDecorator;
import dev.kms4j.audit.AuditRecord;
import dev.kms4j.audit.HashChainedFileAuditSink;
import dev.kms4j.testsupport.JcaTestProvider;
import dev.kms4j.testsupport.Managers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every secret-bearing operation under audit and looks for the secrets in what was written. */
class AuditRecordsHoldNoSecretsTest {
    @TempDir
    Path dir;

    @Test
    void noRecordContainsPlaintextDataKeysCiphertextsSignaturesOrContextValues() throws Exception {
        List<AuditRecord> records = new CopyOnWriteArrayList<>();
        Path file = dir.resolve("audit.log");
        List<byte[]> secrets = new ArrayList<>();
        String contextValue = "tenant-secret-ctx-7f3a";
        EncryptionContext ctx = EncryptionContext.of("tenant", contextValue);
        try (HashChainedFileAuditSink fileSink = HashChainedFileAuditSink.open(file);
             KmsManager kms = Managers.of(new JcaTestProvider("jca"),
                     AuditDecorator.builder().sink(r -> {
                         records.add(r);
                         fileSink.record(r);
                     }).build())) {
            KeyRef kek = kms.createKey(KeyRef.parse("jca://kek"), KeySpec.AES_256);
            KeyRef signing = kms.createKey(KeyRef.parse("jca://signing"), KeySpec.EC_P256);
            byte[] plaintext = "card 4111 1111 1111 1111, cvv 123".getBytes(StandardCharsets.UTF_8);
            byte[] ciphertext = kms.encrypt(kek, plaintext, ctx);
            byte[] decrypted = kms.decrypt(kek, ciphertext, ctx);
            byte[] signature = kms.sign(signing, SignatureAlgorithm.ECDSA_SHA256, plaintext);
            kms.verify(signing, SignatureAlgorithm.ECDSA_SHA256, plaintext, signature);
            byte[] publicKey = kms.getPublicKey(signing).getEncoded();
            byte[] dekBytes;
            WrappedKey wrapped;
            try (DataKey dek = kms.createDek(kek, DekSpec.AES_256, ctx)) {
                dekBytes = dek.copyPlaintext();
                wrapped = dek.wrapped();
            }
            byte[] callerKey = new byte[32];
            new java.security.SecureRandom().nextBytes(callerKey);
            WrappedKey wrappedCallerKey = kms.wrap(kek, callerKey, ctx);
            kms.unwrap(wrappedCallerKey, ctx).close();
            kms.unwrap(wrapped, ctx).close();
            secrets.addAll(List.of(plaintext, ciphertext, decrypted, signature, publicKey, dekBytes,
                    wrapped.ciphertext(), callerKey, wrappedCallerKey.ciphertext()));
        }

        StringBuilder written = new StringBuilder();
        records.forEach(r -> written.append(r.toJson()).append(r).append('\n'));
        written.append(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(records).hasSize(11);
        for (byte[] secret : secrets) {
            SecretText.assertNoTraceOf(written.toString(), secret);
        }
        assertThat(written.toString()).doesNotContain(contextValue).doesNotContain("4111");
    }
}
