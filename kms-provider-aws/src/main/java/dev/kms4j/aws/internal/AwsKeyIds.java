package dev.kms4j.aws.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.util.regex.Pattern;

/**
 * Recognises the four key identifier shapes AWS KMS accepts, so malformed ids fail locally with
 * {@code INVALID_ARGUMENT} instead of reaching the service. Stateless and thread-safe.
 *
 * <p>Accepted: a key ARN {@code arn:<partition>:kms:<region>:<account>:key/<uuid>} (also
 * multi-Region keys {@code mrk-<hex>}), a bare key id (uuid or {@code mrk-<hex>}), an alias ARN
 * {@code arn:<partition>:kms:<region>:<account>:alias/<name>} and {@code alias/<name>}.
 */
public final class AwsKeyIds {
    /** What kind of identifier a key id is. */
    public enum Kind {
        KEY_ARN, KEY_ID, ALIAS_ARN, ALIAS_NAME
    }

    private static final String KEY = "(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})";
    // AWS alias names: letters, digits, '/', '_' and '-', at most 256 characters including "alias/".
    private static final String ALIAS = "alias/[A-Za-z0-9/_-]{1,250}";
    private static final String ARN_PREFIX = "arn:aws[a-z-]{0,20}:kms:[a-z0-9-]{1,32}:[0-9]{12}:";
    private static final Pattern KEY_ID = Pattern.compile(KEY);
    private static final Pattern KEY_ARN = Pattern.compile(ARN_PREFIX + "key/" + KEY);
    private static final Pattern ALIAS_NAME = Pattern.compile(ALIAS);
    private static final Pattern ALIAS_ARN = Pattern.compile(ARN_PREFIX + ALIAS);

    private AwsKeyIds() {
    }

    /**
     * Classifies {@code ref.keyId()}.
     *
     * @throws KmsException {@code INVALID_ARGUMENT} if it is none of the accepted shapes
     */
    public static Kind classify(KeyRef ref) {
        String id = ref.keyId();
        if (KEY_ARN.matcher(id).matches()) {
            return Kind.KEY_ARN;
        }
        if (KEY_ID.matcher(id).matches()) {
            return Kind.KEY_ID;
        }
        if (ALIAS_NAME.matcher(id).matches()) {
            return Kind.ALIAS_NAME;
        }
        if (ALIAS_ARN.matcher(id).matches()) {
            return Kind.ALIAS_ARN;
        }
        throw KmsException.builder(KmsErrorCode.INVALID_ARGUMENT, "'" + AwsErrors.SCHEME + "' key id of " + ref
                        + " is not a key ARN, a key id, an alias ARN or alias/<name>")
                .provider(AwsErrors.SCHEME).keyRef(ref).build();
    }

    /** Whether the id names an alias (by name or ARN), which the service resolves on every call. */
    public static boolean isAlias(Kind kind) {
        return kind == Kind.ALIAS_ARN || kind == Kind.ALIAS_NAME;
    }
}
