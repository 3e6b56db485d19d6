/**
 * The AWS KMS provider for kms4j (scheme {@code aws-kms}). Applications use it through
 * {@link dev.kms4j.KmsManager}; the only public type is {@link dev.kms4j.aws.AwsKmsProviderFactory},
 * found by {@link java.util.ServiceLoader}. Everything in {@code dev.kms4j.aws.internal} is not API.
 */
package dev.kms4j.aws;
