package dev.kms4j.testkit.azure;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kms4j.testkit.internal.FakeWireMock;
import dev.kms4j.testkit.internal.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Serves an {@link AzureKeyVaultFake} over HTTPS only, on {@code 127.0.0.1} (never on other
 * interfaces), with a self-signed certificate generated at {@link #start(int)} for
 * {@code localhost} and {@code 127.0.0.1}. The Azure SDK refuses to send a bearer token over
 * plain HTTP, so clients must trust that certificate: take {@link #sslContext()},
 * {@link #certificatePem()} or {@link #writeCertificatePem(Path)}.
 *
 * <pre>{@code
 * try (AzureKeyVaultFakeServer server = new AzureKeyVaultFakeServer(AzureKeyVaultFake.builder().build()).start(0)) {
 *     URI vault = server.endpoint();            // https://127.0.0.1:<port>
 *     SSLContext trust = server.sslContext();   // trusts the fake's certificate only
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe: start and stop are synchronized. The private key of the certificate lives in
 * memory and in a temporary PKCS#12 file (owner-only, random password) that is deleted at
 * {@link #stop()}; it is never printed.
 */
public final class AzureKeyVaultFakeServer implements AutoCloseable {
    static final String HOST = FakeWireMock.HOST;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AzureKeyVaultFake fake;
    private WireMockServer server;
    private SelfSignedCertificate certificate;
    private Path keystore;

    public AzureKeyVaultFakeServer(AzureKeyVaultFake fake) {
        this.fake = Objects.requireNonNull(fake, "fake");
    }

    /**
     * Generates a certificate and starts listening on {@code port} ({@code 0} picks a free port).
     *
     * @throws IllegalStateException if already started
     */
    public synchronized AzureKeyVaultFakeServer start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        SelfSignedCertificate cert = SelfSignedCertificate.forLocalhost();
        byte[] raw = new byte[18];
        RANDOM.nextBytes(raw);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray();
        Path file = null;
        try {
            file = Files.createTempFile("kms4j-azure-fake-", ".p12");
            cert.writePkcs12(file, password);
            server = FakeWireMock.startHttps(port, file, new String(password), "kms4j-azure-kv-fake", fake::handle);
            certificate = cert;
            keystore = file;
            return this;
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("could not write the fake's key store", e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Stops the server and deletes its key store (idempotent). The fake keeps its state. */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
        deleteQuietly(keystore);
        keystore = null;
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null && server.isRunning();
    }

    /** The port listened on. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.httpsPort();
    }

    /** {@code https://127.0.0.1:<port>}: the vault URL. */
    public URI endpoint() {
        return URI.create("https://" + HOST + ":" + port());
    }

    /** The server certificate as PEM (public). */
    public synchronized String certificatePem() {
        return running().certificatePem();
    }

    /** Writes the certificate as PEM to {@code file} (replacing it), for clients in other processes. */
    public void writeCertificatePem(Path file) {
        try {
            Files.writeString(file, certificatePem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the certificate to " + file, e);
        }
    }

    /** A TLS {@link SSLContext} that trusts this server's certificate and nothing else. */
    public synchronized SSLContext sslContext() {
        return running().trustingSslContext();
    }

    /** The fake being served. */
    public AzureKeyVaultFake fake() {
        return fake;
    }

    private SelfSignedCertificate running() {
        if (certificate == null || server == null) {
            throw new IllegalStateException("not started");
        }
        return certificate;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover temp file holds only a throw-away test key under a random password.
            }
        }
    }
}
