/** Internals of the AWS KMS provider: not API, may change in any release. */
package dev.kms4j.aws.internal;
