package dev.kms4j.testkit.azure.internal;

import java.util.Base64;

/** Base64url without padding, as Key Vault writes binary fields; reading also tolerates padding. */
final class Base64Url {
    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Decodes a field; {@code BadParameter} if it is not base64url. */
    static byte[] decode(Object value, String field) {
        if (!(value instanceof String)) {
            throw AzureError.badParameter("The parameter " + field + " is missing or not a string.");
        }
        try {
            return Base64.getUrlDecoder().decode((String) value);
        } catch (IllegalArgumentException e) {
            throw AzureError.badParameter("The parameter " + field + " is not valid base64url.");
        }
    }
}
