package dev.kms4j.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Errors and toString() never show plaintext or context values (which callers may misuse for secrets). */
class NoSecretsInErrorsTest {
    private static final String PLAINTEXT = "PLAINTEXT-7c1e-do-not-print";
    private static final String CONTEXT_VALUE = "CTXVALUE-33aa-do-not-print";

    @Test
    void failuresShowNeitherPlaintextNorContextValues() throws IOException {
        List<Throwable> failures = new ArrayList<>();
        try (TestKms test = new TestKms()) {
            KeyRef kek = test.localKek();
            Envelope envelope = Envelope.builder(test.kms).kek(kek).kek(test.backupKek()).segmentSize(1024).build();
            EncryptionContext ctx = EncryptionContext.of("k", CONTEXT_VALUE);
            byte[] pt = PLAINTEXT.repeat(100).getBytes(StandardCharsets.UTF_8);
            byte[] ct = envelope.encrypt(pt, ctx);
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            try (OutputStream out = envelope.encryptingStream(streamed, ctx)) {
                out.write(pt);
            }
            byte[] tampered = ct.clone();
            tampered[tampered.length - 1] ^= 1;
            byte[] truncatedStream = Arrays.copyOf(streamed.toByteArray(), streamed.size() - 10);
            failures.add(catching(() -> envelope.decrypt(tampered, ctx)));
            failures.add(catching(() -> envelope.decrypt(ct, EncryptionContext.of("k", CONTEXT_VALUE + "x"))));
            test.backup.down.set(true);
            test.kms.disable(kek);
            failures.add(catching(() -> envelope.decrypt(ct, ctx)));
            test.kms.enable(kek);
            try (InputStream in = envelope.decryptingStream(new ByteArrayInputStream(truncatedStream), ctx)) {
                in.readAllBytes();
            } catch (IOException e) {
                failures.add(e);
            }
            assertThat(envelope.toString()).doesNotContain(CONTEXT_VALUE);
            assertThat(EnvelopeHeader.parse(ct).toString()).doesNotContain(CONTEXT_VALUE);
        }
        assertThat(failures).hasSize(4).doesNotContainNull();
        for (Throwable t : failures) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(PLAINTEXT).doesNotContain(CONTEXT_VALUE);
        }
    }

    private static Throwable catching(Runnable r) {
        try {
            r.run();
            return null;
        } catch (KmsException e) {
            return e;
        }
    }
}
