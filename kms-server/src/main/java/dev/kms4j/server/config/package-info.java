/**
 * The server's configuration: one YAML file read safely (no object construction, unknown settings
 * refused), environment overrides {@code KMS4J_SERVER_*}, secret references {@code file:} and
 * {@code env:}, validation with one error naming the field; assembly of a running server from it;
 * and the development set-up written by {@code kms server init}. Resolved provider settings may be
 * secret and are never printed.
 */
package dev.kms4j.server.config;
