/**
 * Client authentication and authorization plumbing for the server: clients and their secret
 * hashes (bcrypt, Argon2id), the {@code Authenticate} RPC, access tokens (JWTs signed by a key in
 * the server's own KMS, verified with its public keys), the interceptor that requires a token on
 * every other call and applies per-client rate limits, and the guard that keeps the token key for
 * tokens only. Key access rules themselves are kms4j's {@link dev.kms4j.policy.KeyAccessPolicy}.
 *
 * <p>Secrets here: client secrets (never stored, only checked against hashes) and tokens (bearer
 * credentials); neither is logged nor printed by {@code toString()}. All classes are thread-safe.
 */
package dev.kms4j.server.auth;
