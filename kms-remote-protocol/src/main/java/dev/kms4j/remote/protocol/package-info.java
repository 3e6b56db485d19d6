/**
 * The one mapping between the kms4j remote protocol ({@code kms4j/remote/v1/kms.proto}, stubs in
 * {@code dev.kms4j.remote.protocol.v1}) and kms4j values, shared by the kms4j server and the
 * remote provider so both sides agree on every name, time and error code.
 *
 * <ul>
 *   <li>{@link dev.kms4j.remote.protocol.ErrorMapping}: {@link dev.kms4j.KmsException} to and
 *       from a gRPC status with the {@code kms4j-error-code} trailer, and to and from the
 *       per-item {@code Error} message of batch answers.</li>
 *   <li>{@link dev.kms4j.remote.protocol.ValueMapping}: key metadata, versions, rotation
 *       policies, wrapped keys, encryption contexts, create-key options and health.</li>
 *   <li>{@link dev.kms4j.remote.protocol.Names}: the enum names (key specs, usages, states,
 *       capabilities, algorithms, data key specs) sent as strings.</li>
 * </ul>
 *
 * <p>Nothing here logs. Every class is stateless and thread-safe. Plaintext and key bytes pass
 * through protobuf {@code ByteString}s, which are immutable and cannot be zeroed: callers zero
 * the {@code byte[]} copies they own.
 */
package dev.kms4j.remote.protocol;
