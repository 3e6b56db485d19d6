/**
 * Envelope encryption over any kms4j key-encryption key, on Google Tink: a self-describing,
 * authenticated message format, one-shot and streaming encryption, a bounded DEK cache,
 * encryption under several KEKs, header re-wrapping, a per-entity DEK store and a Tink bridge.
 * See {@code docs/envelope.md} and {@code docs/envelope-format.md}.
 */
package dev.kms4j.envelope;
