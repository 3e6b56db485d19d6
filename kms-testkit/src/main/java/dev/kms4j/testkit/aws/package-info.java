/**
 * A stateful fake of AWS KMS for tests: {@link dev.kms4j.testkit.aws.AwsKmsFake} (the service,
 * real cryptography, fault injection), {@link dev.kms4j.testkit.aws.AwsKmsFakeServer} (serves it
 * on 127.0.0.1 through WireMock) and {@link dev.kms4j.testkit.aws.AwsKmsFakeExtension} (JUnit 5).
 * The official AWS SDKs work against it unchanged. The {@code internal} sub-package is not API.
 */
package dev.kms4j.testkit.aws;
