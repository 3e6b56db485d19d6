package dev.kms4j.resilience4j;

import static dev.kms4j.resilience4j.LocalFixture.AES_KEY;
import static dev.kms4j.resilience4j.LocalFixture.EC_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.EncryptionContext;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.spi.ProviderDecorator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecoratorTest {
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.UTF_8);

    @Test
    void sitsAtTheResilienceStage() {
        assertThat(Resilience.withDefaults().stage()).isEqualTo(ProviderDecorator.Stage.RESILIENCE);
    }

    @Test
    void callsPassThroughUnchangedWithoutFaults() {
        try (LocalFixture f = new LocalFixture(o -> o).withKeys()) {
            EncryptionContext context = EncryptionContext.of("tenant", "acme");
            byte[] ciphertext = f.kms.encrypt(AES_KEY, MESSAGE, context);
            byte[] signature = f.kms.sign(EC_KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);

            assertThat(f.kms.decrypt(AES_KEY, ciphertext, context)).isEqualTo(MESSAGE);
            assertThat(f.kms.verify(EC_KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, signature)).isTrue();
            assertThat(f.time.waits).isEmpty();
        }
    }

    @Test
    void theCircuitsOfAClosedManagerDropOutOfTheView() {
        LocalFixture f = new LocalFixture(o -> o);
        assertThat(f.resilience.circuits()).hasSize(1);

        f.close();

        assertThat(f.resilience.circuits()).isEmpty();
    }
}
