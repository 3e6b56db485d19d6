package dev.kms4j.envelope;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertion helper: the call fails with a KmsException of the given code. */
final class Codes {
    private Codes() {
    }

    static KmsException fails(KmsErrorCode code, ThrowingCallable call) {
        KmsException[] seen = new KmsException[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(KmsException.class, e -> {
            seen[0] = e;
            org.assertj.core.api.Assertions.assertThat(e.code()).as(e.toString()).isEqualTo(code);
        });
        return seen[0];
    }
}
