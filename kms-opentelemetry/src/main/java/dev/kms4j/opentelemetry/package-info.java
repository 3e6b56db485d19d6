/** OpenTelemetry spans per kms4j operation, with provider and key attributes and never secrets, as a KmsManager decorator. See {@code docs/operations.md}. */
package dev.kms4j.opentelemetry;
