/**
 * The kms4j API: {@link dev.kms4j.KmsManager} and the immutable values it takes and returns.
 *
 * <p>Secrets: only {@link dev.kms4j.DataKey} (and the {@code byte[]} results of {@code decrypt})
 * hold secret material; everything else here is safe to log. No type's {@code toString()} prints
 * key material or plaintext, and no exception message contains it.
 *
 * <p>All types are thread-safe; value types are immutable.
 */
package dev.kms4j;
