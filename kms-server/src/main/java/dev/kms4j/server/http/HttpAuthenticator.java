package dev.kms4j.server.http;

import dev.kms4j.Caller;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;

/**
 * Decides who sent an HTTP request before any endpoint runs. The server calls it once per request,
 * on a worker thread (it may block, for example to verify a token), and runs the endpoint inside
 * {@link dev.kms4j.CallerContext#open(Caller)} with the caller it returns, so the key access
 * policy and the audit trail see it.
 *
 * <p>Fail closed: return the verified caller, or throw a {@link KmsException} with
 * {@link KmsErrorCode#UNAUTHENTICATED} (answered 401) or {@link KmsErrorCode#PERMISSION_DENIED}
 * (answered 403). Returning {@code null} is answered 401, and any other exception 500, without
 * running the endpoint. Exception messages are sent to the client: never put a token in them.
 *
 * <p>Implementations must be thread-safe; requests are authenticated concurrently.
 */
@FunctionalInterface
public interface HttpAuthenticator {

    /** The caller that sent {@code request}; never {@code null} for an accepted request. */
    Caller authenticate(HttpRequestMetadata request);
}
