package dev.kms4j.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.Caller;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsOperation;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyAccessPolicyTest {
    private static final Caller BILLING = Caller.of("svc-billing");
    private static final Set<KmsOperation> SIGN = EnumSet.of(KmsOperation.SIGN);

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "local://billing-*, local://billing-eu, true",
        "local://billing-*, local://billing-, true",
        "local://billing-*, local://payments, false",
        "local://billing-*, local://billing-eu/sub, false",
        "local://billing-**, local://billing-eu/sub, true",
        "**, aws-kms://arn:aws:kms:eu-west-1:1:key/abc, true",
        "aws-kms://arn:aws:kms:eu-west-1:1:key/*, aws-kms://arn:aws:kms:eu-west-1:1:key/abc, true",
        "aws-kms://arn:aws:kms:*:1:key/*, aws-kms://arn:aws:kms:us-east-1:1:key/abc, true",
        "local://key-?, local://key-1, true",
        "local://key-?, local://key-12, false",
        "local://a.b, local://axb, false",
        "local://a+b, local://a+b, true",
        "local://*, local://, true",
    })
    void keyPatternsAreGlobsWhoseSingleStarStopsAtSlash(String pattern, String key, boolean matches) {
        KeyAccessPolicy policy = KeyAccessPolicy.builder().allow("principal:svc-billing", SIGN, pattern).build();

        assertThat(policy.isAllowed(BILLING, KmsOperation.SIGN, key)).isEqualTo(matches);
    }

    @Test
    void aDenyRuleWinsOverAnAllowRuleWhateverTheOrder() {
        KeyAccessPolicy policy = KeyAccessPolicy.builder()
                .allow("principal:svc-billing", SIGN, "**")
                .deny("principal:svc-*", SIGN, "local://root-*")
                .build();

        assertThat(policy.isAllowed(BILLING, KmsOperation.SIGN, "local://root-ca")).isFalse();
        assertThat(policy.isAllowed(BILLING, KmsOperation.SIGN, "local://invoices")).isTrue();
    }

    @Test
    void anOperationNoRuleAllowsIsDenied() {
        KeyAccessPolicy policy = KeyAccessPolicy.builder().allow("principal:svc-billing", SIGN, "**").build();

        assertThat(policy.isAllowed(BILLING, KmsOperation.DECRYPT, "local://invoices")).isFalse();
    }

    @Test
    void aPrincipalWithNoRuleIsDenied() {
        KeyAccessPolicy policy = KeyAccessPolicy.builder().allow("principal:svc-billing", SIGN, "**").build();

        assertThat(policy.isAllowed(Caller.of("svc-other"), KmsOperation.SIGN, "local://invoices")).isFalse();
    }

    @Test
    void anEmptyPolicyDeniesEverything() {
        assertThat(KeyAccessPolicy.builder().build().isAllowed(BILLING, KmsOperation.METADATA, "local://k")).isFalse();
    }

    @Test
    void aRoleRuleMatchesAnyOfTheCallersRoles() {
        KeyAccessPolicy policy = KeyAccessPolicy.builder().allow("role:key-admin", EnumSet.allOf(KmsOperation.class), "**").build();

        assertThat(policy.isAllowed(Caller.builder("alice").roles("dev", "key-admin").build(), KmsOperation.ROTATE, "local://k"))
                .isTrue();
        assertThat(policy.isAllowed(Caller.builder("bob").roles("dev").build(), KmsOperation.ROTATE, "local://k")).isFalse();
    }

    @Test
    void callsWithoutACallerMatchOnlyAnonymousRules() {
        KeyAccessPolicy policy = KeyAccessPolicy.builder()
                .allow("principal:*", SIGN, "local://a")
                .allow("anonymous", SIGN, "local://b")
                .build();

        assertThat(policy.isAllowed(null, KmsOperation.SIGN, "local://a")).isFalse();
        assertThat(policy.isAllowed(null, KmsOperation.SIGN, "local://b")).isTrue();
        assertThat(policy.isAllowed(BILLING, KmsOperation.SIGN, "local://b")).isFalse();
    }

    @Test
    void theTextFormReadsRulesCommentsAndBothOperationSpellings() {
        KeyAccessPolicy policy = KeyAccessPolicy.parse(String.join("\n",
                "# billing signs invoices",
                "allow principal:svc-billing sign,VERIFY,create-dek local://billing-*   # trailing comment",
                "",
                "deny  role:contractor       *                 **",
                "allow role:contractor       *                 local://sandbox-*"));

        assertThat(policy.rules()).hasSize(3);
        assertThat(policy.isAllowed(BILLING, KmsOperation.CREATE_DEK, "local://billing-eu")).isTrue();
        assertThat(policy.isAllowed(BILLING, KmsOperation.VERIFY, "local://billing-eu")).isTrue();
        assertThat(policy.isAllowed(Caller.builder("c").roles("contractor").build(), KmsOperation.SIGN, "local://sandbox-1"))
                .isFalse();
    }

    @Test
    void aBadLineIsReportedWithItsNumber() {
        assertThatThrownBy(() -> KeyAccessPolicy.parse("allow principal:a sign **\nallow principal:a fly **"))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("line 2").contains("fly");
                });
    }

    @ParameterizedTest
    @CsvSource({"svc-billing", "user:svc", "principal:", "role:"})
    void aSubjectWithoutAKindIsRefused(String subject) {
        assertThatThrownBy(() -> KeyAccessPolicy.builder().allow(subject, SIGN, "**"))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void aRuleWithoutOperationsIsRefused() {
        assertThatThrownBy(() -> KeyAccessPolicy.builder().allow("anonymous", EnumSet.noneOf(KmsOperation.class), "**"))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }
}
