/**
 * The kms4j core API as the gRPC service {@code kms4j.remote.v1.KeyManagement}:
 * {@link dev.kms4j.server.grpc.KeyManagementService} translates each call to the server's
 * {@link dev.kms4j.KmsManager}, under the authenticated caller, and every failure to a gRPC
 * status through {@link dev.kms4j.remote.protocol.ErrorMapping}. Transport, authentication and
 * the server's life cycle live in other packages of this module.
 */
package dev.kms4j.server.grpc;
