package dev.kms4j.envelope.internal;

import dev.kms4j.KmsException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The plaintext side of a decrypting stream. Tink's decrypting stream releases a segment's
 * plaintext only after that segment's tag verified, and detects truncation through the
 * last-segment flag. This wrapper turns each of Tink's failures into an {@link IOException} whose
 * cause is a {@link KmsException} with code {@code INTEGRITY}; I/O failures of the underlying
 * stream pass through unchanged. Once failed, it keeps failing. Closing it releases the DEK
 * material (zeroed if no one else holds it) and closes the underlying stream.
 *
 * <p>Not thread-safe, like any stream.
 */
public final class AuthenticatedInputStream extends InputStream {
    private final InputStream plaintext;
    private final SourceInputStream source;
    private final DekMaterial material;
    private IOException failure;
    private boolean closed;

    private AuthenticatedInputStream(InputStream plaintext, SourceInputStream source, DekMaterial material) {
        this.plaintext = plaintext;
        this.source = source;
        this.material = material;
    }

    /**
     * Opens Tink's decrypting stream over {@code ciphertext} (positioned after the envelope header).
     * Takes over the caller's reference to {@code material}.
     */
    public static InputStream open(DekMaterial material, InputStream ciphertext, byte[] payloadAad) {
        SourceInputStream source = new SourceInputStream(ciphertext);
        try {
            InputStream tink = material.streaming().newDecryptingStream(source, payloadAad);
            return new AuthenticatedInputStream(tink, source, material);
        } catch (Exception e) {
            material.release();
            throw Errors.internal("could not open the decrypting stream", e);
        }
    }

    /** The exception reported for an unauthentic, truncated or otherwise broken payload. */
    public static IOException integrityFailure(Throwable cause) {
        KmsException kms = Errors.integrity("payload failed authentication: it was altered, truncated or "
                + "encrypted under another context", cause);
        return new IOException(kms.getMessage(), kms);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IOException("stream is closed");
        }
        try {
            return plaintext.read(b, off, len);
        } catch (IOException e) {
            if (e == source.lastFailure()) {
                throw e;
            }
            failure = integrityFailure(e);
            throw failure;
        } catch (RuntimeException e) {
            failure = integrityFailure(e);
            throw failure;
        }
    }

    @Override
    public int available() throws IOException {
        return failure != null || closed ? 0 : plaintext.available();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            plaintext.close();
        } finally {
            material.release();
        }
    }
}
