package dev.kms4j.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsOperation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditRecordTest {
    private static AuditRecord.Builder base() {
        return AuditRecord.builder()
                .time(Instant.parse("2026-11-23T18:31:32.123456Z"))
                .requestId("req-1")
                .principal("svc-billing")
                .operation(KmsOperation.CREATE_DEK)
                .provider("local")
                .key("local://payments")
                .keyVersion("2")
                .outcome(AuditOutcome.OK)
                .latency(Duration.ofNanos(412_999));
    }

    @Test
    void theJsonLineHasEveryFieldInAFixedOrder() {
        assertThat(base().build().toJson()).isEqualTo("{\"time\":\"2026-11-23T18:31:32.123456Z\",\"request_id\":\"req-1\","
                + "\"principal\":\"svc-billing\",\"operation\":\"createDek\",\"provider\":\"local\","
                + "\"key\":\"local://payments\",\"key_version\":\"2\",\"outcome\":\"OK\",\"error_code\":null,"
                + "\"latency_us\":412}");
    }

    @Test
    void absentFieldsAreJsonNull() {
        String json = base().principal(null).keyVersion(null).outcome(AuditOutcome.DENIED)
                .errorCode(KmsErrorCode.PERMISSION_DENIED).build().toJson();

        assertThat(json).contains("\"principal\":null", "\"key_version\":null", "\"outcome\":\"DENIED\"",
                "\"error_code\":\"PERMISSION_DENIED\"");
    }

    @Test
    void quotesBackslashesAndLineSeparatorsAreEscapedSoAValueCannotEndTheLineOrTheString() {
        String json = base().requestId("a\"b\\c\u2028d\u0001e\nf").build().toJson();

        assertThat(json).contains("\"request_id\":\"a\\\"b\\\\c\\u2028d\\u0001e\\nf\"");
        assertThat(json).doesNotContain("\n").doesNotContain("\u2028");
    }

    @Test
    void nonAsciiTextIsKeptAsIs() {
        assertThat(base().principal("sérvice-ü").build().toJson()).contains("\"principal\":\"sérvice-ü\"");
    }

    @Test
    void anErrorOutcomeNeedsAnErrorCode() {
        assertThatThrownBy(() -> base().outcome(AuditOutcome.ERROR).build()).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void aRecordWithoutAKeyIsRefused() {
        assertThatThrownBy(() -> base().key(null).build()).isInstanceOf(KmsException.class);
    }
}
