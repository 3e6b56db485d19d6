package dev.kms4j.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/** Concurrent clients against one fake. */
class AwsKmsFakeConcurrencyTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    @Test
    void concurrentRoundTripsWhileTheKeyRotatesAllDecrypt() throws Exception {
        KmsClient kms = AWS.sdkClient();
        String keyId = kms.createKey(b -> { }).keyMetadata().keyId();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                SdkBytes plaintext = SdkBytes.fromUtf8String("message " + i);
                boolean rotate = i % 10 == 0;
                results.add(pool.submit(() -> {
                    if (rotate) {
                        kms.rotateKeyOnDemand(b -> b.keyId(keyId));
                    }
                    SdkBytes blob = kms.encrypt(b -> b.keyId(keyId).plaintext(plaintext)).ciphertextBlob();
                    return kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().equals(plaintext);
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(kms.listKeyRotations(b -> b.keyId(keyId)).rotations()).hasSize(4);
    }
}
