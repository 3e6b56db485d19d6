/**
 * Internals of the kms4j remote provider: settings, the gRPC channel, key URI translation,
 * access tokens and the provider itself. Not API: may change in any release.
 */
package dev.kms4j.remote.internal;
