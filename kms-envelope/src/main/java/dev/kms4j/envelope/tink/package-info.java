/**
 * The bridge to Google Tink: {@link dev.kms4j.envelope.tink.KmsAead} is a Tink {@code Aead} backed
 * by any kms4j key, {@link dev.kms4j.envelope.tink.Kms4jKmsClient} is a Tink {@code KmsClient}
 * for {@code kms4j:}-prefixed key URIs that the application registers <em>explicitly</em>, and
 * {@link dev.kms4j.envelope.tink.KmsEnvelopeAeads} reads and writes Tink {@code KmsEnvelopeAead}
 * ciphertexts over a kms4j KEK. See {@code docs/envelope-store-and-tink.md}.
 */
package dev.kms4j.envelope.tink;
