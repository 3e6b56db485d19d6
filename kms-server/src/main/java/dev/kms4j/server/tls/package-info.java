/**
 * TLS for the server's TCP listener (TLS 1.3 only, mutual TLS against a configured CA), reading the
 * verified client certificate's CN, and a small development CA for {@code kms server init} and
 * tests. Private keys are secret: written 0600, never logged.
 */
package dev.kms4j.server.tls;
