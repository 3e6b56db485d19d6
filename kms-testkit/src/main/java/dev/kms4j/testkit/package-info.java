/**
 * Test support for kms4j providers and applications.
 *
 * <h2>The provider conformance suite</h2>
 * {@link dev.kms4j.testkit.KmsProviderContract} is the TCK: one abstract JUnit 5 class holding
 * the behaviour every provider must show. It follows the pattern of Kroxylicious' KMS test
 * support, where one abstract test class runs against a {@code TestKmsFacade} per KMS: here the
 * provider module's test class is the facade. To run it, a provider module
 * <ol>
 *   <li>adds {@code dev.kms4j:kms-testkit} (and JUnit) with {@code test} scope;</li>
 *   <li>extends {@code KmsProviderContract} in {@code src/test/java}, implementing
 *       {@code createManager()} (a {@code KmsManager} with the provider enabled, against an
 *       in-memory store, a temporary directory or a testkit fake) and {@code newKeyRef(hint)}
 *       (a unique reference for a key that does not exist yet);</li>
 *   <li>overrides the other hooks only where its backend differs: {@code supportedKeySpecs()},
 *       {@code signatureAlgorithms(spec)}, {@code exposesVersions()},
 *       {@code minDeletionWindow()}, {@code acceptsEmptyPlaintext()}, {@code listPrefix(key)};</li>
 *   <li>for a real-cloud run under {@code -Pintegration}, adds a second subclass whose
 *       {@code @BeforeAll} method skips the class with a JUnit assumption when credentials are
 *       absent, the role of Kroxylicious' {@code TestKmsFacade.isAvailable()}.</li>
 * </ol>
 * Tests for capabilities the provider does not declare are skipped with a message; everything
 * else must pass as is. Provider-specific behaviour goes in separate test classes.
 *
 * <h2>Fakes</h2>
 * {@link dev.kms4j.testkit.aws.AwsKmsFakeExtension} runs a stateful AWS KMS fake (real
 * cryptography, the real wire protocol) for a test class and hands out a ready
 * {@code ProviderConfig} and a raw SDK client; {@link dev.kms4j.testkit.azure.AzureKeyVaultFakeExtension}
 * does the same for a stateful Azure Key Vault fake served over HTTPS with a generated
 * certificate; {@link dev.kms4j.testkit.faults.Faults} injects
 * latency, throttling, HTTP errors and connection resets per operation. {@code kms fakes} runs
 * the same fakes for other languages.
 *
 * <h2>Helpers</h2>
 * {@link dev.kms4j.testkit.Secrets} finds secret bytes in text in the shapes they leak in (raw,
 * hex, base64, {@code Arrays.toString}); use it in log and exception leak tests.
 * {@link dev.kms4j.testkit.DerEcdsaSignature} strictly parses DER ECDSA signatures.
 *
 * <p>Everything here is for tests; nothing is meant for production code paths.
 */
package dev.kms4j.testkit;
