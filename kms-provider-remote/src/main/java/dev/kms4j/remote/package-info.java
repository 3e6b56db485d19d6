/**
 * The kms4j remote provider, scheme {@code kms4j}: forwards every operation to a kms4j server
 * over gRPC, so an application switches from in-process to remote keys by classpath and key URI
 * alone ({@code kms4j://local/payments} is the server's {@code local://payments}). See
 * {@link dev.kms4j.remote.RemoteProviderFactory} and {@code docs/providers/remote.md}.
 */
package dev.kms4j.remote;
