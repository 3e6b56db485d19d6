package dev.kms4j.envelope.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes the caller's ciphertext stream to Tink and remembers the last I/O failure of that stream,
 * so that {@link AuthenticatedInputStream} can tell a real I/O error (rethrown unchanged) from
 * Tink's authentication and truncation failures (reported as INTEGRITY). Not thread-safe, like
 * the stream it wraps.
 */
final class SourceInputStream extends FilterInputStream {
    private IOException lastFailure;

    SourceInputStream(InputStream in) {
        super(in);
    }

    IOException lastFailure() {
        return lastFailure;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            lastFailure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            lastFailure = e;
            throw e;
        }
    }
}
