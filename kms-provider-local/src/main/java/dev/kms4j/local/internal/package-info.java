/**
 * Internals of the local provider: key records and their storage, the keystore file format,
 * master-key handling and the cryptographic primitives. Not API: anything here may change
 * without notice.
 *
 * <p>Two halves meet at {@link dev.kms4j.local.internal.KeyRecordStore}: above it,
 * {@link dev.kms4j.local.internal.LocalKmsProvider} and the primitive classes turn key records into
 * operations; below it, {@link dev.kms4j.local.internal.FileKeyRecordStore} keeps records
 * encrypted, atomic and locked on disk. Record bytes crossing that seam are secret.
 */
package dev.kms4j.local.internal;
