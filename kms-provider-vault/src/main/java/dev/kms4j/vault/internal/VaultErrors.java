package dev.kms4j.vault.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import io.github.jopenlibs.vault.VaultException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Locale;

/**
 * Maps Vault's answers onto kms4j error codes.
 *
 * <table>
 *   <caption>HTTP status to code</caption>
 *   <tr><th>Vault answer</th><th>kms4j code</th></tr>
 *   <tr><td>400 (bad input; the provider refines it per operation, see below)</td><td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>400 "cipher: message authentication failed"</td><td>INTEGRITY</td></tr>
 *   <tr><td>401, or 403 whose errors say "invalid token" (unknown, revoked or expired token)</td><td>UNAUTHENTICATED</td></tr>
 *   <tr><td>403 "permission denied" alone (a valid token the policy refuses)</td><td>PERMISSION_DENIED</td></tr>
 *   <tr><td>404</td><td>NOT_FOUND</td></tr>
 *   <tr><td>405</td><td>UNSUPPORTED</td></tr>
 *   <tr><td>412 (eventual consistency: retry)</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>429 (rate-limit quota)</td><td>THROTTLED</td></tr>
 *   <tr><td>500, 502, 503 (sealed, standby, maintenance)</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>504, a read timeout</td><td>TIMEOUT</td></tr>
 *   <tr><td>no answer (connection refused, reset, TLS failure)</td><td>UNAVAILABLE</td></tr>
 * </table>
 *
 * <p>How a bad token is told from a refusing policy: since Vault 1.10 an unknown or expired token
 * gets 403 with {@code "2 errors occurred: * permission denied * invalid token"}, while a valid
 * token outside its policy gets 403 with {@code "permission denied"} only.
 *
 * <p>Messages name the operation, the key, the HTTP status and Vault's error text (Vault's own
 * sentences; they do not echo request values such as plaintexts), shortened and with control
 * characters escaped. Never the token. Stateless and thread-safe.
 */
public final class VaultErrors {
    /** The scheme of the Vault Transit provider. */
    public static final String SCHEME = "vault-transit";

    private static final int MAX_SHOWN = 200;

    private VaultErrors() {
    }

    /** The kms4j code for an error answer (exposed for the mapping tests). */
    public static KmsErrorCode codeOf(int status, List<String> errors) {
        String text = String.join(" ", errors).toLowerCase(Locale.ROOT);
        switch (status) {
            case 400:
                return text.contains("message authentication failed") ? KmsErrorCode.INTEGRITY : KmsErrorCode.INVALID_ARGUMENT;
            case 401:
                return KmsErrorCode.UNAUTHENTICATED;
            case 403:
                return text.contains("invalid token") || text.contains("token expired") || text.contains("bad token")
                        ? KmsErrorCode.UNAUTHENTICATED : KmsErrorCode.PERMISSION_DENIED;
            case 404:
                return KmsErrorCode.NOT_FOUND;
            case 405:
                return KmsErrorCode.UNSUPPORTED;
            case 408:
            case 504:
                return KmsErrorCode.TIMEOUT;
            case 412:
            case 500:
            case 502:
            case 503:
                return KmsErrorCode.UNAVAILABLE;
            case 429:
                return KmsErrorCode.THROTTLED;
            default:
                return status >= 500 ? KmsErrorCode.UNAVAILABLE : KmsErrorCode.INTERNAL;
        }
    }

    /** An error answer of Vault as a KmsException. */
    public static KmsException fromAnswer(String operation, KeyRef ref, int status, List<String> errors) {
        return fromAnswer(operation, ref, status, errors, codeOf(status, errors));
    }

    /** An error answer with a code the caller has refined. */
    public static KmsException fromAnswer(String operation, KeyRef ref, int status, List<String> errors, KmsErrorCode code) {
        String message = subject(operation, ref) + " failed: Vault answered HTTP " + status + describe(status, errors);
        return KmsException.builder(code, message).provider(SCHEME).keyRef(ref)
                .providerErrorCode("HTTP " + status).build();
    }

    /** A driver exception: no answer at all, or a 5xx (which the driver throws rather than returns). */
    public static KmsException fromDriver(String operation, KeyRef ref, VaultException e) {
        int status = e.getHttpStatusCode();
        if (status > 0) {
            KmsException k = fromAnswer(operation, ref, status, DriverErrors.errorsOf(e));
            return k.toBuilder().cause(e).build();
        }
        if (hasCause(e, HttpConnectTimeoutException.class)) {
            return KmsException.builder(KmsErrorCode.UNAVAILABLE, subject(operation, ref)
                            + " failed: could not connect to Vault in time (see open-timeout)")
                    .provider(SCHEME).keyRef(ref).cause(e).build();
        }
        if (hasCause(e, HttpTimeoutException.class) || hasCause(e, java.net.SocketTimeoutException.class)) {
            return KmsException.builder(KmsErrorCode.TIMEOUT, subject(operation, ref)
                            + " timed out waiting for Vault (see read-timeout)")
                    .provider(SCHEME).keyRef(ref).cause(e).build();
        }
        return KmsException.builder(KmsErrorCode.UNAVAILABLE, subject(operation, ref)
                        + " failed: Vault could not be reached (" + rootCauseName(e) + ")")
                .provider(SCHEME).keyRef(ref).cause(e).build();
    }

    /** A provider error found locally. */
    public static KmsException error(KmsErrorCode code, KeyRef ref, String message) {
        return KmsException.builder(code, message).provider(SCHEME).keyRef(ref).build();
    }

    public static KmsException error(KmsErrorCode code, KeyRef ref, String message, Throwable cause) {
        return KmsException.builder(code, message).provider(SCHEME).keyRef(ref).cause(cause).build();
    }

    private static String subject(String operation, KeyRef ref) {
        return operation + (ref == null ? "" : " on " + ref);
    }

    private static String describe(int status, List<String> errors) {
        String joined = String.join("; ", errors).trim();
        if (joined.isEmpty()) {
            return "";
        }
        if (status == 503 && joined.toLowerCase(Locale.ROOT).contains("sealed")) {
            return " (Vault is sealed)";
        }
        StringBuilder sb = new StringBuilder(" (");
        String shown = joined.length() > MAX_SHOWN ? joined.substring(0, MAX_SHOWN) + "..." : joined;
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '\n' || c == '\t') {
                sb.append(' ');
            } else if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(')').toString().replaceAll(" +", " ");
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootCauseName(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }
}
