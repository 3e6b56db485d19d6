package dev.kms4j.envelope.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The plaintext side of an encrypting stream: forwards to Tink's encrypting stream and, on
 * {@link #close()}, writes the final segment (through Tink), closes the destination and releases
 * the DEK material. A stream that is never closed leaves a ciphertext without its final segment,
 * which decryption rejects as truncated. Not thread-safe, like any stream.
 */
public final class ReleasingOutputStream extends OutputStream {
    private final OutputStream ciphertext;
    private final DekMaterial material;
    private boolean closed;

    public ReleasingOutputStream(OutputStream ciphertext, DekMaterial material) {
        this.ciphertext = ciphertext;
        this.material = material;
    }

    @Override
    public void write(int b) throws IOException {
        ciphertext.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ciphertext.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        ciphertext.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ciphertext.close();
        } finally {
            material.release();
        }
    }
}
