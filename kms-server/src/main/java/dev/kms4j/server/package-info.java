/**
 * The kms4j server: {@link dev.kms4j.server.KmsServer} serves gRPC services over an embedded
 * {@link dev.kms4j.KmsManager} on TCP (TLS 1.3, mutual TLS) and on a Unix domain socket (0600,
 * peer uid check), with health, reflection, token authentication, per-client rate limits and
 * graceful shutdown. Configuration files are read by {@code dev.kms4j.server.config}; tokens,
 * clients and roles live in {@code dev.kms4j.server.auth}; certificates in
 * {@code dev.kms4j.server.tls}. See {@code docs/server.md}.
 *
 * <p>Nothing in these packages logs a token, a client secret, a secret hash or key material.
 */
package dev.kms4j.server;
