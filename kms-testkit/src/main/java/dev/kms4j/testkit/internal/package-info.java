/**
 * Internal pieces shared by the testkit's fakes (HTTP plumbing on WireMock, JSON, self-signed TLS
 * certificates for the HTTPS fakes). Not API: may change without notice.
 */
package dev.kms4j.testkit.internal;
