/**
 * The service-provider interface: what a key-management backend implements to plug into
 * {@link dev.kms4j.KmsManager}.
 *
 * <p>Applications do not use this package. It may evolve faster than the {@code dev.kms4j}
 * API: provider authors should expect additions (new default methods) between minor releases.
 */
package dev.kms4j.spi;
