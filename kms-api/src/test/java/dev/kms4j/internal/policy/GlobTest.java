package dev.kms4j.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
    @ParameterizedTest(name = "[{index}] {0} segmented={1} on \"{2}\" -> {3}")
    @CsvSource(delimiter = '|', value = {
        // exact names: no wildcard, compared as strings
        "svc-billing | false | svc-billing | true",
        "svc-billing | false | svc-billing2 | false",
        "svc-billing | false | svc-billin | false",
        "local://a.b | true | local://axb | false",
        // a prefix and a trailing **: any rest, '/' included, the empty rest too
        "local://** | true | local://payments/eu | true",
        "local://** | true | local:// | true",
        "local://** | true | local:/x | false",
        "svc-* | false | svc-billing/eu | true",
        "svc-* | false | svc- | true",
        "svc-* | false | sv | false",
        // everything
        "** | true | aws-kms://arn:aws:kms:eu-west-1:1:key/abc | true",
        "** | true | '' | true",
        "* | false | anything/at all | true",
        // a trailing single * when segmented still stops at '/' (regex path)
        "local://* | true | local://a/b | false",
        "local://* | true | local://ab | true",
        // wildcards in the middle (regex path)
        "aws-kms://arn:aws:kms:*:1:key/* | true | aws-kms://arn:aws:kms:us-east-1:1:key/abc | true",
        "local://key-? | true | local://key-12 | false",
        "local://**x | true | local://a/bx | true",
        "local://***| true | local://a/b | true",
    })
    void matchesLikeTheGlobRules(String glob, boolean segmented, String input, boolean expected) {
        assertThat(Glob.compile(glob, segmented).matches(input)).isEqualTo(expected);
    }
}
